import { Loinc } from '@shuji/contracts';
import type { Modality } from './canonical-observation';

/**
 * The LOINC codes Shuji knows (LOINC 2.80, Regenstrief Institute, https://loinc.org), each with the canonical
 * UCUM unit every value is converted to on ingest, and the molar mass (g/mol) where mass ↔ molar conversion is
 * clinically routine. Codes not listed pass through with the unit they came with.
 */
export interface LoincEntry {
  readonly display: string;
  /** Canonical UCUM unit; undefined for panels and coded answers. */
  readonly unit?: string;
  readonly modality: Modality;
  /** The code alone fixes the modality (a CGM reading is `cgm` whatever its category says). */
  readonly modalityFromCode?: boolean;
  readonly molarMass?: number;
  /** Panel whose value lives only in its components (R4 Observation.component). */
  readonly panel?: boolean;
  /** Other unit spellings accepted as the canonical unit, with the reason. */
  readonly unitSynonyms?: readonly string[];
}

// Molar masses: glucose C6H12O6 180.156; cholesterol C27H46O 386.65; triglycerides as triolein 885.7 (the
// convention behind the 88.57 mg/dL per mmol/L factor); creatinine 113.12; urea nitrogen 2×N = 28.014 (BUN);
// calcium 40.078. IUPAC standard atomic weights.
const GLUCOSE = 180.156;
const CHOLESTEROL = 386.65;

