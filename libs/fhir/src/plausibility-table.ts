/**
 * Physiological plausibility limits per LOINC code, in the code's canonical unit (LOINC_TABLE). A value outside
 * them cannot be a measurement of a living person (or of the device that reports it): it is a unit slip, a
 * sign error or a corrupted payload, and is refused on every route (422 naming the field and the range) before
 * it reaches the store or the twin. These are not reference intervals: a critical but real value must pass, so
 * each limit sits at or beyond the most extreme value published for a survivor or the reporting range of the
 * devices that measure it. `source` cites where each limit comes from.
 *
 * Keys are LOINC codes, or `system|code` for another code system (whose unit must then be the row's).
 * Codes without a row are checked only for a finite value; add a row with its source before relying on a code.
 * The meal (9059-7) and insulin bounds live with their rules (canonical-event-kind.util, insulin.util).
 */
import { PHYSICAL_ACTIVITY_LEVEL_CODE, SHUJI_TWIN_SYSTEM } from './activity-level.util';

export interface PlausibilityRange {
  /** The canonical UCUM unit of the code (LOINC_TABLE), in which min and max are given. */
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  readonly source: string;
}

const GLUCOSE_RECORD =
  'floor 0 (a concentration); ceiling above the highest blood glucose in a survivor, 2,656 mg/dL (147.6 mmol/L), ' +
  'Guinness World Records 2008 (M. P. Buonocore, DKA)';
const INR =
  'floor below the lowest INR a prothrombin time allows (about 0.8 in health, ISI-corrected ratios rarely below 0.5); ceiling above the INRs reported in warfarin or superwarfarin poisoning (above 20, e.g. Hirsh et al., Chest 2001;119:8S-21S, widened)';
const BLOOD_PRESSURE =
  'floor 0 (a pressure gauge reading); ceiling above the highest intra-arterial pressures measured in humans, 480/350 mmHg ' +
  'during a double-leg press (MacDougall et al., J Appl Physiol 1985;58(3):785-790)';
const LIPID =
  'floor 0; ceiling above reported extremes (total cholesterol > 1,000 mg/dL in homozygous familial hypercholesterolaemia, ' +
  'Cuchel et al., Eur Heart J 2014;35:2146-2157)';

