/**
 * Amlodipine: one-compartment oral population PK with first-order absorption and a direct (no hysteresis:
 * Donnelly R et al., Clin Pharmacol Ther 1993;54:303) Emax effect on systolic and diastolic pressure that scales
 * with the person's pre-treatment pressure. Every number comes from `antihypertensive-pkpd.ts` (the PK of Flynn
 * et al., J Clin Pharmacol 2006;46:905, scaled to 70 kg; the PD calibrated to Law et al., BMJ 2003;326:1427):
 * the typical person falls 8.8/5.9 mmHg on 5 mg/day from 154/97 mmHg, 10.3/6.9 on 10 mg, more from higher pressure.
 * Parameters are apparent (CL/F, V/F): a dose of D mg puts 1000·D µg into the depot.
 */
import { Loinc } from '@shuji/contracts';
import type { ModelSpec } from '../../spec/model-spec';
import { AMLODIPINE, ec50Of, emaxOf, LAW_REFERENCE_BP, LAW_ZERO_EFFECT_BP } from './antihypertensive-pkpd';

const scale = (which: 'sbp' | 'dbp', p: string): string =>
  `max(0, (${p} - ${LAW_ZERO_EFFECT_BP[which]}) / ${LAW_REFERENCE_BP[which] - LAW_ZERO_EFFECT_BP[which]})`;

export const AMLODIPINE_BP_MODEL: ModelSpec = {
  id: 'amlodipine-bp',
  name: 'Amlodipine oral population PK (one-compartment) with a baseline-dependent Emax effect on blood pressure',
  version: '2.0.0',
  timeUnit: 'h',
  citations: [
    {
      reference:
        'Flynn JT, Nahata MC, Mahan JD, Portman RJ; PATH-2 Investigators. Population pharmacokinetics of amlodipine in hypertensive children and adolescents. J Clin Pharmacol 2006;46(8):905-916.',
      doi: '10.1177/0091270006289844',
      note: 'One-compartment, first-order absorption; CL/F 23.7 L/h (45-kg male), V/F 25.1 L/kg; scaled here to 70 kg (CL ∝ W^0.75).',
    },
    {
      reference: 'Meredith PA, Elliott HL. Clinical pharmacokinetics of amlodipine. Clin Pharmacokinet 1992;22(1):22-31.',
      doi: '10.2165/00003088-199222010-00003',
      note: 'Oral peak 6–8 h (ka = 0.5 /h puts it at 6.7 h); terminal half-life 40–50 h (the model’s 36.9 h is inside the 35–50 h of the Swiss product information).',
    },
    {
      reference:
        'Law MR, Wald NJ, Morris JK, Jordan RE. Value of low dose combination treatment with blood pressure lowering drugs: analysis of 354 randomised trials. BMJ 2003;326:1427-1434.',
      doi: '10.1136/bmj.326.7404.1427',
      note: 'Calcium-channel blockers at standard dose −8.8/−5.9 mmHg from 154/97; half dose 20 % less; +1.0/+1.1 mmHg per 10 mmHg higher pre-treatment pressure.',
    },
    {
      reference:
        'Donnelly R, Meredith PA, Miller SH, Howie CA, Elliott HL. Pharmacodynamic modeling of the antihypertensive response to amlodipine. Clin Pharmacol Ther 1993;54(3):303-310.',
      doi: '10.1038/clpt.1993.151',
      note: 'Direct concentration–effect relation (no hysteresis).',
    },
  ],
  states: [
    { name: 'depot', unit: 'ug', initial: 0, nonNegative: true, description: 'Amlodipine in the gut (apparent: dose × 1000)' },
    { name: 'central', unit: 'ug', initial: 0, nonNegative: true, description: 'Amlodipine in the body (apparent)' },
    { name: 'eliminated', unit: 'ug', initial: 0, nonNegative: true, description: 'Cumulative amount eliminated (mass balance)' },
  ],
  parameters: [
    {
      name: 'CL',
      unit: 'L/h',
      default: AMLODIPINE.clL_h,
      range: [5, 150],
      prior: { kind: 'lognormal', logMean: Math.log(AMLODIPINE.clL_h), logSd: AMLODIPINE.clLogSd },
      description: 'Apparent clearance CL/F (Flynn 2006, 70 kg)',
    },
    { name: 'V', unit: 'L', default: AMLODIPINE.vL, range: [300, 6000], description: 'Apparent volume V/F (Flynn 2006: 25.1 L/kg × 70 kg)' },
    { name: 'ka', unit: '/h', default: AMLODIPINE.kaPerH, range: [0.05, 3], description: 'Absorption rate constant (tmax 6.7 h)' },
    { name: 'EC50', unit: 'ng/mL', default: ec50Of(AMLODIPINE), range: [0.1, 100], description: 'Half-effect concentration (ED50 0.389 standard doses, Law 2003)' },
    { name: 'EmaxSBP', unit: 'mm[Hg]', default: emaxOf(AMLODIPINE, 'sbp'), range: [1, 60], description: 'Maximal fall of SBP from 154 mmHg' },
    { name: 'EmaxDBP', unit: 'mm[Hg]', default: emaxOf(AMLODIPINE, 'dbp'), range: [1, 40], description: 'Maximal fall of DBP from 97 mmHg' },
    {
      name: 'sensitivity',
      unit: '1',
      default: 1,
      range: [0.05, 10],
      prior: { kind: 'lognormal', logMean: 0, logSd: AMLODIPINE.sensitivityLogSd },
      description: 'Personal response relative to the typical (1)',
    },
    { name: 'SBP0', unit: 'mm[Hg]', default: LAW_REFERENCE_BP.sbp, range: [90, 220], description: 'Untreated systolic pressure of the person' },
    { name: 'DBP0', unit: 'mm[Hg]', default: LAW_REFERENCE_BP.dbp, range: [50, 130], description: 'Untreated diastolic pressure of the person' },
  ],
  assignments: [
    { name: 'C', expression: 'central / V', unit: 'ng/mL', description: 'Plasma concentration (µg/L = ng/mL)' },
    { name: 'occupancy', expression: 'C / (EC50 + C)', unit: '1' },
    { name: 'dSBP', expression: `-EmaxSBP * sensitivity * ${scale('sbp', 'SBP0')} * occupancy`, unit: 'mm[Hg]', description: 'Drug effect on SBP' },
    { name: 'dDBP', expression: `-EmaxDBP * sensitivity * ${scale('dbp', 'DBP0')} * occupancy`, unit: 'mm[Hg]', description: 'Drug effect on DBP' },
  ],
  equations: {
    depot: '-ka * depot',
    central: 'ka * depot - CL / V * central',
    eliminated: 'CL / V * central',
  },
  outputs: [
    { name: 'amlodipine', expression: 'C', unit: 'ng/mL', description: 'Amlodipine plasma concentration' },
    { name: 'systolicBP', expression: 'SBP0 + dSBP', unit: 'mm[Hg]', loinc: Loinc.systolicBp.code, description: 'Systolic blood pressure' },
    { name: 'diastolicBP', expression: 'DBP0 + dDBP', unit: 'mm[Hg]', loinc: Loinc.diastolicBp.code, description: 'Diastolic blood pressure' },
    { name: 'sbpChange', expression: 'dSBP', unit: 'mm[Hg]' },
  ],
};

