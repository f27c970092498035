/**
 * UVA/Padova T1D simulator, S2008 version, as a ModelSpec (13 states, minutes).
 *
 * Glucose subsystem, glucose-rate-of-appearance (gut) and insulin kinetics/action: Dalla Man C, Rizza RA,
 * Cobelli C. Meal simulation model of the glucose-insulin system. IEEE TBME 2007;54(10):1740-1749
 * (eqs. 1 glucose kinetics, 2-3 EGP, 10-13 gastric emptying and Ra, 14-17 utilisation, 20-22 insulin kinetics,
 * 27 renal excretion).
 * Type 1 adaptations (no secretion; subcutaneous insulin Isc1/Isc2 with kd, ka1, ka2; interstitial glucose
 * Gs with ksc): Dalla Man C, Raimondo DM, Rizza RA, Cobelli C. GIM, simulation software of meal glucose-insulin
 * model. J Diabetes Sci Technol 2007;1(3):323-330, and Kovatchev BP, Breton M, Dalla Man C, Cobelli C.
 * In silico preclinical trials: a proof of concept in closed-loop control of type 1 diabetes.
 * J Diabetes Sci Technol 2009;3(1):44-55.
 * State order and parameter names follow the open simglucose package (jxx123/simglucose, MIT): see
 * libs/models/data/uva-padova-2008/SOURCE.md.
 *
 * Non-negativity: every state but X is declared nonNegative, so the solver clips it at 0 after each step
 * (simglucose instead zeroes the derivatives of Gp, Gt, Ip, Il and Gs while negative; identical while positive).
 *
 * Inputs: CHO, the carbohydrate ingestion rate (mg/min); insulin, subcutaneous delivery (pmol/kg/min);
 * D, the meal amount (mg) the gastric emptying function uses, set by a time event when a meal starts.
 */
import { Loinc } from '@shuji/contracts';
import type { ModelSpec, ParameterSpec } from '../spec/model-spec';

/** Defaults: subject adult#001 of vpatient_params.csv. */
const parameters: readonly ParameterSpec[] = [
  { name: 'BW', unit: 'kg', default: 102.32, description: 'body weight' },
  { name: 'EGPb', unit: 'mg/kg/min', default: 2.2758, description: 'basal endogenous glucose production' },
  { name: 'Gb', unit: 'mg/dL', default: 138.56, description: 'basal plasma glucose' },
  { name: 'Ib', unit: 'pmol/L', default: 100.25, description: 'basal plasma insulin' },
  { name: 'kabs', unit: '1/min', default: 0.08906, description: 'intestinal absorption rate' },
  { name: 'kmax', unit: '1/min', default: 0.046122, description: 'maximum gastric emptying rate' },
  { name: 'kmin', unit: '1/min', default: 0.0037927, description: 'minimum gastric emptying rate' },
  { name: 'b', unit: '1', default: 0.70391, description: 'fraction of meal at which kempt falls to (kmax+kmin)/2 (decreasing)' },
  { name: 'd', unit: '1', default: 0.21057, description: 'fraction of meal at which kempt rises back to (kmax+kmin)/2' },
  { name: 'Vg', unit: 'dL/kg', default: 1.9152, description: 'glucose distribution volume' },
  { name: 'Vi', unit: 'L/kg', default: 0.054906, description: 'insulin distribution volume' },
  { name: 'Ipb', unit: 'pmol/kg', default: 5.5043265, description: 'basal plasma insulin mass' },
  { name: 'Vmx', unit: '(mg/kg/min)/(pmol/L)', default: 0.031319, description: 'insulin action on glucose utilisation' },
  { name: 'Km0', unit: 'mg/kg', default: 253.52, description: 'Michaelis constant of utilisation' },
  { name: 'k2', unit: '1/min', default: 0.087114, description: 'rate Gt → Gp' },
  { name: 'k1', unit: '1/min', default: 0.058138, description: 'rate Gp → Gt' },
  { name: 'p2u', unit: '1/min', default: 0.027802, description: 'rate of insulin action on utilisation' },
  { name: 'm1', unit: '1/min', default: 0.15446, description: 'liver → plasma insulin rate' },
  { name: 'm5', unit: 'min.kg/pmol', default: 0.027345, description: 'hepatic extraction slope (unused in T1D)' },
  { name: 'CL', unit: 'L/min', default: 1.2642, description: 'insulin clearance (unused in the equations)' },
  { name: 'HEb', unit: '1', default: 0.6, description: 'basal hepatic extraction' },
  { name: 'm2', unit: '1/min', default: 0.225027424083, description: 'plasma → liver insulin rate' },
  { name: 'm4', unit: '1/min', default: 0.090010969633, description: 'peripheral insulin degradation rate' },
  { name: 'm30', unit: '1/min', default: 0.23169, description: 'hepatic insulin degradation rate' },
  { name: 'Ilb', unit: 'pmol/kg', default: 3.20762505142, description: 'basal liver insulin' },
  { name: 'ki', unit: '1/min', default: 0.0046374, description: 'rate of delayed insulin action on EGP' },
  { name: 'kp2', unit: '1/min', default: 0.00469, description: 'liver glucose effectiveness' },
  { name: 'kp3', unit: '(mg/kg/min)/(pmol/L)', default: 0.01208, description: 'insulin action on EGP' },
  { name: 'f', unit: '1', default: 0.9, description: 'fraction of intestinal absorption appearing in plasma' },
  { name: 'Gpb', unit: 'mg/kg', default: 265.370112, description: 'basal plasma glucose mass' },
  { name: 'ke1', unit: '1/min', default: 0.0005, description: 'renal excretion rate' },
  { name: 'ke2', unit: 'mg/kg', default: 339.0, description: 'renal excretion threshold' },
  { name: 'Fsnc', unit: 'mg/kg/min', default: 1.0, description: 'insulin-independent utilisation' },
  { name: 'Gtb', unit: 'mg/kg', default: 162.457097269, description: 'basal tissue glucose' },
  { name: 'Vm0', unit: 'mg/kg/min', default: 3.2667306607, description: 'basal utilisation capacity' },
  { name: 'Rdb', unit: 'mg/kg/min', default: 2.2758, description: 'basal glucose disappearance' },
  { name: 'PCRb', unit: '1/min', default: 0.0164246535797, description: 'basal plasma clearance rate' },
  { name: 'kd', unit: '1/min', default: 0.0152, description: 'Isc1 → Isc2 rate' },
  { name: 'ksc', unit: '1/min', default: 0.0766, description: 'plasma → interstitial glucose rate' },
  { name: 'ka1', unit: '1/min', default: 0.0019, description: 'Isc1 → plasma absorption rate' },
  { name: 'ka2', unit: '1/min', default: 0.0078, description: 'Isc2 → plasma absorption rate' },
  { name: 'dosekempt', unit: 'mg', default: 90000.0, description: 'simulator meal-size constant (unused: D is set per meal)' },
  { name: 'u2ss', unit: 'pmol/kg/min', default: 1.2386244136, description: 'steady-state (basal) insulin delivery' },
  { name: 'isc1ss', unit: 'pmol/kg', default: 72.4341762342, description: 'steady-state Isc1' },
  { name: 'isc2ss', unit: 'pmol/kg', default: 141.153779328, description: 'steady-state Isc2' },
  { name: 'kp1', unit: 'mg/kg/min', default: 4.73140582528, description: 'extrapolated EGP at zero glucose and insulin' },
];