export const PLAUSIBILITY_TABLE: Readonly<Record<string, PlausibilityRange>> = {
  // Glucose
  '2339-0': { unit: 'mg/dL', min: 0, max: 3000, source: GLUCOSE_RECORD },
  '2345-7': { unit: 'mg/dL', min: 0, max: 3000, source: GLUCOSE_RECORD },
  '41653-7': { unit: 'mg/dL', min: 0, max: 3000, source: `${GLUCOSE_RECORD}; meters report 10-600 mg/dL (e.g. Accu-Chek Guide, Roche instructions for use)` },
  '15074-8': { unit: 'mmol/L', min: 0, max: 166.5, source: `${GLUCOSE_RECORD}; 3,000 mg/dL / 18.0156` },
  '99504-3': {
    unit: 'mg/dL',
    min: 39,
    max: 600,
    source: 'the reporting range of the CGM sensor model of the UVA/Padova simulator, 39-600 mg/dL (Kovatchev et al., J Diabetes Sci Technol 2009;3(1):44-55; libs/models cgm-sensor-error); commercial CGMs report 40-400 (Dexcom G7) or 40-500 mg/dL (FreeStyle Libre 3)',
  },
  '4548-4': { unit: '%', min: 2, max: 25, source: 'wider than the reportable range of NGSP-certified HbA1c methods (about 4-20 %, NGSP, ngsp.org)' },
  // Vital signs
  '29463-7': {
    unit: 'kg',
    min: 0.2,
    max: 700,
    source: 'above the heaviest recorded human, 635 kg (J. B. Minnoch, Guinness World Records); below the lightest surviving newborn, 245 g (Tiniest Babies Registry, University of Iowa)',
  },
  '8302-2': { unit: 'cm', min: 15, max: 275, source: 'above the tallest recorded human, 272 cm (R. Wadlow, Guinness World Records); below the shortest surviving preterm newborns (about 20 cm)' },
  '39156-5': { unit: 'kg/m2', min: 5, max: 250, source: 'the weight and height limits above (635 kg at 185 cm is about 186 kg/m2)' },
  '8310-5': {
    unit: 'Cel',
    min: 10,
    max: 47,
    source: 'below the lowest core temperature survived, 13.7 Cel (Gilbert et al., Lancet 2000;355:375-376); above the highest, 46.5 Cel (W. Jones 1980, Guinness World Records)',
  },
  '8331-1': { unit: 'Cel', min: 10, max: 47, source: 'as body temperature 8310-5' },
  '8867-4': {
    unit: '/min',
    min: 0,
    max: 600,
    source: 'floor 0 (asystole); ceiling at the fastest human ventricular rate recorded, 600/min (Chhabra et al., Indian Pacing Electrophysiol J 2012;12(1):32-35)',
  },
  '9279-1': { unit: '/min', min: 0, max: 150, source: 'floor 0 (apnoea); ceiling well above neonatal tachypnoea (WHO IMCI counts fast breathing from 60/min in infants)' },
  '2708-6': { unit: '%', min: 0, max: 100, source: 'a saturation is a fraction of haemoglobin (0-100 %)' },
  '59408-5': { unit: '%', min: 0, max: 100, source: 'a saturation is a fraction of haemoglobin (0-100 %)' },
  '8480-6': { unit: 'mm[Hg]', min: 0, max: 500, source: BLOOD_PRESSURE },
  '8462-4': { unit: 'mm[Hg]', min: 0, max: 400, source: BLOOD_PRESSURE },
  // Coagulation
  '6301-6': { unit: '{INR}', min: 0.3, max: 30, source: INR },
  '34714-6': { unit: '{INR}', min: 0.3, max: 30, source: `${INR}; point-of-care meters read about 0.8-8 (e.g. CoaguChek XS instructions for use)` },
  // Lipids, kidney, electrolytes
  '2093-3': { unit: 'mg/dL', min: 0, max: 3000, source: LIPID },
  '18262-6': { unit: 'mg/dL', min: 0, max: 3000, source: LIPID },
  '2085-9': { unit: 'mg/dL', min: 0, max: 1000, source: 'floor 0; ceiling far above the highest HDL reported (about 200-300 mg/dL in CETP deficiency, Inazu et al., N Engl J Med 1990;323:1234-1238)' },
  '2571-8': { unit: 'mg/dL', min: 0, max: 50000, source: 'floor 0; ceiling above triglycerides reported in familial chylomicronaemia (beyond 10,000 mg/dL, Brahm & Hegele, Nat Rev Endocrinol 2015;11:352-362)' },
  '38483-4': { unit: 'mg/dL', min: 0, max: 50, source: 'floor 0; ceiling above creatinine in end-stage kidney failure (rarely above 20-30 mg/dL, Tietz Textbook of Clinical Chemistry, 6th ed.)' },
  '2160-0': { unit: 'mg/dL', min: 0, max: 50, source: 'as creatinine 38483-4' },
  '6299-2': { unit: 'mg/dL', min: 0, max: 400, source: 'floor 0; ceiling above urea nitrogen in uraemia (about 200-300 mg/dL, Tietz 6th ed.)' },
  '49765-1': { unit: 'mg/dL', min: 0, max: 40, source: 'floor 0; ceiling above calcium in hypercalcaemic crisis (about 20-25 mg/dL, Tietz 6th ed.)' },
  '2947-0': { unit: 'mmol/L', min: 80, max: 250, source: 'below the lowest (about 95 mmol/L) and above the highest (about 250 mmol/L) sodium reported in survivors (Adrogué & Madias, N Engl J Med 2000;342:1493-1499 and 1581-1589)' },
  '6298-4': { unit: 'mmol/L', min: 0.5, max: 15, source: 'below the lowest and above the highest potassium compatible with a heartbeat long enough to draw blood (Tietz 6th ed. critical values 2.5/6.5, widened)' },
  '2069-3': { unit: 'mmol/L', min: 40, max: 200, source: 'wider than chloride in extreme dysnatraemia (follows sodium; Tietz 6th ed.)' },
  '20565-8': { unit: 'mmol/L', min: 0, max: 80, source: 'floor 0; ceiling above total CO2 in compensated chronic hypercapnia (about 50-60 mmol/L, Tietz 6th ed.)' },
  '33914-3': { unit: 'mL/min/{1.73_m2}', min: 0, max: 300, source: 'floor 0; ceiling above glomerular hyperfiltration (about 150-200 mL/min/1.73 m2, Cachat et al., Clin J Am Soc Nephrol 2015;10:382-389)' },
  // Activity
  '55423-8': { unit: '{steps}', min: 0, max: 300000, source: 'floor 0; ceiling above two days of ultramarathon running (about 100,000 steps a day)' },
  '41950-7': { unit: '/d', min: 0, max: 200000, source: 'floor 0; ceiling above a day of ultramarathon running (about 100,000-150,000 steps)' },
  // Shuji's own codes (`system|code`; activity-level.util)
  [`${SHUJI_TWIN_SYSTEM}|${PHYSICAL_ACTIVITY_LEVEL_CODE}`]: {
    unit: '1',
    min: 1,
    max: 2.5,
    source:
      'floor 1 (total energy expenditure is at least the basal); ceiling above the highest PAL sustained over weeks, about 2.4 (FAO/WHO/UNU, Human energy requirements, Rome 2004, §4: sedentary 1.40-1.69, active 1.70-1.99, vigorous 2.00-2.40)',
  },
  '41981-2': { unit: 'kcal', min: 0, max: 20000, source: 'floor 0; ceiling above the highest daily energy expenditure measured, about 10,000-13,000 kcal (Tour de France and polar sledging, Westerterp, Front Physiol 2013;4:90)' },
};
