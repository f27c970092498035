/**
 * The blood-pressure part of a health-management plan: the target below 130/80 mmHg (Whelton et al. 2017 ACC/AHA),
 * where the person stands by the mean of their own readings of the last 14 days, and a few candidate actions on
 * amlodipine, each a what-if arm the plan engine simulates before showing it:
 *  - the prescribed dose every day, when the log shows days without a recorded dose (adherence; Vrijens B et al.,
 *    BMJ 2008;336:1114–1117: one scheduled dose in ten omitted is common);
 *  - above target on amlodipine below 10 mg: the next step of the label's titration (2.5 → 5 → 10 mg once a day,
 *    Norvasc prescribing information), for the clinician to decide;
 *  - above target and not on amlodipine: 5 mg once a day, the label's usual start (a calcium-channel blocker is a
 *    first-line drug, Whelton 2017), for the clinician to decide.
 */
import type { PlanSuggestion, PlanTarget, WhatIfChange } from '../what-if-plugin';
import { AMLODIPINE_MAX_MG_PER_DAY } from '../../cds/order-cards';
import { BP_TARGET, BP_TARGET_SOURCE } from './bp-outcomes';

/** Amlodipine's label titration: 2.5 → 5 → 10 mg once a day, 10 mg the maximum (Norvasc prescribing information). */
export const AMLODIPINE_STEPS_MG = [2.5, 5, 10] as const;
const LABEL = 'Norvasc (amlodipine) prescribing information, Pfizer: 5 mg once daily to start, at most 10 mg';

export interface BpPlanInput {
  /** Mean systolic and diastolic readings of the last 14 days, null without any, and how many. */
  readonly meanSbp: number | null;
  readonly meanDbp: number | null;
  readonly readings: number;
  /** Amlodipine now, by the log: mg per day, and the days of the window with a recorded dose out of its days. */
  readonly amlodipineMgPerDay: number;
  readonly daysWithDose: number;
  readonly days: number;
}

const change = (id: string, mgPerDay: number, adherence: number | null): WhatIfChange => ({
  kind: 'amlodipine',
  field: `suggestions.${id}.changes[0]`,
  value: { mgPerDay, adherence },
});

export function bpPlanTargets(input: BpPlanInput): PlanTarget[] {
  const source = input.readings === 0 ? 'no blood-pressure reading in the last 14 days' : `mean of ${input.readings} readings, last 14 days`;
  return [
    { id: 'systolic-below-130', title: 'Systolic blood pressure below 130 mmHg', outcome: 'mean_sbp', unit: 'mm[Hg]', low: null, high: BP_TARGET.sbp, current: input.meanSbp, currentSource: source, source: BP_TARGET_SOURCE },
    { id: 'diastolic-below-80', title: 'Diastolic blood pressure below 80 mmHg', outcome: 'mean_dbp', unit: 'mm[Hg]', low: null, high: BP_TARGET.dbp, current: input.meanDbp, currentSource: source, source: BP_TARGET_SOURCE },
  ];
}

export function bpPlanSuggestions(input: BpPlanInput): PlanSuggestion[] {
  const out: PlanSuggestion[] = [];
  const dose = input.amlodipineMgPerDay;
  const missed = input.days - input.daysWithDose;
  if (dose > 0 && missed > 0) {
    const mg = AMLODIPINE_STEPS_MG.find((s) => s >= dose - 1e-9) ?? AMLODIPINE_MAX_MG_PER_DAY;
    out.push({
      id: 'amlodipine-every-day',
      title: 'Take amlodipine every day',
      detail: `Your log shows no amlodipine on ${missed} of the last ${input.days} days. Taking ${mg} mg every day, at the same time, keeps its level and its effect on your blood pressure steady.`,
      changes: [change('amlodipine-every-day', mg, 1)],
      outcome: 'mean_sbp',
      better: 'lower',
      source: 'Vrijens B et al., BMJ 2008;336:1114–1117 (missed antihypertensive doses); ' + LABEL,
    });
  }
  const above = input.meanSbp !== null && input.meanDbp !== null && (input.meanSbp >= BP_TARGET.sbp || input.meanDbp >= BP_TARGET.dbp);
  if (above && dose > 0 && dose < AMLODIPINE_MAX_MG_PER_DAY) {
    const next = AMLODIPINE_STEPS_MG.find((s) => s > dose + 1e-9) ?? AMLODIPINE_MAX_MG_PER_DAY;
    out.push({
      id: 'amlodipine-next-step',
      title: `Ask your clinician about amlodipine ${next} mg a day`,
      detail: `Your blood pressure averaged ${Math.round(input.meanSbp!)}/${Math.round(input.meanDbp!)} mmHg over the last 14 days, above 130/80. The next step of amlodipine is ${next} mg once a day. For your clinician to decide: do not change your dose on your own.`,
      changes: [change('amlodipine-next-step', next, null)],
      outcome: 'mean_sbp',
      better: 'lower',
      source: `${BP_TARGET_SOURCE}; ${LABEL}`,
    });
  }
  if (above && dose === 0) {
    out.push({
      id: 'amlodipine-start',
      title: 'Ask your clinician about starting amlodipine 5 mg a day',
      detail: `Your blood pressure averaged ${Math.round(input.meanSbp!)}/${Math.round(input.meanDbp!)} mmHg over the last 14 days, above 130/80. Amlodipine, a first-line drug, usually starts at 5 mg once a day. For your clinician to decide.`,
      changes: [change('amlodipine-start', 5, null)],
      outcome: 'mean_sbp',
      better: 'lower',
      source: `${BP_TARGET_SOURCE}; ${LABEL}`,
    });
  }
  return out;
}