export const UVA_PADOVA_S2008_SPEC: ModelSpec = {
  id: 'uva-padova-s2008',
  name: 'UVA/Padova type 1 diabetes simulator (S2008)',
  version: '2008.1',
  timeUnit: 'min',
  citations: [
    {
      reference:
        'Dalla Man C, Rizza RA, Cobelli C. Meal simulation model of the glucose-insulin system. IEEE Trans Biomed Eng 2007;54(10):1740-1749.',
      doi: '10.1109/TBME.2007.893506',
      note: 'Glucose kinetics (eq. 1), EGP (eq. 2), gastric emptying and Ra (eqs. 10-13), utilisation (eqs. 14-17), insulin kinetics (eqs. 20-22), renal excretion (eq. 27).',
    },
    {
      reference:
        'Dalla Man C, Raimondo DM, Rizza RA, Cobelli C. GIM, simulation software of meal glucose-insulin model. J Diabetes Sci Technol 2007;1(3):323-330.',
      doi: '10.1177/193229680700100303',
      note: 'Subcutaneous insulin absorption (Isc1, Isc2) of the type 1 model.',
    },
    {
      reference:
        'Kovatchev BP, Breton M, Dalla Man C, Cobelli C. In silico preclinical trials: a proof of concept in closed-loop control of type 1 diabetes. J Diabetes Sci Technol 2009;3(1):44-55.',
      doi: '10.1177/193229680900300106',
      note: 'The S2008 T1D simulator: no insulin secretion, subcutaneous glucose Gs (ksc), 30 in-silico subjects.',
    },
  ],
  states: [
    { name: 'Qsto1', unit: 'mg', initial: 0, nonNegative: true, description: 'solid glucose in the stomach' },
    { name: 'Qsto2', unit: 'mg', initial: 0, nonNegative: true, description: 'liquid glucose in the stomach' },
    { name: 'Qgut', unit: 'mg', initial: 0, nonNegative: true, description: 'glucose in the intestine' },
    { name: 'Gp', unit: 'mg/kg', initial: 'Gpb', nonNegative: true, description: 'plasma glucose mass' },
    { name: 'Gt', unit: 'mg/kg', initial: 'Gtb', nonNegative: true, description: 'tissue glucose mass' },
    { name: 'Ip', unit: 'pmol/kg', initial: 'Ipb', nonNegative: true, description: 'plasma insulin mass' },
    { name: 'X', unit: 'pmol/L', initial: 0, description: 'insulin action on utilisation (remote insulin)' },
    { name: 'I1', unit: 'pmol/L', initial: 'Ib', nonNegative: true, description: 'delayed insulin, first compartment' },
    { name: 'Id', unit: 'pmol/L', initial: 'Ib', nonNegative: true, description: 'delayed insulin acting on EGP' },
    { name: 'Il', unit: 'pmol/kg', initial: 'Ilb', nonNegative: true, description: 'liver insulin mass' },
    { name: 'Isc1', unit: 'pmol/kg', initial: 'isc1ss', nonNegative: true, description: 'subcutaneous insulin, non-monomeric' },
    { name: 'Isc2', unit: 'pmol/kg', initial: 'isc2ss', nonNegative: true, description: 'subcutaneous insulin, monomeric' },
    { name: 'Gs', unit: 'mg/kg', initial: 'Gpb', nonNegative: true, description: 'subcutaneous (interstitial) glucose mass' },
  ],
  parameters,
  inputs: [
    { name: 'CHO', unit: 'mg/min', description: 'carbohydrate ingestion rate' },
    { name: 'insulin', unit: 'pmol/kg/min', description: 'subcutaneous insulin delivery (basal + bolus)' },
    { name: 'D', unit: 'mg', description: 'amount of the current meal for gastric emptying: stomach content at meal start + meal carbohydrate' },
  ],
  assignments: [
    { name: 'qsto', expression: 'Qsto1 + Qsto2', unit: 'mg' },
    // Dalla Man 2007 eq. 11; kempt = kmax before the first meal (D = 0)
    {
      name: 'kempt',
      unit: '1/min',
      expression:
        'D > 0 ? kmin + (kmax - kmin) / 2 * (tanh(5 / (2 * D * (1 - b)) * (qsto - b * D)) - tanh(5 / (2 * D * d) * (qsto - d * D)) + 2) : kmax',
    },
    { name: 'Ra', unit: 'mg/kg/min', expression: 'f * kabs * Qgut / BW' }, // eq. 13
    { name: 'EGP', unit: 'mg/kg/min', expression: 'kp1 - kp2 * Gp - kp3 * Id' }, // eq. 2, floored at 0 below
    { name: 'E', unit: 'mg/kg/min', expression: 'Gp > ke2 ? ke1 * (Gp - ke2) : 0' }, // eq. 27
    { name: 'Uid', unit: 'mg/kg/min', expression: '(Vm0 + Vmx * X) * Gt / (Km0 + Gt)' }, // eqs. 14-16 with Km = Km0
    { name: 'It', unit: 'pmol/L', expression: 'Ip / Vi' },
  ],
  equations: {
    Qsto1: 'CHO - kmax * Qsto1',
    Qsto2: 'kmax * Qsto1 - kempt * Qsto2',
    Qgut: 'kempt * Qsto2 - kabs * Qgut',
    Gp: 'max(EGP, 0) + Ra - Fsnc - E - k1 * Gp + k2 * Gt',
    Gt: '-Uid + k1 * Gp - k2 * Gt',
    Ip: '-(m2 + m4) * Ip + m1 * Il + ka1 * Isc1 + ka2 * Isc2',
    X: '-p2u * X + p2u * (It - Ib)',
    I1: '-ki * (I1 - It)',
    Id: '-ki * (Id - I1)',
    Il: '-(m1 + m30) * Il + m2 * Ip',
    Isc1: 'insulin - (ka1 + kd) * Isc1',
    Isc2: 'kd * Isc1 - ka2 * Isc2',
    Gs: '-ksc * Gs + ksc * Gp',
  },
  outputs: [
    { name: 'bg_mg_dl', expression: 'Gp / Vg', unit: 'mg/dL', loinc: Loinc.bloodGlucose.code, description: 'plasma (blood) glucose, Glucose [Mass/volume] in Blood' },
    {
      name: 'cgm_mg_dl',
      expression: 'Gs / Vg',
      unit: 'mg/dL',
      loinc: Loinc.cgmGlucose.code,
      description: 'interstitial glucose, noise-free CGM reading (Glucose [Mass/volume] in Interstitial fluid)',
    },
    { name: 'insulin_pmol_l', expression: 'Ip / Vi', unit: 'pmol/L', description: 'plasma insulin concentration' },
    { name: 'ra_mg_kg_min', expression: 'Ra', unit: 'mg/kg/min', description: 'glucose rate of appearance from the gut' },
    { name: 'egp_mg_kg_min', expression: 'max(EGP, 0)', unit: 'mg/kg/min', description: 'endogenous glucose production' },
  ],
};
