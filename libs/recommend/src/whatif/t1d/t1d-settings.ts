/**
 * The T1D what-if's settings (basal profile, carbohydrate ratio, correction factor with its target, meal plan, how
 * meal boluses are given), the change kinds that set them, and how an arm's changes apply over the baseline. Times of day are "HH:MM" on the
 * person's clock (the request's utc_offset).
 */
import { RecommendInputError } from '../../shared/recommend-input.error';
import { arrayAt, numberIn, objectAt, onlyFields } from '../../shared/request-fields.util';
import type { WhatIfChange } from '../what-if-plugin';
import { T1D_LIMITS } from './t1d-safety-limits';

export interface BasalSegment {
  /** Minutes after midnight. */
  readonly fromMin: number;
  readonly unitsPerHour: number;
}

export interface PlannedMeal {
  readonly clockMin: number;
  readonly carbsG: number;
}

export interface T1dSettings {
  /** null: no basal logged or given, so each member's own steady-state basal (what the twin assumes). */
  readonly basal: readonly BasalSegment[] | null;
  readonly carbRatio: number;
  readonly correctionFactor: number;
  readonly targetMgDl: number;
  readonly mealPlan: readonly PlannedMeal[];
  /** Minutes the meal bolus is given before the meal starts (undefined: 0, at the meal). */
  readonly bolusLeadMin?: number;
  /** `as-logged` (undefined): boluses missed and late as often as the log shows (t1d-habits.ts); `none`: every one on time. */
  readonly bolusLapses?: BolusLapses;
}

export const BOLUS_LAPSES = ['as-logged', 'none'] as const;
export type BolusLapses = (typeof BOLUS_LAPSES)[number];

/**
 * The longest pre-bolus a change may set: studies of prandial timing gave rapid-acting analogues up to 30 min before
 * the meal (Slattery D, Amiel SA, Choudhary P. Optimal prandial timing of bolus insulin in diabetes management: a
 * review. Diabet Med 2018;35(3):306–316).
 */
export const MAX_BOLUS_LEAD_MIN = 30;

export const T1D_CHANGE_KINDS = ['basal-profile', 'carb-ratio', 'correction-factor', 'meal-plan', 'meal-bolus'] as const;
export type T1dChangeKind = (typeof T1D_CHANGE_KINDS)[number];

export type T1dChange =
  | { readonly kind: 'basal-profile'; readonly segments: readonly BasalSegment[] }
  | { readonly kind: 'carb-ratio'; readonly gramsPerUnit: number }
  | { readonly kind: 'correction-factor'; readonly mgDlPerUnit: number; readonly targetMgDl?: number }
  | { readonly kind: 'meal-plan'; readonly meals: readonly PlannedMeal[] }
  | { readonly kind: 'meal-bolus'; readonly leadMin?: number; readonly lapses?: BolusLapses };

/** "HH:MM" (00:00–23:59) → minutes after midnight. */
export function clockMinOf(value: unknown, field: string): number {
  const match = typeof value === 'string' ? /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value) : null;
  if (match === null) throw new RecommendInputError(field, 'must be a time of day "HH:MM" from 00:00 to 23:59');
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * A day's list under `list` of { <time>: "HH:MM", <value>: number in `range` } in strictly ascending time order,
 * as [minutes after midnight, value] pairs; each refusal names the item's field.
 */
function timesOfDay(
  body: Readonly<Record<string, unknown>>,
  field: string,
  keys: { readonly list: string; readonly time: string; readonly value: string },
  count: { readonly min: number; readonly max: number },
  range: { readonly min: number; readonly max: number },
): [number, number][] {
  onlyFields(body, [keys.list], `${field}.`);
  const items = arrayAt(body[keys.list], `${field}.${keys.list}`, count.min, count.max).map((raw, i): [number, number] => {
    const at = `${field}.${keys.list}[${i}]`;
    const item = objectAt(raw, at);
    onlyFields(item, [keys.time, keys.value], `${at}.`);
    return [clockMinOf(item[keys.time], `${at}.${keys.time}`), numberIn(item[keys.value], `${at}.${keys.value}`, range.min, range.max)];
  });
  const bad = items.findIndex(([t], i) => i > 0 && t <= items[i - 1][0]);
  if (bad > 0) throw new RecommendInputError(`${field}.${keys.list}[${bad}].${keys.time}`, 'must be later than the one before (times of day in ascending order)');
  return items;
}

