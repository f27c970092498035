/**
 * The T1D part of a health-management plan (issue 15 item 3): the consensus CGM targets with where the person stands
 * over the last 14 days of their own CGM, and the meal-bolus actions their log calls for, each an arm the plan engine
 * simulates on the twin before it is offered.
 *
 * Targets: Battelino T, Danne T, Bergenstal RM, et al. Clinical targets for continuous glucose monitoring data
 * interpretation: recommendations from the international consensus on time in range. Diabetes Care 2019;42(8):1593–1603
 * (time in range > 70 %, below 70 < 4 %, below 54 < 1 %, above 180 < 25 %, above 250 < 5 %, CV ≤ 36 %; a period's
 * metrics from ≥ 70 % of its readings: with less, the target shows the share worn). GMI < 7 %: ADA Professional
 * Practice Committee, 6. Glycemic Goals and Hypoglycemia: Standards of Care in Diabetes—2024, Diabetes Care
 * 2024;47(Suppl 1):S111–S125 (an A1C goal of < 7 % for many non-pregnant adults; GMI is its CGM estimate).
 */
import type { CgmConsensusMetrics } from '@shuji/population';
import type { PlanContribution, PlanSuggestion, PlanTarget, WhatIfChange, WhatIfTwin } from '../what-if-plugin';
import { MIN_MEALS, t1dHabitsOf } from './t1d-habits';
import { cgmMetricsOf, recentCgmReadings } from './t1d-recent-cgm';
import { PATTERN_WINDOW_DAYS } from './t1d-recent-pattern';
import { parseT1dChange } from './t1d-settings';

const CONSENSUS = 'Battelino et al., Diabetes Care 2019;42:1593–1603 (international consensus on time in range)';
/** Lapses (missed + late) below this share of meals are not worth an action. */
export const LAPSE_SHARE_FOR_ACTION = 0.05;
/** The pre-bolus a plan proposes (minutes before the meal): the lower end of the 15–20 min of Slattery et al. 2018. */
export const PLAN_PRE_BOLUS_MIN = 15;

const TARGETS: readonly (Omit<PlanTarget, 'current' | 'currentSource'> & { readonly key: keyof CgmConsensusMetrics })[] = [
  { id: 'time-in-range', key: 'timeInRange', title: 'Time in range (70–180 mg/dL) above 70 %', outcome: 'time_in_range', unit: '%', low: 70, high: null, source: CONSENSUS },
  { id: 'time-below-70', key: 'timeBelow70', title: 'Time below 70 mg/dL under 4 %', outcome: 'time_below_70', unit: '%', low: null, high: 4, source: CONSENSUS },
  { id: 'time-below-54', key: 'timeBelow54', title: 'Time below 54 mg/dL under 1 %', outcome: 'time_below_54', unit: '%', low: null, high: 1, source: CONSENSUS },
  { id: 'time-above-180', key: 'timeAbove180', title: 'Time above 180 mg/dL under 25 %', outcome: 'time_above_180', unit: '%', low: null, high: 25, source: CONSENSUS },
  { id: 'time-above-250', key: 'timeAbove250', title: 'Time above 250 mg/dL under 5 %', outcome: 'time_above_250', unit: '%', low: null, high: 5, source: CONSENSUS },
  { id: 'glucose-variability', key: 'cv', title: 'Glucose variability (CV) at most 36 %', outcome: 'cv', unit: '%', low: null, high: 36, source: CONSENSUS },
  {
    id: 'gmi',
    key: 'gmi',
    title: 'Glucose management indicator (estimated A1C) under 7 %',
    outcome: 'gmi',
    unit: '%',
    low: null,
    high: 7,
    source: 'ADA Standards of Care in Diabetes—2024, section 6 (Diabetes Care 2024;47 Suppl 1:S111–S125); GMI after Bergenstal et al. 2018',
  },
];

const percent = (share: number): string => `${Math.round(100 * share)} %`;