export const LOINC_TABLE: Readonly<Record<string, LoincEntry>> = {
  // Glucose
  [Loinc.bloodGlucose.code]: { display: 'Glucose [Mass/volume] in Blood', unit: Loinc.bloodGlucose.unit, modality: 'lab', molarMass: GLUCOSE },
  [Loinc.serumGlucose.code]: { display: 'Glucose [Mass/volume] in Serum or Plasma', unit: Loinc.serumGlucose.unit, modality: 'lab', molarMass: GLUCOSE },
  [Loinc.capillaryGlucose.code]: { display: 'Glucose [Mass/volume] in Capillary blood by Glucometer', unit: Loinc.capillaryGlucose.unit, modality: 'lab', molarMass: GLUCOSE },
  '15074-8': { display: 'Glucose [Moles/volume] in Blood', unit: 'mmol/L', modality: 'lab', molarMass: GLUCOSE },
  [Loinc.cgmGlucose.code]: { display: 'Glucose [Mass/volume] in Interstitial fluid', unit: Loinc.cgmGlucose.unit, modality: 'cgm', modalityFromCode: true, molarMass: GLUCOSE },
  [Loinc.hba1c.code]: { display: 'Hemoglobin A1c/Hemoglobin.total in Blood', unit: Loinc.hba1c.unit, modality: 'lab' },
  // Vital signs (the R4 vital-signs profile codes)
  [Loinc.bodyWeight.code]: { display: 'Body weight', unit: Loinc.bodyWeight.unit, modality: 'vital' },
  [Loinc.bodyHeight.code]: { display: 'Body height', unit: Loinc.bodyHeight.unit, modality: 'vital' },
  [Loinc.bmi.code]: { display: 'Body mass index (BMI) [Ratio]', unit: Loinc.bmi.unit, modality: 'vital' },
  '8310-5': { display: 'Body temperature', unit: 'Cel', modality: 'vital' },
  '8331-1': { display: 'Oral temperature', unit: 'Cel', modality: 'vital' },
  [Loinc.heartRate.code]: { display: 'Heart rate', unit: Loinc.heartRate.unit, modality: 'vital' },
  '9279-1': { display: 'Respiratory rate', unit: '/min', modality: 'vital' },
  '2708-6': { display: 'Oxygen saturation in Arterial blood', unit: '%', modality: 'vital' },
  '59408-5': { display: 'Oxygen saturation in Arterial blood by Pulse oximetry', unit: '%', modality: 'vital' },
  [Loinc.systolicBp.code]: { display: 'Systolic blood pressure', unit: Loinc.systolicBp.unit, modality: 'vital' },
  [Loinc.diastolicBp.code]: { display: 'Diastolic blood pressure', unit: Loinc.diastolicBp.unit, modality: 'vital' },
  '85354-9': { display: 'Blood pressure panel with all children optional', modality: 'vital', panel: true },
  '55284-4': { display: 'Blood pressure systolic and diastolic', modality: 'vital', panel: true },
  // Coagulation (warfarin monitoring): the INR is a ratio; UCUM's annotation {INR} is its unit
  [Loinc.inr.code]: { display: 'INR in Platelet poor plasma by Coagulation assay', unit: Loinc.inr.unit, modality: 'lab' },
  [Loinc.inrPointOfCare.code]: { display: 'INR in Blood by Coagulation assay', unit: Loinc.inrPointOfCare.unit, modality: 'lab' },
  // Lipids, kidney, electrolytes
  '2093-3': { display: 'Cholesterol [Mass/volume] in Serum or Plasma', unit: 'mg/dL', modality: 'lab', molarMass: CHOLESTEROL },
  '18262-6': { display: 'Cholesterol in LDL [Mass/volume] in Serum or Plasma by Direct assay', unit: 'mg/dL', modality: 'lab', molarMass: CHOLESTEROL },
  '2085-9': { display: 'Cholesterol in HDL [Mass/volume] in Serum or Plasma', unit: 'mg/dL', modality: 'lab', molarMass: CHOLESTEROL },
  '2571-8': { display: 'Triglyceride [Mass/volume] in Serum or Plasma', unit: 'mg/dL', modality: 'lab', molarMass: 885.7 },
  '38483-4': { display: 'Creatinine [Mass/volume] in Blood', unit: 'mg/dL', modality: 'lab', molarMass: 113.12 },
  '2160-0': { display: 'Creatinine [Mass/volume] in Serum or Plasma', unit: 'mg/dL', modality: 'lab', molarMass: 113.12 },
  '6299-2': { display: 'Urea nitrogen [Mass/volume] in Blood', unit: 'mg/dL', modality: 'lab', molarMass: 28.014 },
  '49765-1': { display: 'Calcium [Mass/volume] in Blood', unit: 'mg/dL', modality: 'lab', molarMass: 40.078 },
  '2947-0': { display: 'Sodium [Moles/volume] in Blood', unit: 'mmol/L', modality: 'lab' },
  '6298-4': { display: 'Potassium [Moles/volume] in Blood', unit: 'mmol/L', modality: 'lab' },
  '2069-3': { display: 'Chloride [Moles/volume] in Blood', unit: 'mmol/L', modality: 'lab' },
  '20565-8': { display: 'Carbon dioxide, total [Moles/volume] in Blood', unit: 'mmol/L', modality: 'lab' },
  // The code's property is already "per 1.73 m²"; Synthea writes the bare mL/min for it.
  '33914-3': { display: 'Glomerular filtration rate/1.73 sq M.predicted (MDRD)', unit: 'mL/min/{1.73_m2}', modality: 'lab', unitSynonyms: ['mL/min'] },
  // Activity and intake (wearables, meal logs)
  '55423-8': { display: 'Number of steps in unspecified time Pedometer', unit: '{steps}', modality: 'activity', modalityFromCode: true },
  '41950-7': { display: 'Number of steps in 24 hour Measured', unit: '/d', modality: 'activity', modalityFromCode: true },
  '41981-2': { display: 'Calories burned', unit: 'kcal', modality: 'activity', modalityFromCode: true },
  [Loinc.carbohydrateIntake.code]: { display: 'Carbohydrate intake Estimated', unit: Loinc.carbohydrateIntake.unit, modality: 'meal', modalityFromCode: true },
};

/** Blood-pressure panels split into systolic 8480-6 and diastolic 8462-4 components. */
export const BLOOD_PRESSURE_PANELS: ReadonlySet<string> = new Set(['85354-9', '55284-4']);
