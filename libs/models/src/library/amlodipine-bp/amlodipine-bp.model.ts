/**
 * Amlodipine: two-compartment oral PK with first-order absorption (lag applied to the dose time by the
 * registration) and a direct concentration–effect model on systolic blood pressure.
 *
 * PK defaults come from the published summary pharmacokinetics, not from a population fit:
 *   F = 0.64 (absolute bioavailability after 10 mg i.v. vs oral: Faulkner et al., Br J Clin Pharmacol
 *   1986;22:21, as summarised by Abernethy, Am Heart J 1989;118:1100), terminal half-life 34 h after i.v.
 *   (Abernethy 1989), volume of distribution 21 L/kg (Meredith & Elliott, Clin Pharmacokinet 1992;22:22).
 *   CL = ln 2 · Vss / t½ = ln 2 · 21 L/kg · 70 kg / 34 h = 29.97 L/h.
 *   Those data describe one disposition phase, so the defaults put all of Vss in the central compartment
 *   (Vc = Vss, Q = 0): the two-compartment structure is there for a population fit to fill (Vc, Q, Vp).
 *   ka = 0.5 /h is chosen to put tmax at 6.7 h, inside the published 6–8 h (Meredith & Elliott 1992); it is
 *   a calibration, not an estimate.
 * PD: Donnelly R, Meredith PA, Miller SH, Howie CA, Elliott HL. Pharmacodynamic modeling of the
 *   antihypertensive response to amlodipine. Clin Pharmacol Ther 1993;54:303–310: placebo-corrected fall of
 *   erect systolic pressure proportional to plasma concentration, −3.1 ± 0.9 mmHg per ng/mL, with no
 *   hysteresis (direct effect). Written as an Emax model by its initial slope: ΔSBP = −Emax·C/(EC50 + C),
 *   Emax = slope·EC50; the default EC50 (10 000 ng/mL, far above the 2–20 ng/mL therapeutic range) keeps it
 *   linear as Donnelly found. SBP0 is the untreated pressure of the person (default 160 mmHg, to personalise).
 */
import type { ModelSpec } from '../../spec/model-spec';

export const AMLODIPINE_BP_MODEL: ModelSpec = {
  id: 'amlodipine-bp',
  name: 'Amlodipine oral PK (two-compartment) with direct effect on systolic blood pressure',
  version: '1.0.0',
  timeUnit: 'h',
  citations: [
    {
      reference:
        'Faulkner JK, McGibney D, Chasseaud LF, Perry JL, Taylor IW. The pharmacokinetics of amlodipine in healthy volunteers after single intravenous and oral doses and after 14 repeated oral doses given once daily. Br J Clin Pharmacol 1986;22(1):21-25.',
      doi: '10.1111/j.1365-2125.1986.tb02874.x',
      note: 'Primary i.v./oral study behind F = 0.64 and t½ ≈ 34 h.',
    },
    {
      reference: 'Abernethy DR. The pharmacokinetic profile of amlodipine. Am Heart J 1989;118(5 Pt 2):1100-1103.',
      doi: '10.1016/0002-8703(89)90834-x',
      note: 'Absolute bioavailability 64 %, i.v. elimination half-life 34 h.',
    },
    {
      reference: 'Meredith PA, Elliott HL. Clinical pharmacokinetics of amlodipine. Clin Pharmacokinet 1992;22(1):22-31.',
      doi: '10.2165/00003088-199222010-00003',
      note: 'Vd 21 L/kg; oral peak 6–8 h; terminal half-life 40–50 h; small peak–trough fluctuation at steady state.',
    },
    {
      reference:
        'Donnelly R, Meredith PA, Miller SH, Howie CA, Elliott HL. Pharmacodynamic modeling of the antihypertensive response to amlodipine. Clin Pharmacol Ther 1993;54(3):303-310.',
      doi: '10.1038/clpt.1993.151',
      note: 'Erect SBP responsiveness −3.1 ± 0.9 mmHg per ng/mL, direct (no hysteresis).',
    },
  ],
  states: [
    { name: 'depot', unit: 'ug', initial: 0, nonNegative: true, description: 'Absorbable amlodipine in the gut (dose × F)' },
    { name: 'central', unit: 'ug', initial: 0, nonNegative: true, description: 'Amlodipine, central compartment' },
    { name: 'peripheral', unit: 'ug', initial: 0, nonNegative: true, description: 'Amlodipine, peripheral compartment' },
    { name: 'eliminated', unit: 'ug', initial: 0, nonNegative: true, description: 'Cumulative amount eliminated (mass balance)' },
  ],
  parameters: [
    { name: 'F', unit: '1', default: 0.64, range: [0.4, 0.9], description: 'Oral bioavailability' },
    {
      name: 'CL',
      unit: 'L/h',
      default: 29.97,
      range: [5, 80],
      prior: { kind: 'lognormal', logMean: Math.log(29.97), logSd: 0.35 },
      description: 'Clearance, ln 2 · Vss / t½ from the i.v. data',
    },
    { name: 'Vc', unit: 'L', default: 1470, range: [50, 4000], description: 'Central volume (default: all of Vss = 21 L/kg × 70 kg)' },
    { name: 'Q', unit: 'L/h', default: 0, range: [0, 500], description: 'Inter-compartmental clearance (default 0: one disposition phase)' },
    { name: 'Vp', unit: 'L', default: 1, range: [1, 4000], description: 'Peripheral volume (inactive while Q = 0)' },
    { name: 'ka', unit: '/h', default: 0.5, range: [0.05, 3], description: 'Absorption rate constant (calibrated to tmax 6–8 h)' },
    { name: 'tlag', unit: 'h', default: 0, range: [0, 3], description: 'Absorption lag, applied to the dose time by the registration' },
    { name: 'slopeSBP', unit: 'mm[Hg]/(ng/mL)', default: 3.1, range: [0.5, 8], description: 'Fall of SBP per ng/mL (Donnelly 1993)' },
    { name: 'EC50', unit: 'ng/mL', default: 10000, range: [1, 1e5], description: 'Concentration of half-maximal effect (default: linear range)' },
    { name: 'SBP0', unit: 'mm[Hg]', default: 160, range: [90, 220], description: 'Untreated systolic pressure of the person' },
  ],
  assignments: [
    { name: 'C', expression: 'central / Vc', unit: 'ng/mL', description: 'Plasma concentration (µg/L = ng/mL)' },
    { name: 'Emax', expression: 'slopeSBP * EC50', unit: 'mm[Hg]' },
    { name: 'dSBP', expression: '-Emax * C / (EC50 + C)', unit: 'mm[Hg]', description: 'Drug effect on SBP' },
  ],
  equations: {
    depot: '-ka * depot',
    central: 'ka * depot - (CL + Q) / Vc * central + Q / Vp * peripheral',
    peripheral: 'Q / Vc * central - Q / Vp * peripheral',
    eliminated: 'CL / Vc * central',
  },
  outputs: [
    { name: 'amlodipine', expression: 'C', unit: 'ng/mL', description: 'Amlodipine plasma concentration' },
    { name: 'systolicBP', expression: 'SBP0 + dSBP', unit: 'mm[Hg]', loinc: '8480-6', description: 'Systolic blood pressure' },
    { name: 'sbpChange', expression: 'dSBP', unit: 'mm[Hg]' },
  ],
};
