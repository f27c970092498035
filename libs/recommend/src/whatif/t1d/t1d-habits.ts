/**
 * How the person treats lows and gives meal boluses, read from the twin's log (the same window as
 * t1d-recent-pattern.ts), so the what-if's members live the plan as the person would rather than as a perfect pump
 * user who never treats a low:
 * - hypo treatment, the "rule of 15": at a CGM reading below 70 mg/dL take 15 g of fast carbohydrate and, if still
 *   below 70 after 15 min, take it again (American Diabetes Association Professional Practice Committee.
 *   6. Glycemic Goals and Hypoglycemia: Standards of Care in Diabetes—2024. Diabetes Care 2024;47(Suppl 1):S111–S125,
 *   its hypoglycaemia treatment: 15–20 g glucose, repeated if glucose 15 min later still shows hypoglycaemia). The person's own
 *   dose and spacing replace the rule's where the log shows them: a treatment is a logged meal of ≤ 30 g with no
 *   bolus within 30 min, at most 15 min after a CGM reading below 70; the dose is the median of ≥ 2 of them, the
 *   spacing the shortest gap between two of them ≤ 60 min apart (at least 15 min);
 * - meal-bolus lapses: of the logged meals of ≥ 10 g that are not hypo treatments, the share with no bolus within
 *   ±30 min or 90 min after (missed), and the share bolused 15–90 min after the meal (late) with their median delay.
 *   A log cannot show meals eaten without logging or bolusing, nor carb-counting bias (what is counted is what is
 *   logged): those stay out, and the twin's OU disturbance carries them (t1d-glucose.component.ts). With fewer than
 *   MIN_MEALS logged meals the shares are 0 (too few to tell).
 */
import { MS_PER_MIN, ObservationCodes, type TwinEvent } from '@shuji/twin';
import { PATTERN_WINDOW_DAYS } from './t1d-recent-pattern';

export interface HypoTreatmentRule {
  /** A CGM reading below this (mg/dL) is treated. */
  readonly belowMgDl: number;
  readonly carbsG: number;
  /** Minutes before a low is treated again. */
  readonly repeatAfterMin: number;
  /** Where the dose and the spacing come from. */
  readonly source: string;
}

export interface T1dHabits {
  readonly hypoTreatment: HypoTreatmentRule;
  /** Share of meals whose bolus is missed. */
  readonly missedBolusShare: number;
  /** Share of meals whose bolus comes late, and the delay (min). */
  readonly lateBolusShare: number;
  readonly lateBolusDelayMin: number;
  readonly mealsSeen: number;
}

/** ADA's rule of 15 (see above). */
export const RULE_OF_15: HypoTreatmentRule = { belowMgDl: 70, carbsG: 15, repeatAfterMin: 15, source: 'ADA Standards of Care 2024 (rule of 15)' };
/** Fewer logged meals than this: no lapse shares. */
export const MIN_MEALS = 6;
const MAX_TREATMENT_G = 30;
const TREATMENT_AFTER_LOW_MIN = 15;
const LATE_FROM_MIN = 15;
const LATE_TO_MIN = 90;
const ON_TIME_MIN = 30;
const CGM = ObservationCodes.cgmGlucose.loinc;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) / 2;
  return (s[Math.floor(h)] + s[Math.ceil(h)]) / 2;
};

export function t1dHabitsOf(events: readonly TwinEvent[], endMs: number): T1dHabits {
  const fromMs = endMs - PATTERN_WINDOW_DAYS * 1440 * MS_PER_MIN;
  const window = events.filter((e) => e.timeMs > fromMs && e.timeMs <= endMs);
  const meals = window.filter((e): e is Extract<TwinEvent, { kind: 'meal' }> => e.kind === 'meal' && e.carbsG > 0);
  const bolusTimes = window.filter((e) => e.kind === 'insulin-bolus').map((e) => e.timeMs);
  const lowTimes = window.filter((e) => e.kind === 'observation' && e.loinc === CGM && e.value < RULE_OF_15.belowMgDl).map((e) => e.timeMs);
  const min = MS_PER_MIN;
  const bolusWithin = (t: number, from: number, to: number): number[] => bolusTimes.filter((b) => b - t >= from * min && b - t <= to * min).map((b) => (b - t) / min);

  const treatments = meals.filter(
    (m) => m.carbsG <= MAX_TREATMENT_G && bolusWithin(m.timeMs, -ON_TIME_MIN, ON_TIME_MIN).length === 0 && lowTimes.some((l) => l <= m.timeMs && m.timeMs - l <= TREATMENT_AFTER_LOW_MIN * min),
  );
  const gaps = treatments.slice(1).map((m, i) => (m.timeMs - treatments[i].timeMs) / min).filter((g) => g <= 60);
  const ownDose = treatments.length >= 2;
  const ownSpacing = gaps.length >= 1;
  const hypoTreatment: HypoTreatmentRule =
    ownDose || ownSpacing
      ? {
          belowMgDl: RULE_OF_15.belowMgDl,
          carbsG: ownDose ? median(treatments.map((m) => m.carbsG)) : RULE_OF_15.carbsG,
          repeatAfterMin: ownSpacing ? Math.max(RULE_OF_15.repeatAfterMin, Math.min(...gaps)) : RULE_OF_15.repeatAfterMin,
          source: `the log: ${treatments.length} treatments seen (${ownDose ? 'their median dose' : 'the rule’s dose'}, ${ownSpacing ? 'their shortest spacing' : 'the rule’s spacing'})`,
        }
      : RULE_OF_15;

  const treated = new Set(treatments);
  const mealsSeen = meals.filter((m) => !treated.has(m) && m.carbsG >= 10);
  if (mealsSeen.length < MIN_MEALS) return { hypoTreatment, missedBolusShare: 0, lateBolusShare: 0, lateBolusDelayMin: 0, mealsSeen: mealsSeen.length };
  let missed = 0;
  const delays: number[] = [];
  for (const m of mealsSeen) {
    if (bolusWithin(m.timeMs, -ON_TIME_MIN, LATE_FROM_MIN - 1).length > 0) continue;
    const late = bolusWithin(m.timeMs, LATE_FROM_MIN, LATE_TO_MIN);
    if (late.length > 0) delays.push(late[0]);
    else missed++;
  }
  return {
    hypoTreatment,
    missedBolusShare: missed / mealsSeen.length,
    lateBolusShare: delays.length / mealsSeen.length,
    lateBolusDelayMin: delays.length === 0 ? 0 : median(delays),
    mealsSeen: mealsSeen.length,
  };
}
