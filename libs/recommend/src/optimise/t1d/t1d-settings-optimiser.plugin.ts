/**
 * The T1D settings optimiser plug-in: its plan space is the basal profile (scaled as a whole: the dimension is the
 * daily basal, U/day), the carbohydrate ratio (g/U) and the correction factor (mg/dL/U), around the current settings
 * (stated in the request, else inferred from the twin's log as the T1D what-if does); its objective the mean time
 * in range 70–180 mg/dL; its limits t1d-optimise-limits.ts. Plans are simulated by the T1D what-if plug-in (its
 * bolus policy: carbs / ratio + correction at meals). Settings are kept at a pump's resolution (0.01 U/h,
 * 0.1 g/U, 1 mg/dL/U), rounded towards the current setting so that rounding never lengthens a step.
 */
import { T1dGlucoseComponent, type EnsembleComponent } from '@shuji/twin';
import { RecommendInputError } from '../../shared/recommend-input.error';
import { recentCgmMetrics } from '../../whatif/t1d/t1d-recent-cgm';
import { T1D_LIMITS } from '../../whatif/t1d/t1d-safety-limits';
import type { BasalSegment, T1dChange } from '../../whatif/t1d/t1d-settings';
import { T1dWhatIfPlugin } from '../../whatif/t1d/t1d-what-if.plugin';
import type { WhatIfChange, WhatIfTwin } from '../../whatif/what-if-plugin';
import type { OptimisePlugin, PlanSpace, PlanSpaceRequest } from '../optimise-plugin';
import { PATTERN_WINDOW_DAYS } from '../../whatif/t1d/t1d-recent-pattern';
import { forbiddenDirections, t1dCgmPatternOf, type ForbiddenDirection } from './t1d-cgm-pattern';
import { parseT1dOptimiseLimits, SEVERE_HYPO_TBR54_PERCENT, type T1dOptimiseLimits } from './t1d-optimise-limits';

/** Days of CGM before now that the adequacy checks compare the twin with. */
export const ADEQUACY_DAYS = 3;

const BASAL_RESOLUTION = 0.01;
const CR_RESOLUTION = 0.1;
const CF_RESOLUTION = 1;

/** `value` on a grid of `step`, rounded towards `towards` (so never further from it than `value` is). */
export function roundTowards(value: number, towards: number, step: number): number {
  if (value === towards) return value;
  const k = value / step;
  const r = value > towards ? Math.floor(k + 1e-9) : Math.ceil(k - 1e-9);
  return Math.round(r * step * 1e6) / 1e6;
}

const dailyBasal = (segments: readonly BasalSegment[]): number =>
  segments.reduce((s, b, i) => s + (b.unitsPerHour * ((segments[i + 1]?.fromMin ?? 1440) - b.fromMin)) / 60, 0);

const hhmm = (min: number): string => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

export class T1dSettingsOptimiserPlugin implements OptimisePlugin {
  readonly kind = 't1d-settings';
  private readonly whatIf = new T1dWhatIfPlugin();
  readonly whatIfPlugin = this.whatIf.id;

  appliesTo(component: EnsembleComponent): boolean {
    return this.whatIf.appliesTo(component);
  }

  parseLimits(body: unknown, field: string): T1dOptimiseLimits {
    return parseT1dOptimiseLimits(body, field);
  }

