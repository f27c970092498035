/**
 * What the person's own CGM and insulin log say about the direction each pump setting should move, read as a
 * clinician reads an ambulatory glucose profile before titrating (the consensus's pattern review: Battelino T et al.
 * Clinical targets for continuous glucose monitoring data interpretation. Diabetes Care 2019;42:1593-1603; the
 * rule-based CGM decision support of Nimri R et al. Insulin dose optimization using an automated artificial
 * intelligence-based decision support system in youths with type 1 diabetes. Nat Med 2020;26:1380-1384, DreaMed
 * Advisor Pro: overnight and fasting glucose → basal, post-meal excursions → carbohydrate ratio, lows first):
 * - **lows first:** time below 70 mg/dL above the consensus 4 % (or below 54 above 1 %) → no setting may add
 *   insulin (no higher basal, no stronger ratio or correction factor);
 * - **fasting glucose → basal:** readings with no logged meal or bolus in the preceding FASTING_AFTER_MIN (the
 *   basal-testing condition: glucose then rests on the basal alone); their median above the ADA pre-meal target's top
 *   (130 mg/dL; ADA Standards of Care 2024, section 6) → basal may not fall; below its bottom (80) or their time below
 *   70 above 4 % → basal may not rise;
 * - **post-meal excursion → carbohydrate ratio:** for logged meals of ≥ MIN_MEAL_G bolused within ±30 min with no
 *   other meal in the POST_MEAL_MIN after, the reading POST_MEAL_MIN after the meal minus the reading at it; the
 *   median rise above POST_MEAL_HIGH_RISE_MG_DL → the ratio may not weaken (more grams per unit); a median fall
 *   (below POST_MEAL_LOW_RISE_MG_DL) → it may not strengthen. The thresholds are the carbohydrate-ratio test's (glucose
 *   2 h after a bolused meal within about 60 mg/dL above the pre-meal reading; Walsh J, Roberts R. Pumping Insulin,
 *   4th ed. 2006, ch. 13; from memory, unverified).
 * Each rule needs enough data (MIN_* below) and otherwise says nothing. The rules only forbid a direction: the twin
 * still chooses how far, and within them everything else (hard limits, ceilings) holds as before.
 */
import { MS_PER_MIN, type TwinEvent } from '@shuji/twin';
import { cgmMetricsOf, recentCgmReadings } from '../../whatif/t1d/t1d-recent-cgm';

export const FASTING_AFTER_MIN = 240;
export const FASTING_HIGH_MG_DL = 130;
export const FASTING_LOW_MG_DL = 80;
export const POST_MEAL_MIN = 120;
export const POST_MEAL_HIGH_RISE_MG_DL = 60;
export const POST_MEAL_LOW_RISE_MG_DL = 0;
export const MIN_MEAL_G = 20;
/** Least data for a rule: a day's worth of readings at 70 % wear (MIN_CGM_READINGS), 2 h of fasting readings, 4 bolused meals. */
export const MIN_FASTING_READINGS = 24;
export const MIN_MEALS = 4;
const BOLUS_WINDOW_MIN = 30;
/** A reading this close in time counts as the reading at a moment (min). */
const READING_TOLERANCE_MIN = 10;

export interface T1dCgmPattern {
  readonly days: number;
  readonly readings: number;
  readonly timeBelow70: number | null;
  readonly timeBelow54: number | null;
  readonly fasting: { readonly readings: number; readonly median: number | null; readonly timeBelow70: number | null };
  readonly postMeal: { readonly meals: number; readonly medianRise: number | null };
}

export type SettingDirection = 'increase' | 'decrease';

/** A direction a setting may not move in, and why (the data behind it). */
export interface ForbiddenDirection {
  readonly setting: 'basal' | 'carb_ratio' | 'correction_factor';
  readonly direction: SettingDirection;
  readonly reason: string;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) / 2;
  return (s[Math.floor(h)] + s[Math.ceil(h)]) / 2;
};

const below = (xs: readonly number[], mgDl: number): number => (100 * xs.filter((x) => x < mgDl).length) / xs.length;