function basalProfile(body: Readonly<Record<string, unknown>>, field: string): BasalSegment[] {
  const keys = { list: 'rates', time: 'from', value: 'units_per_hour' };
  const segments = timesOfDay(body, field, keys, { min: 1, max: T1D_LIMITS.basalSegmentsPerDay }, T1D_LIMITS.basalUnitsPerHour).map(([fromMin, unitsPerHour]) => ({ fromMin, unitsPerHour }));
  if (segments[0].fromMin !== 0) throw new RecommendInputError(`${field}.rates[0].from`, 'must be "00:00" (the profile covers the whole day)');
  if (segments.every((s) => s.unitsPerHour === 0)) throw new RecommendInputError(`${field}.rates`, 'must give some insulin in the day (no basal at all is not a therapy)');
  return segments;
}

function mealPlan(body: Readonly<Record<string, unknown>>, field: string): PlannedMeal[] {
  const keys = { list: 'meals', time: 'time', value: 'carbs_g' };
  return timesOfDay(body, field, keys, { min: 0, max: T1D_LIMITS.mealsPerDay }, T1D_LIMITS.mealCarbsG).map(([clockMin, carbsG]) => ({ clockMin, carbsG }));
}

/** Reads one T1D change's own fields against T1D_LIMITS. */
export function parseT1dChange(kind: string, body: Readonly<Record<string, unknown>>, field: string): T1dChange {
  switch (kind as T1dChangeKind) {
    case 'basal-profile':
      return { kind: 'basal-profile', segments: basalProfile(body, field) };
    case 'carb-ratio': {
      onlyFields(body, ['grams_per_unit'], `${field}.`);
      const { min, max } = T1D_LIMITS.carbRatioGPerUnit;
      return { kind: 'carb-ratio', gramsPerUnit: numberIn(body.grams_per_unit, `${field}.grams_per_unit`, min, max) };
    }
    case 'correction-factor': {
      onlyFields(body, ['mg_dl_per_unit', 'target_mg_dl'], `${field}.`);
      const cf = T1D_LIMITS.correctionMgDlPerUnit;
      const target = T1D_LIMITS.targetMgDl;
      return {
        kind: 'correction-factor',
        mgDlPerUnit: numberIn(body.mg_dl_per_unit, `${field}.mg_dl_per_unit`, cf.min, cf.max),
        ...(body.target_mg_dl === undefined ? {} : { targetMgDl: numberIn(body.target_mg_dl, `${field}.target_mg_dl`, target.min, target.max) }),
      };
    }
    case 'meal-plan':
      return { kind: 'meal-plan', meals: mealPlan(body, field) };
    case 'meal-bolus': {
      onlyFields(body, ['minutes_before_meal', 'lapses'], `${field}.`);
      if (body.minutes_before_meal === undefined && body.lapses === undefined) throw new RecommendInputError(field, 'must give minutes_before_meal, lapses or both');
      const lapses = body.lapses;
      if (lapses !== undefined && !BOLUS_LAPSES.includes(lapses as BolusLapses)) throw new RecommendInputError(`${field}.lapses`, `must be one of ${BOLUS_LAPSES.join(', ')}`);
      return {
        kind: 'meal-bolus',
        ...(body.minutes_before_meal === undefined ? {} : { leadMin: numberIn(body.minutes_before_meal, `${field}.minutes_before_meal`, 0, MAX_BOLUS_LEAD_MIN) }),
        ...(lapses === undefined ? {} : { lapses: lapses as BolusLapses }),
      };
    }
    default:
      throw new RecommendInputError(`${field}.kind`, `is not a T1D change kind (${T1D_CHANGE_KINDS.join(', ')})`);
  }
}

/** `settings` with the changes applied in order (a later change of a kind wins). */
export function applyT1dChanges(settings: T1dSettings, changes: readonly WhatIfChange[]): T1dSettings {
  let s = settings;
  for (const { value } of changes) {
    const change = value as T1dChange;
    if (change.kind === 'basal-profile') s = { ...s, basal: change.segments };
    else if (change.kind === 'carb-ratio') s = { ...s, carbRatio: change.gramsPerUnit };
    else if (change.kind === 'correction-factor') s = { ...s, correctionFactor: change.mgDlPerUnit, targetMgDl: change.targetMgDl ?? s.targetMgDl };
    else if (change.kind === 'meal-plan') s = { ...s, mealPlan: change.meals };
    else s = { ...s, bolusLeadMin: change.leadMin ?? s.bolusLeadMin, bolusLapses: change.lapses ?? s.bolusLapses };
  }
  return s;
}

/** The basal rate of a profile at a time of day (U/h), or null for the members' own basal. */
export function basalAt(basal: readonly BasalSegment[] | null, clockMin: number): number | null {
  if (basal === null) return null;
  let rate = basal[0].unitsPerHour;
  for (const s of basal) if (s.fromMin <= clockMin) rate = s.unitsPerHour;
  return rate;
}
