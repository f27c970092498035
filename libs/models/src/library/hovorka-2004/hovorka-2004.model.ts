/**
 * Hovorka (Cambridge) model of glucose–insulin in type 1 diabetes.
 *
 * Hovorka R, Canonico V, Chassin LJ, et al. Nonlinear model predictive control of glucose concentration in
 * subjects with type 1 diabetes. Physiol Meas 2004;25(4):905–920.
 *   glucose subsystem      Eqs. (1)–(5): Q1, Q2, F01c (insulin-independent flux, reduced below 4.5 mmol/L),
 *                          FR (renal clearance above 9 mmol/L), EGP0·(1 − x3)
 *   insulin action         Eqs. (6)–(8): x1 (transport), x2 (disposal), x3 (EGP), kbi = SIi·kai
 *   s.c. insulin           Eqs. (9)–(11): two-compartment absorption chain S1 → S2 with time-to-peak tmaxI
 *   gut absorption         Eqs. (12)–(13): two-compartment chain D1 → D2 with time-to-peak tmaxG, bioavailability AG
 * Parameters: Table 1 of the 2004 paper (per kg values scaled by body weight BW). The s.c. absorption is the
 * 2004 linear chain; Wilinska et al. 2010 (J Diabetes Sci Technol 4:132) refine it to a slow/fast split,
 * not implemented here.
 *
 * Basal initial state: with basal infusion ub the insulin states are at steady state (S1 = S2 = ub·tmaxI,
 * I = ub/(ke·VI)), and, for 4.5 ≤ G ≤ 9 mmol/L, Eqs. (1)–(2) at equilibrium give the closed form
 *   Q1 = (EGP0·(1 − x3) − F01)·(k12 + x2) / (x1·x2),  Q2 = x1·Q1 / (k12 + x2).
 */
import { Loinc } from '@shuji/contracts';
import { lognormalParameter } from '../../spec/lognormal-parameter';
import type { ModelSpec } from '../../spec/model-spec';

// Steady-state plasma insulin of the basal infusion, inlined into the initial-value expressions.
const IB = '(ub / (ke * VI * BW))';
const X1B = `(SIT * ${IB})`;
const X2B = `(SID * ${IB})`;
const X3B = `(SIE * ${IB})`;
const Q1B = `((EGP0 * (1 - ${X3B}) - F01) * BW * (k12 + ${X2B}) / (${X1B} * ${X2B}))`;

