/**
 * Blood-pressure outcomes of one simulated member: its mean systolic and diastolic pressure over the horizon's last
 * days (the treatment's settled effect: amlodipine reaches steady state in 7–8 days, half-life 30–50 h, Norvasc
 * label), and the share of days whose mean pressure is at target, below 130/80 mmHg (Whelton PK, Carey RM, et al.
 * 2017 ACC/AHA guideline for high blood pressure in adults, Hypertension 2018;71:e13–e115: the target for most adults
 * on treatment, office or home).
 */
import type { OutcomeDefinition } from '../what-if-plugin';

export const BP_TARGET = { sbp: 130, dbp: 80 } as const;
export const BP_TARGET_SOURCE = 'Whelton PK et al., 2017 ACC/AHA high blood pressure guideline (Hypertension 2018;71:e13–e115): < 130/80 mmHg';
/** The mean pressures are over the last days of the horizon: two weeks, or the whole horizon when shorter. */
export const BP_MEAN_WINDOW_DAYS = 14;

export const BP_OUTCOMES: readonly OutcomeDefinition[] = [
  { name: 'mean_sbp', unit: 'mm[Hg]', description: `Mean systolic pressure (home, no white-coat offset) over the horizon's last ${BP_MEAN_WINDOW_DAYS} days` },
  { name: 'mean_dbp', unit: 'mm[Hg]', description: `Mean diastolic pressure over the horizon's last ${BP_MEAN_WINDOW_DAYS} days` },
  { name: 'days_at_target', unit: '%', description: 'Days of the horizon whose mean pressure is below 130/80 mmHg (Whelton 2017)' },
  { name: 'sbp_end', unit: 'mm[Hg]', description: 'Systolic pressure on the last day' },
  { name: 'dbp_end', unit: 'mm[Hg]', description: 'Diastolic pressure on the last day' },
];

/** `daily`: each day's mean systolic and diastolic pressure, in order (at least one day). */
export function bpOutcomes(daily: readonly { readonly sbp: number; readonly dbp: number }[]): Float64Array {
  const last = daily.slice(-BP_MEAN_WINDOW_DAYS);
  const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
  const atTarget = daily.filter((d) => d.sbp < BP_TARGET.sbp && d.dbp < BP_TARGET.dbp).length;
  const end = daily[daily.length - 1];
  return Float64Array.of(mean(last.map((d) => d.sbp)), mean(last.map((d) => d.dbp)), (100 * atTarget) / daily.length, end.sbp, end.dbp);
}
