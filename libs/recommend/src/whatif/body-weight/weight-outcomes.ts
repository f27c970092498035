/**
 * Body-weight outcomes of one simulated member from its daily weights: the weight at the horizon, its change (kg and
 * %), the BMI (weight / height², the member's height: the person's when a height or BMI reading told the twin, else
 * the population prior's), and whether and when the goal weight is reached (the first day the weight is at or past
 * it, from the side it started on; censored at the horizon's days when not reached), and the weight at a quarter, half
 * and three quarters of the horizon (the trajectory, coarsely).
 */
import type { OutcomeDefinition } from '../what-if-plugin';

export const WEIGHT_OUTCOMES: readonly OutcomeDefinition[] = [
  { name: 'weight_end', unit: 'kg', description: 'Body weight at the horizon' },
  { name: 'weight_change', unit: 'kg', description: 'Change of body weight over the horizon' },
  { name: 'weight_change_percent', unit: '%', description: 'Change of body weight over the horizon, % of the start weight' },
  { name: 'bmi_end', unit: 'kg/m2', description: 'Body-mass index at the horizon' },
  { name: 'goal_reached', unit: '%', description: 'Members reaching the goal weight within the horizon (100 a member that does, 0 one that does not)' },
  { name: 'days_to_goal', unit: 'd', description: "Days until the goal weight is reached; the horizon's days where it is not (censored)" },
  // the trajectory, coarsely: the weight at a quarter, half and three quarters of the horizon (whole days)
  { name: 'weight_quarter', unit: 'kg', description: 'Body weight a quarter of the way through the horizon' },
  { name: 'weight_half', unit: 'kg', description: 'Body weight half way through the horizon' },
  { name: 'weight_three_quarters', unit: 'kg', description: 'Body weight three quarters of the way through the horizon' },
];

/** `daily[0]` the weight now, `daily[d]` after d days (the last may be a part day: `horizonDays` is the horizon). */
export function weightOutcomes(daily: readonly number[], heightCm: number, goalKg: number, horizonDays: number): Float64Array {
  const start = daily[0];
  const end = daily[daily.length - 1];
  const losing = goalKg <= start;
  const day = daily.findIndex((w) => (losing ? w <= goalKg : w >= goalKg));
  const reached = day >= 0;
  const h = heightCm / 100;
  const at = (share: number): number => daily[Math.min(daily.length - 1, Math.round(share * horizonDays))];
  return Float64Array.of(end, end - start, (100 * (end - start)) / start, end / (h * h), reached ? 100 : 0, reached ? Math.min(day, horizonDays) : horizonDays, at(0.25), at(0.5), at(0.75));
}
