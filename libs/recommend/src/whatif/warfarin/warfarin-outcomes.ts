/**
 * Warfarin outcomes of one simulated member from its daily INR: the time in the therapeutic range 2–3 (the usual
 * target for atrial fibrillation and venous thromboembolism) by Rosendaal's linear interpolation (Rosendaal et al.
 * 1993, ./rosendaal.ts), the share of days with an INR above 4 (bleeding risk rises steeply above it) and below 1.5
 * (thrombosis), the INR at the horizon.
 */
import type { OutcomeDefinition } from '../what-if-plugin';
import { rosendaalShare } from './rosendaal';

export const INR_RANGE = { low: 2, high: 3 } as const;

export const WARFARIN_OUTCOMES: readonly OutcomeDefinition[] = [
  { name: 'time_in_range', unit: '%', description: 'Time with INR in 2–3 over the horizon, by linear interpolation between daily INRs (Rosendaal 1993)' },
  { name: 'days_above_4', unit: '%', description: 'Days with an INR above 4' },
  { name: 'days_below_1_5', unit: '%', description: 'Days with an INR below 1.5' },
  { name: 'inr_end', unit: '{INR}', description: 'INR at the horizon' },
];

/** `daily[0]` the INR now, `daily[d]` after d days (at least two values). */
export function warfarinOutcomes(daily: readonly number[]): Float64Array {
  const points = daily.map((inr, t) => ({ t, inr }));
  const days = daily.slice(1);
  const share = (f: (inr: number) => boolean): number => (100 * days.filter(f).length) / days.length;
  return Float64Array.of(rosendaalShare(points, INR_RANGE.low, INR_RANGE.high) ?? 0, share((x) => x > 4), share((x) => x < 1.5), daily[daily.length - 1]);
}