/** The pattern of the last `days` of the log before `endMs` (its `days`: how many the readings cover). */
export function t1dCgmPatternOf(events: readonly TwinEvent[], endMs: number, days: number): T1dCgmPattern {
  const fromMs = endMs - days * 1440 * MS_PER_MIN;
  const window = events.filter((e) => e.timeMs > fromMs && e.timeMs <= endMs);
  const readings = recentCgmReadings(events, endMs, days).sort((a, b) => a.timeMs - b.timeMs);
  const meals = window.filter((e): e is Extract<TwinEvent, { kind: 'meal' }> => e.kind === 'meal' && e.carbsG > 0);
  const boluses = window.filter((e) => e.kind === 'insulin-bolus').map((e) => e.timeMs);
  const values = readings.map((r) => r.value);
  const metrics = cgmMetricsOf(values);

  // fasting: nothing eaten or bolused (in the log) for FASTING_AFTER_MIN before the reading, and the log covers that long
  const doses = [...meals.map((m) => m.timeMs), ...boluses].sort((a, b) => a - b);
  const fastingValues = readings
    .filter((r) => r.timeMs - readings[0].timeMs >= FASTING_AFTER_MIN * MS_PER_MIN && !doses.some((t) => t <= r.timeMs && r.timeMs - t < FASTING_AFTER_MIN * MS_PER_MIN))
    .map((r) => r.value);

  const readingAt = (t: number): number | null => {
    let best: { d: number; v: number } | null = null;
    for (const r of readings) {
      const d = Math.abs(r.timeMs - t);
      if (d <= READING_TOLERANCE_MIN * MS_PER_MIN && (best === null || d < best.d)) best = { d, v: r.value };
    }
    return best?.v ?? null;
  };
  const rises = meals.flatMap((m) => {
    if (m.carbsG < MIN_MEAL_G) return [];
    if (!boluses.some((b) => Math.abs(b - m.timeMs) <= BOLUS_WINDOW_MIN * MS_PER_MIN)) return [];
    if (meals.some((o) => o !== m && o.timeMs > m.timeMs && o.timeMs - m.timeMs <= POST_MEAL_MIN * MS_PER_MIN)) return [];
    const at = readingAt(m.timeMs);
    const after = readingAt(m.timeMs + POST_MEAL_MIN * MS_PER_MIN);
    return at === null || after === null ? [] : [after - at];
  });

  const spanDays = readings.length === 0 ? 0 : Math.min(days, Math.round(((endMs - readings[0].timeMs) / (1440 * MS_PER_MIN)) * 10) / 10);
  return {
    days: spanDays,
    readings: values.length,
    timeBelow70: metrics?.timeBelow70 ?? null,
    timeBelow54: metrics?.timeBelow54 ?? null,
    fasting: {
      readings: fastingValues.length,
      median: fastingValues.length >= MIN_FASTING_READINGS ? median(fastingValues) : null,
      timeBelow70: fastingValues.length >= MIN_FASTING_READINGS ? below(fastingValues, 70) : null,
    },
    postMeal: { meals: rises.length, medianRise: rises.length >= MIN_MEALS ? median(rises) : null },
  };
}

const r1 = (x: number): number => Math.round(x * 10) / 10;

/** The directions the pattern forbids (see the file's comment), each once (lows first); none where the data are too few. */
export function forbiddenDirections(p: T1dCgmPattern): ForbiddenDirection[] {
  const out: ForbiddenDirection[] = [];
  const add = (f: ForbiddenDirection): void => {
    if (!out.some((o) => o.setting === f.setting && o.direction === f.direction)) out.push(f);
  };
  const lows =
    p.timeBelow70 !== null && p.timeBelow70 > 4
      ? `time below 70 mg/dL ${r1(p.timeBelow70)} % over the last ${p.days} days of CGM (consensus target < 4 %)`
      : p.timeBelow54 !== null && p.timeBelow54 > 1
        ? `time below 54 mg/dL ${r1(p.timeBelow54)} % over the last ${p.days} days of CGM (consensus target < 1 %)`
        : null;
  if (lows !== null) {
    add({ setting: 'basal', direction: 'increase', reason: lows });
    add({ setting: 'carb_ratio', direction: 'decrease', reason: lows });
    add({ setting: 'correction_factor', direction: 'decrease', reason: lows });
  }
  const f = p.fasting;
  if (f.median !== null && f.timeBelow70 !== null) {
    const what = `fasting glucose (no meal or bolus for ${FASTING_AFTER_MIN / 60} h; ${f.readings} readings) median ${r1(f.median)} mg/dL, ${r1(f.timeBelow70)} % below 70`;
    if (f.median < FASTING_LOW_MG_DL || f.timeBelow70 > 4) add({ setting: 'basal', direction: 'increase', reason: what });
    else if (f.median > FASTING_HIGH_MG_DL) add({ setting: 'basal', direction: 'decrease', reason: what });
  }
  const rise = p.postMeal.medianRise;
  if (rise !== null) {
    const what = `glucose ${POST_MEAL_MIN / 60} h after a bolused meal minus before it, median ${r1(rise)} mg/dL over ${p.postMeal.meals} meals`;
    if (rise > POST_MEAL_HIGH_RISE_MG_DL) add({ setting: 'carb_ratio', direction: 'increase', reason: what });
    else if (rise < POST_MEAL_LOW_RISE_MG_DL) add({ setting: 'carb_ratio', direction: 'decrease', reason: what });
  }
  return out;
}
