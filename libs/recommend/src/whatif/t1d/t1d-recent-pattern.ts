/**
 * The person's recent pattern from the twin's log (the last 14 days before the twin's time, or all of it when
 * shorter), the baseline of a T1D what-if when the request states no current settings:
 * - meal plan: logged meals binned by time of day (breakfast 04:00–10:30, lunch 10:30–15:30, dinner 15:30–22:00,
 *   night 22:00–04:00); a bin eaten on at least half of the days becomes a meal at its median time and median carbs;
 * - carbohydrate ratio: the median over logged meals of carbs / the boluses within 30 min of the meal;
 * - basal profile: the basal rates in force over the last 24 h (the rate set before may be older than the window), or none logged: the
 *   twin's own assumption, each member's steady-state basal;
 * - correction factor: the "1800 rule", 1800 / total daily dose (mg/dL per U; Walsh J, Roberts R. Pumping Insulin,
 *   4th ed. 2006, ch. 12), the dose from the logged boluses and the basal; the log cannot show a person's correction
 *   factor, so this is an assumption, reported as one. Target 120 mg/dL, a common bolus-calculator default.
 * What the log cannot give is left undefined: the request must then state it (the plug-in says which).
 */
import { MS_PER_MIN, type TwinEvent } from '@shuji/twin';
import type { BasalSegment, PlannedMeal } from './t1d-settings';

export const PATTERN_WINDOW_DAYS = 14;
export const DEFAULT_TARGET_MG_DL = 120;
const BOLUS_WINDOW_MIN = 30;
const MEAL_BINS: readonly (readonly [number, number])[] = [
  [240, 630],
  [630, 930],
  [930, 1320],
  [1320, 1680], // 22:00 to 04:00 of the next day, on a clock shifted by a day
];

export interface RecentT1dPattern {
  /** Days of log the pattern rests on (≤ 14). */
  readonly days: number;
  readonly mealPlan?: readonly PlannedMeal[];
  readonly carbRatio?: number;
  readonly basal: readonly BasalSegment[] | null;
  /** Mean logged bolus insulin per day (U). */
  readonly bolusUnitsPerDay: number;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) / 2;
  return (s[Math.floor(h)] + s[Math.ceil(h)]) / 2;
};

/** Minutes after local midnight of an epoch ms time. */
export function clockOf(timeMs: number, utcOffsetMin: number): number {
  const m = Math.floor(timeMs / MS_PER_MIN) + utcOffsetMin;
  return ((m % 1440) + 1440) % 1440;
}

function mealPlanOf(meals: readonly { clock: number; carbsG: number }[], days: number): PlannedMeal[] | undefined {
  const plan = MEAL_BINS.flatMap(([lo, hi]) => {
    const inBin = meals.map((m) => ({ ...m, clock: m.clock < 240 ? m.clock + 1440 : m.clock })).filter((m) => m.clock >= lo && m.clock < hi);
    if (inBin.length === 0 || inBin.length < days / 2) return [];
    return [{ clockMin: Math.round(median(inBin.map((m) => m.clock))) % 1440, carbsG: Math.round(median(inBin.map((m) => m.carbsG))) }];
  });
  return plan.length === 0 ? undefined : plan.sort((a, b) => a.clockMin - b.clockMin);
}

/**
 * The basal rates in force over the last 24 h, read every 5 min and laid on the clock (null: none ever logged). A pump
 * reports a rate when it changes, so the rate in force at the start of the day may have been set long before the
 * pattern's 14-day window: the whole log is searched for it.
 */
function basalOf(events: readonly TwinEvent[], endMs: number, utcOffsetMin: number): BasalSegment[] | null {
  const logged = events.filter((e): e is Extract<TwinEvent, { kind: 'basal-rate' }> => e.kind === 'basal-rate' && e.timeMs <= endMs);
  const dayStartMs = endMs - 1440 * MS_PER_MIN;
  const inForce = logged.findLastIndex((e) => e.timeMs <= dayStartMs);
  const rates = logged.slice(Math.max(0, inForce));
  if (rates.length === 0) return null;
  const byClock: number[] = new Array<number>(288);
  let k = 0;
  for (let t = dayStartMs + 5 * MS_PER_MIN; t <= endMs; t += 5 * MS_PER_MIN) {
    while (k + 1 < rates.length && rates[k + 1].timeMs <= t) k++;
    // before the first logged rate, that rate (the log starts with the pump already running)
    byClock[Math.floor(clockOf(t, utcOffsetMin) / 5)] = rates[k].unitsPerHour;
  }
  const segments: BasalSegment[] = [];
  byClock.forEach((rate, i) => {
    if (segments.length === 0 || segments[segments.length - 1].unitsPerHour !== rate) segments.push({ fromMin: i * 5, unitsPerHour: rate });
  });
  return segments;
}

export function recentT1dPattern(events: readonly TwinEvent[], endMs: number, utcOffsetMin: number): RecentT1dPattern {
  const fromMs = endMs - PATTERN_WINDOW_DAYS * 1440 * MS_PER_MIN;
  const window = events.filter((e) => e.timeMs > fromMs && e.timeMs <= endMs);
  const firstMs = window[0]?.timeMs ?? endMs;
  const days = Math.max(1, (endMs - firstMs) / (1440 * MS_PER_MIN));
  const meals = window.filter((e): e is Extract<TwinEvent, { kind: 'meal' }> => e.kind === 'meal' && e.carbsG > 0);
  const boluses = window.filter((e): e is Extract<TwinEvent, { kind: 'insulin-bolus' }> => e.kind === 'insulin-bolus');
  const ratios = meals.flatMap((meal) => {
    const units = boluses.filter((b) => Math.abs(b.timeMs - meal.timeMs) <= BOLUS_WINDOW_MIN * MS_PER_MIN).reduce((s, b) => s + b.units, 0);
    return units > 0 ? [meal.carbsG / units] : [];
  });
  return {
    days,
    mealPlan: mealPlanOf(meals.map((m) => ({ clock: clockOf(m.timeMs, utcOffsetMin), carbsG: m.carbsG })), days),
    carbRatio: ratios.length === 0 ? undefined : median(ratios),
    basal: basalOf(events, endMs, utcOffsetMin),
    bolusUnitsPerDay: boluses.reduce((s, b) => s + b.units, 0) / days,
  };
}