function change(kind: string, body: Record<string, unknown>, field: string): WhatIfChange {
  return { kind, field, value: parseT1dChange(kind, body, field) };
}

/** The consensus targets and where the person stands on them over the pattern window's CGM. */
export function t1dPlanTargets(twin: WhatIfTwin, nowMs: number): PlanTarget[] {
  const readings = recentCgmReadings(twin.events, nowMs, PATTERN_WINDOW_DAYS);
  const metrics = cgmMetricsOf(readings.map((e) => e.value));
  const worn = readings.length / (PATTERN_WINDOW_DAYS * 288);
  const currentSource =
    metrics === null
      ? `too few CGM readings in the last ${PATTERN_WINDOW_DAYS} days (${readings.length})`
      : `CGM, last ${PATTERN_WINDOW_DAYS} days (${readings.length} readings, ${percent(worn)} of the period${worn < 0.7 ? ': under the 70 % the consensus asks for' : ''})`;
  return TARGETS.map(({ key, ...t }) => ({ ...t, current: metrics === null ? null : metrics[key], currentSource }));
}

/**
 * The meal-bolus actions: bolusing every meal where the log shows lapses (only with enough meals logged to tell), and
 * the pre-bolus (the plan engine says why it is not offered when the log gives no meals to simulate it with).
 */
export function t1dPlanSuggestions(twin: WhatIfTwin, nowMs: number): PlanSuggestion[] {
  const habits = t1dHabitsOf(twin.events, nowMs);
  const suggestions: PlanSuggestion[] = [];
  const guards = [{ outcome: 'time_below_70', maxIncrease: 0.25 }];
  const lapses = habits.missedBolusShare + habits.lateBolusShare;
  if (habits.mealsSeen >= MIN_MEALS && lapses >= LAPSE_SHARE_FOR_ACTION) {
    const field = `suggestions[${suggestions.length}].changes[0]`;
    suggestions.push({
      id: 'bolus-every-meal',
      title: 'Take a meal bolus for every meal, before you eat',
      detail:
        `In the last ${PATTERN_WINDOW_DAYS} days your log shows ${percent(habits.missedBolusShare)} of ${habits.mealsSeen} meals with no bolus` +
        (habits.lateBolusShare > 0 ? ` and ${percent(habits.lateBolusShare)} bolused late (about ${Math.round(habits.lateBolusDelayMin)} min after eating)` : '') +
        '. Missed meal boluses are a common cause of high glucose on insulin pumps; a reminder on your pump or phone can help.',
      changes: [change('meal-bolus', { lapses: 'none' }, field)],
      outcome: 'time_in_range',
      better: 'higher',
      guards,
      source: 'Burdick J, Chase HP, Slover RH, et al. Missed insulin meal boluses and elevated hemoglobin A1c levels in children receiving insulin pump therapy. Pediatrics 2004;113(3):e221–e224',
    });
  }
  const field = `suggestions[${suggestions.length}].changes[0]`;
  suggestions.push({
    id: 'pre-bolus',
    title: `Take the meal bolus about ${PLAN_PRE_BOLUS_MIN} minutes before eating`,
    detail:
      'Rapid-acting insulin takes 15–20 minutes to start working, so a bolus at or after the start of a meal lets glucose rise first. ' +
      'Agree on it with your care team first, and do not bolus early when your glucose is low before the meal.',
    changes: [change('meal-bolus', { minutes_before_meal: PLAN_PRE_BOLUS_MIN }, field)],
    outcome: 'time_in_range',
    better: 'higher',
    guards,
    source: 'Slattery D, Amiel SA, Choudhary P. Optimal prandial timing of bolus insulin in diabetes management: a review. Diabet Med 2018;35(3):306–316',
  });
  return suggestions;
}

export function t1dPlan(twin: WhatIfTwin, nowMs: number): PlanContribution {
  return { horizon: `P${PATTERN_WINDOW_DAYS}D`, targets: t1dPlanTargets(twin, nowMs), suggestions: t1dPlanSuggestions(twin, nowMs) };
}