export const HOVORKA_2004_MODEL: ModelSpec = {
  id: 'hovorka-2004',
  name: 'Hovorka 2004 (Cambridge) glucose–insulin model, type 1 diabetes',
  version: '1.0.0',
  timeUnit: 'min',
  citations: [
    {
      reference:
        'Hovorka R, Canonico V, Chassin LJ, Haueter U, Massi-Benedetti M, Orsini Federici M, Pieber TR, Schaller HC, Schaupp L, Vering T, Wilinska ME. Nonlinear model predictive control of glucose concentration in subjects with type 1 diabetes. Physiol Meas 2004;25(4):905-920.',
      doi: '10.1088/0967-3334/25/4/010',
      note: 'Model equations (1)–(13); parameter values Table 1.',
    },
    {
      reference:
        'Wilinska ME, Chassin LJ, Acerini CL, Allen JM, Dunger DB, Hovorka R. Simulation environment to evaluate closed-loop insulin delivery systems in type 1 diabetes. J Diabetes Sci Technol 2010;4(1):132-144.',
      doi: '10.1177/193229681000400117',
      note: 'Refined s.c. insulin absorption (not implemented; the 2004 two-compartment chain is used).',
    },
  ],
  states: [
    { name: 'Q1', unit: 'mmol', initial: Q1B, nonNegative: true, description: 'Glucose mass, accessible (plasma) compartment' },
    { name: 'Q2', unit: 'mmol', initial: `(${X1B} * ${Q1B} / (k12 + ${X2B}))`, nonNegative: true, description: 'Glucose mass, non-accessible compartment' },
    { name: 'S1', unit: 'mU', initial: 'ub * tmaxI', nonNegative: true, description: 's.c. insulin, first absorption compartment' },
    { name: 'S2', unit: 'mU', initial: 'ub * tmaxI', nonNegative: true, description: 's.c. insulin, second absorption compartment' },
    { name: 'I', unit: 'mU/L', initial: IB, nonNegative: true, description: 'Plasma insulin concentration' },
    { name: 'x1', unit: '/min', initial: X1B, description: 'Insulin action on glucose distribution/transport' },
    { name: 'x2', unit: '/min', initial: X2B, description: 'Insulin action on glucose disposal' },
    { name: 'x3', unit: '1', initial: X3B, description: 'Insulin action on endogenous glucose production' },
    { name: 'D1', unit: 'mmol', initial: 0, nonNegative: true, description: 'Ingested glucose, first gut compartment' },
    { name: 'D2', unit: 'mmol', initial: 0, nonNegative: true, description: 'Ingested glucose, second gut compartment' },
  ],
  parameters: [
    { name: 'BW', unit: 'kg', default: 70, range: [30, 150], description: 'Body weight' },
    {
      name: 'ub',
      unit: 'mU/min',
      default: 6.68,
      range: [0, 40],
      description:
        'Basal s.c. insulin infusion, delivered throughout and defining the initial steady state (6.68 mU/min ≈ 0.4 U/h gives G ≈ 5 mmol/L at Table 1 values)',
    },
    { name: 'k12', unit: '/min', default: 0.066, range: [0.02, 0.2], description: 'Transfer rate Q2 → Q1' },
    { name: 'ka1', unit: '/min', default: 0.006, range: [0.001, 0.03], description: 'Deactivation rate, x1' },
    { name: 'ka2', unit: '/min', default: 0.06, range: [0.01, 0.3], description: 'Deactivation rate, x2' },
    { name: 'ka3', unit: '/min', default: 0.03, range: [0.005, 0.15], description: 'Deactivation rate, x3' },
    lognormalParameter({ name: 'SIT', unit: '/min/(mU/L)', default: 51.2e-4, range: [5e-4, 2e-2], description: 'Insulin sensitivity of distribution/transport' }, 0.5),
    lognormalParameter({ name: 'SID', unit: '/min/(mU/L)', default: 8.2e-4, range: [1e-4, 4e-3], description: 'Insulin sensitivity of disposal' }, 0.5),
    lognormalParameter({ name: 'SIE', unit: 'L/mU', default: 520e-4, range: [5e-3, 0.2], description: 'Insulin sensitivity of endogenous glucose production' }, 0.5),
    { name: 'ke', unit: '/min', default: 0.138, range: [0.05, 0.3], description: 'Insulin elimination from plasma' },
    { name: 'VI', unit: 'L/kg', default: 0.12, range: [0.05, 0.25], description: 'Insulin distribution volume' },
    { name: 'VG', unit: 'L/kg', default: 0.16, range: [0.1, 0.25], description: 'Glucose distribution volume' },
    { name: 'F01', unit: 'mmol/kg/min', default: 0.0097, range: [0.004, 0.02], description: 'Insulin-independent glucose flux (non-CNS at G ≥ 4.5)' },
    { name: 'EGP0', unit: 'mmol/kg/min', default: 0.0161, range: [0.008, 0.03], description: 'EGP extrapolated to zero insulin' },
    { name: 'tmaxG', unit: 'min', default: 40, range: [20, 120], description: 'Time-to-maximum of carbohydrate absorption' },
    { name: 'tmaxI', unit: 'min', default: 55, range: [25, 120], description: 'Time-to-maximum of s.c. short-acting insulin absorption' },
    { name: 'AG', unit: '1', default: 0.8, range: [0.5, 1], description: 'Carbohydrate bioavailability' },
  ],
  inputs: [
    {
      name: 'insulinInfusion',
      unit: 'mU/min',
      description: 's.c. delivery on top of the basal rate ub (a controller adjustment; −ub suspends the pump)',
    },
    { name: 'mealRate', unit: 'mmol/min', description: 'Carbohydrate ingestion rate (as glucose)' },
  ],
  assignments: [
    { name: 'G', expression: 'Q1 / (VG * BW)', unit: 'mmol/L', description: 'Plasma glucose concentration' },
    { name: 'F01c', expression: 'G >= 4.5 ? F01 * BW : F01 * BW * G / 4.5', unit: 'mmol/min', description: 'Eq. (3)' },
    { name: 'FR', expression: 'G >= 9 ? 0.003 * (G - 9) * VG * BW : 0', unit: 'mmol/min', description: 'Renal clearance, Eq. (4)' },
    { name: 'UG', expression: 'D2 / tmaxG', unit: 'mmol/min', description: 'Gut glucose absorption rate, Eq. (13)' },
    { name: 'UI', expression: 'S2 / tmaxI', unit: 'mU/min', description: 'Insulin absorption rate into plasma, Eq. (11)' },
  ],
  equations: {
    Q1: '-F01c - x1 * Q1 + k12 * Q2 - FR + UG + EGP0 * BW * (1 - x3)',
    Q2: 'x1 * Q1 - (k12 + x2) * Q2',
    S1: 'max(ub + insulinInfusion, 0) - S1 / tmaxI',
    S2: 'S1 / tmaxI - S2 / tmaxI',
    I: 'UI / (VI * BW) - ke * I',
    x1: '-ka1 * x1 + ka1 * SIT * I',
    x2: '-ka2 * x2 + ka2 * SID * I',
    x3: '-ka3 * x3 + ka3 * SIE * I',
    D1: 'AG * mealRate - D1 / tmaxG',
    D2: 'D1 / tmaxG - D2 / tmaxG',
  },
  outputs: [
    { name: 'glucose', expression: 'G', unit: 'mmol/L', loinc: Loinc.serumGlucoseMolar.code, description: 'Glucose [Moles/volume] in Serum or Plasma' },
    { name: 'insulin', expression: 'I', unit: 'mU/L', loinc: Loinc.serumInsulin.code, description: 'Insulin [Units/volume] in Serum or Plasma' },
    { name: 'gutAbsorption', expression: 'UG', unit: 'mmol/min' },
    { name: 'insulinAbsorption', expression: 'UI', unit: 'mU/min' },
  ],
};
