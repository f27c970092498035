/**
 * The body-weight plug-in's changes and their limits:
 *  - `energy-intake`: `kcal_per_day_change` (a change of what the person eats, kcal/day, in [−1000, +1000]) or
 *    `kcal_per_day` (what they eat, in [800, 5000]). Below 800 kcal/day is a very-low-calorie diet, for medical
 *    supervision only (Jensen MD, Ryan DH, et al. 2013 AHA/ACC/TOS guideline for the management of overweight and
 *    obesity in adults, Circulation 2014;129:S102–S138, which advises deficits of 500–750 kcal/day); a change beyond
 *    ±1000 kcal/day is refused as outside what the guideline plans.
 *  - `physical-activity`: `physical_activity_level` (total over resting energy expenditure) in [1.2, 2.4]: 2.4 the
 *    highest level sustainable over the long term, 1.2 about a bed-bound person's (FAO/WHO/UNU. Human energy
 *    requirements. Food Nutr Tech Rep Ser 1, 2004).
 *  - `weight-goal`: `goal_weight_kg` in [30, 300] (the adult weighing range the twin assimilates): changes nothing
 *    simulated; the goal the `goal_reached` and `days_to_goal` outcomes are measured against.
 */
import { RecommendInputError } from '../../shared/recommend-input.error';
import { numberIn, onlyFields } from '../../shared/request-fields.util';
import type { WhatIfChange } from '../what-if-plugin';

export const WEIGHT_CHANGE_KINDS = ['energy-intake', 'physical-activity', 'weight-goal'] as const;
export const INTAKE_LIMITS = { changeKcal: [-1000, 1000], absoluteKcal: [800, 5000] } as const;
export const PAL_LIMITS = [1.2, 2.4] as const;

export type WeightChange =
  | { readonly kind: 'energy-intake'; readonly kcalPerDay: number; readonly absolute: boolean }
  | { readonly kind: 'physical-activity'; readonly pal: number }
  | { readonly kind: 'weight-goal'; readonly goalKg: number };

export function parseWeightChange(kind: string, body: Readonly<Record<string, unknown>>, field: string): WeightChange {
  if (kind === 'energy-intake') {
    onlyFields(body, ['kcal_per_day_change', 'kcal_per_day'], `${field}.`);
    if ((body.kcal_per_day_change === undefined) === (body.kcal_per_day === undefined)) {
      throw new RecommendInputError(`${field}.kcal_per_day_change`, 'give kcal_per_day_change (a change of intake) or kcal_per_day (the intake), one of them');
    }
    if (body.kcal_per_day !== undefined) return { kind, kcalPerDay: numberIn(body.kcal_per_day, `${field}.kcal_per_day`, ...INTAKE_LIMITS.absoluteKcal), absolute: true };
    return { kind, kcalPerDay: numberIn(body.kcal_per_day_change, `${field}.kcal_per_day_change`, ...INTAKE_LIMITS.changeKcal), absolute: false };
  }
  if (kind === 'physical-activity') {
    onlyFields(body, ['physical_activity_level'], `${field}.`);
    return { kind, pal: numberIn(body.physical_activity_level, `${field}.physical_activity_level`, ...PAL_LIMITS) };
  }
  if (kind === 'weight-goal') {
    onlyFields(body, ['goal_weight_kg'], `${field}.`);
    return { kind, goalKg: numberIn(body.goal_weight_kg, `${field}.goal_weight_kg`, 30, 300) };
  }
  throw new RecommendInputError(`${field}.kind`, `is not a body-weight change (${WEIGHT_CHANGE_KINDS.join(', ')})`);
}

/** The last change of `kind` in force at `tMs` (its window [start, end) holds it; open ends are open), if any. */
export function changeInForce<K extends WeightChange['kind']>(changes: readonly WhatIfChange[], kind: K, tMs: number): Extract<WeightChange, { kind: K }> | undefined {
  let found: Extract<WeightChange, { kind: K }> | undefined;
  for (const c of changes) {
    if (c.kind === kind && (c.startMs === undefined || c.startMs <= tMs) && (c.endMs === undefined || tMs < c.endMs)) found = c.value as Extract<WeightChange, { kind: K }>;
  }
  return found;
}
