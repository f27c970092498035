/**
 * The body-weight part of a health-management plan. Target: a BMI of 18.5–25 kg/m² (WHO. Obesity: preventing and
 * managing the global epidemic. Technical Report Series 894, 2000), where the person stands by their latest weighing
 * of the last 90 days and their height (a height reading, else the latest BMI reading). With a BMI of 25 or more, also
 * a loss of 5 % of body weight in 6 months, the clinically meaningful loss of Jensen MD et al. 2013 AHA/ACC/TOS
 * guideline (Circulation 2014;129:S102–S138), and two candidate actions, each a what-if arm over 90 days (the
 * what-if's longest horizon; the 6-month target is stated, not simulated): eat about
 * 300 kcal a day less (a modest deficit within the guideline's 500–750 kcal/day), and walk briskly 30 minutes a day
 * (4.3 MET, Ainsworth BE et al., Med Sci Sports Exerc 2011;43:1575–1581: (4.3 − 1) × 0.5 h / 24 h ≈ +0.07 of the
 * physical activity level). Below 18.5: eat about 300 kcal a day more.
 */
import { ObservationCodes, type TwinEvent } from '@shuji/twin';
import type { PlanSuggestion, PlanTarget, WhatIfChange } from '../what-if-plugin';
import { PAL_LIMITS, type WeightChange } from './weight-changes';

export const BMI_RANGE = { low: 18.5, high: 25 } as const;
const WHO = 'WHO Technical Report Series 894 (2000): normal BMI 18.5–24.9 kg/m²';
const JENSEN = 'Jensen MD et al., 2013 AHA/ACC/TOS obesity guideline (Circulation 2014;129:S102–S138)';
/** Brisk walking 30 min a day: (4.3 MET − 1) × 0.5 h / 24 h of physical activity level (Ainsworth 2011). */
export const BRISK_WALK_PAL = ((4.3 - 1) * 0.5) / 24;

/** The latest weighing of the 90 days before `nowMs` and the person's height (cm) from a height or BMI reading. */
export function recentWeight(events: readonly TwinEvent[], nowMs: number): { weightKg: number | null; heightCm: number | null; weighedMs: number | null } {
  let weight: { v: number; t: number } | null = null;
  let height: number | null = null;
  let bmi: number | null = null;
  for (const e of events) {
    if (e.kind !== 'observation' || e.timeMs > nowMs) continue;
    if (e.loinc === ObservationCodes.bodyWeight.loinc && e.timeMs > nowMs - 90 * 86_400_000) weight = { v: e.value, t: e.timeMs };
    if (e.loinc === ObservationCodes.bodyHeight.loinc) height = e.value;
    if (e.loinc === ObservationCodes.bmi.loinc) bmi = e.value;
  }
  if (height === null && bmi !== null && weight !== null) height = 100 * Math.sqrt(weight.v / bmi);
  return { weightKg: weight?.v ?? null, heightCm: height, weighedMs: weight?.t ?? null };
}

const change = (id: string, value: WeightChange): WhatIfChange => ({ kind: value.kind, field: `suggestions.${id}.changes[0]`, value });

export interface WeightPlanInput {
  readonly weightKg: number | null;
  readonly heightCm: number | null;
  /** The ensemble's mean physical activity level now (the brisk-walk arm adds to it). */
  readonly meanPal: number;
}

export function weightPlanTargets(input: WeightPlanInput): PlanTarget[] {
  const bmi = input.weightKg !== null && input.heightCm !== null ? input.weightKg / (input.heightCm / 100) ** 2 : null;
  const source = bmi === null ? 'no weighing in the last 90 days, or no height' : 'latest weighing of the last 90 days and your height';
  const targets: PlanTarget[] = [{ id: 'bmi-normal', title: 'A body-mass index of 18.5 to 25', outcome: 'bmi_end', unit: 'kg/m2', low: BMI_RANGE.low, high: BMI_RANGE.high, current: bmi, currentSource: source, source: WHO }];
  if (bmi !== null && bmi >= BMI_RANGE.high) {
    // 6 months is past the what-if's longest horizon (90 days): no simulated outcome measures it
    targets.push({ id: 'lose-5-percent', title: 'Lose 5 % of your weight in 6 months', outcome: null, unit: '%', low: null, high: -5, current: 0, currentSource: 'the start of the plan', source: JENSEN });
  }
  return targets;
}

export function weightPlanSuggestions(input: WeightPlanInput): PlanSuggestion[] {
  const targets = weightPlanTargets(input);
  const bmi = targets[0].current;
  if (bmi === null) return [];
  if (bmi < BMI_RANGE.low) {
    return [
      {
        id: 'eat-300-more',
        title: 'Eat about 300 kcal a day more',
        detail: 'Your BMI is below 18.5. About 300 kcal a day more (a sandwich, or a handful of nuts and a yoghurt) lets you regain weight slowly.',
        changes: [change('eat-300-more', { kind: 'energy-intake', kcalPerDay: 300, absolute: false })],
        outcome: 'weight_change',
        better: 'higher',
        source: WHO,
      },
    ];
  }
  if (bmi < BMI_RANGE.high) return [];
  const pal = Math.min(PAL_LIMITS[1], input.meanPal + BRISK_WALK_PAL);
  return [
    {
      id: 'eat-300-less',
      title: 'Eat about 300 kcal a day less',
      detail: 'Your BMI is 25 or more. About 300 kcal a day less (a sugary drink and a snack) is a modest, lasting change; a 5 % loss in 6 months already lowers blood pressure, lipids and glucose.',
      changes: [change('eat-300-less', { kind: 'energy-intake', kcalPerDay: -300, absolute: false })],
      outcome: 'weight_change_percent',
      better: 'lower',
      source: JENSEN,
    },
    {
      id: 'walk-30-minutes',
      title: 'Walk briskly for 30 minutes a day',
      detail: 'Brisk walking for 30 minutes a day burns energy and helps keep lost weight off. The twin assumes you eat as before.',
      changes: [change('walk-30-minutes', { kind: 'physical-activity', pal })],
      outcome: 'weight_change_percent',
      better: 'lower',
      source: `${JENSEN}; Ainsworth BE et al., Med Sci Sports Exerc 2011;43:1575–1581 (brisk walking 4.3 MET)`,
    },
  ];
}