  planSpace(twin: WhatIfTwin, request: PlanSpaceRequest): PlanSpace {
    const limits = request.limits as T1dOptimiseLimits;
    const windowed = request.current.find((c) => c.startMs !== undefined || c.endMs !== undefined);
    if (windowed !== undefined) throw new RecommendInputError(`${windowed.field}.start`, 'current settings are open-ended here: no start or end');
    const component = twin.component as T1dGlucoseComponent;
    const baseline = this.whatIf.baseline(twin, request, request.context, component, twin.ensemble);
    const base = baseline.settings;
    if (base.basal === null) throw new RecommendInputError('current', "the twin's log has no basal rate: state the current basal-profile in current");
    const profile = base.basal;
    const basalNow = dailyBasal(profile);
    const f = limits.maxStepFraction;
    const scaled = (total: number): BasalSegment[] =>
      profile.map((s) => ({ fromMin: s.fromMin, unitsPerHour: roundTowards((s.unitsPerHour * total) / basalNow, s.unitsPerHour, BASAL_RESOLUTION) }));
    const change = (value: T1dChange): WhatIfChange => ({ kind: value.kind, field: 'plan', value });
    const changesOf = (v: readonly number[]): WhatIfChange[] => [
      change({ kind: 'basal-profile', segments: scaled(v[0]) }),
      change({ kind: 'carb-ratio', gramsPerUnit: v[1] }),
      change({ kind: 'correction-factor', mgDlPerUnit: v[2], targetMgDl: base.targetMgDl }),
    ];
    const recent = recentCgmMetrics(twin, ADEQUACY_DAYS);
    const adequacy =
      recent === null
        ? []
        : [
            { outcome: 'mean_glucose', observed: recent.meanGlucose, tolerance: limits.adequacy.meanGlucoseMgDl, description: `mean glucose (mg/dL) over the last ${ADEQUACY_DAYS} days of CGM` },
            { outcome: 'time_in_range', observed: recent.timeInRange, tolerance: limits.adequacy.timeInRangePoints, description: `time in range (%) over the last ${ADEQUACY_DAYS} days of CGM` },
            { outcome: 'time_below_70', observed: recent.timeBelow70, tolerance: limits.adequacy.timeBelow70Points, description: `time below 70 mg/dL (%) over the last ${ADEQUACY_DAYS} days of CGM` },
          ];
    // the directions the person's own CGM and log forbid (over the what-if's pattern window)
    const pattern = limits.followCgmPattern ? t1dCgmPatternOf(twin.events, twin.currentTimeMs, PATTERN_WINDOW_DAYS) : null;
    const rules = pattern === null ? [] : forbiddenDirections(pattern);
    const forbidden = (setting: ForbiddenDirection['setting']) => rules.filter((r) => r.setting === setting).map(({ direction, reason }) => ({ direction, reason }));
    return {
      adequacy,
      dimensions: [
        { key: 'basal_units_per_day', unit: 'U/day', current: basalNow, min: 0, max: limits.maxBasalUnitsPerHour * 24, maxStepFraction: f, forbidden: forbidden('basal') },
        { key: 'carb_ratio_g_per_unit', unit: 'g/U', current: base.carbRatio, min: limits.carbRatio.min, max: limits.carbRatio.max, maxStepFraction: f, forbidden: forbidden('carb_ratio') },
        {
          key: 'correction_factor_mg_dl_per_unit',
          unit: 'mg/dL/U',
          current: base.correctionFactor,
          min: limits.correctionFactor.min,
          max: limits.correctionFactor.max,
          maxStepFraction: f,
          forbidden: forbidden('correction_factor'),
        },
      ],
      ceilings: [
        {
          key: 'time_below_54_mean',
          description: 'mean time < 54 mg/dL, %',
          outcome: 'time_below_54',
          statistic: 'mean',
          max: limits.maxTimeBelow54Percent,
          riseWhenAbove: limits.timeBelow54RiseAboveTargetPoints,
        },
        {
          key: 'time_below_70_mean',
          description: `mean time < 70 mg/dL, %, at most ${limits.maxTimeBelow70RisePoints} points above the current plan's`,
          outcome: 'time_below_70',
          statistic: 'mean',
          max: limits.maxTimeBelow70Percent,
          maxRiseOverCurrent: limits.maxTimeBelow70RisePoints,
          riseWhenAbove: limits.timeBelow70RiseAboveTargetPoints,
        },
        {
          key: 'time_below_70_rise_probability',
          description: `posterior probability that time < 70 mg/dL rises more than ${limits.maxTimeBelow70RisePoints} points over the current plan's (member by member)`,
          outcome: 'time_below_70',
          statistic: 'share-rising',
          threshold: limits.maxTimeBelow70RisePoints,
          max: limits.maxTimeBelow70RiseProbability,
        },
        {
          key: 'severe_hypo_probability',
          description: `posterior probability that time < 54 mg/dL exceeds ${SEVERE_HYPO_TBR54_PERCENT} % (proxy of severe hypoglycaemia)`,
          outcome: 'time_below_54',
          statistic: 'share-above',
          threshold: SEVERE_HYPO_TBR54_PERCENT,
          max: limits.maxSevereHypoProbability,
        },
      ],
      objective: { outcome: 'time_in_range', direction: 'maximise' },
      current: request.current,
      assumptions: { current_sources: baseline.sources, target_mg_dl: base.targetMgDl, ...(pattern === null ? {} : { cgm_pattern: pattern }) },
      normalise: (v) => [
        dailyBasal(scaled(v[0])),
        roundTowards(v[1], base.carbRatio, CR_RESOLUTION),
        roundTowards(v[2], base.correctionFactor, CF_RESOLUTION),
      ],
      changesOf,
      planViolations: (v) => {
        const segments = scaled(v[0]);
        const reasons: string[] = [];
        const highest = Math.max(...segments.map((s) => s.unitsPerHour));
        if (highest > limits.maxBasalUnitsPerHour) reasons.push(`basal rate ${highest} U/h is above the cap ${limits.maxBasalUnitsPerHour} U/h`);
        if (segments.some((s) => !(s.unitsPerHour >= T1D_LIMITS.basalUnitsPerHour.min))) reasons.push('a basal rate is negative');
        if (segments.every((s) => s.unitsPerHour === 0)) reasons.push('the basal profile gives no insulin');
        return reasons;
      },
      describe: (v) => {
        const segments = scaled(v[0]);
        return {
          basal_profile: segments.map((s) => ({ from: hhmm(s.fromMin), units_per_hour: s.unitsPerHour })),
          carb_ratio_g_per_unit: v[1],
          correction_factor_mg_dl_per_unit: v[2],
          target_mg_dl: base.targetMgDl,
          changes: [
            { kind: 'basal-profile', rates: segments.map((s) => ({ from: hhmm(s.fromMin), units_per_hour: s.unitsPerHour })) },
            { kind: 'carb-ratio', grams_per_unit: v[1] },
            { kind: 'correction-factor', mg_dl_per_unit: v[2], target_mg_dl: base.targetMgDl },
          ],
        };
      },
    };
  }
}
