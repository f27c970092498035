/**
 * The hard limits of a T1D settings recommendation, each with its default and the bounds a request may set it within.
 * - Largest step per change: ±20 % of each current setting by default, the step clinical titration protocols move
 *   basal rates and ratios by (e.g. 10–20 % per adjustment; Walsh J, Roberts R. Pumping Insulin, 4th ed. 2006,
 *   ch. 10–12; from memory, unverified); at most ±50 %.
 * - Absolute caps: the highest basal rate, the carbohydrate ratio's and correction factor's ranges, inside the pump
 *   ranges of T1D_LIMITS (a request may narrow them, never widen them).
 * - Outcome ceilings, from the international consensus CGM targets (Battelino T et al. Clinical targets for
 *   continuous glucose monitoring data interpretation: recommendations from the international consensus on time
 *   in range. Diabetes Care 2019;42:1593-1603): mean time < 54 mg/dL ≤ 1 %; time < 70 mg/dL ≤ 4 % and not above the
 *   current plan's by more than `max_time_below_70_rise_points` (default 0.25); where the current plan is already
 *   above a target, not above the current plan's by more than `time_below_70_rise_above_target_points` (0.25) /
 *   `time_below_54_rise_above_target_points` (0.1), a tolerance of Monte Carlo noise (not 0: differences of
 *   0.01–0.03 points refused plans); the posterior probability that the plan raises time < 70 mg/dL by more than
 *   0.25 points ≤ `max_time_below_70_rise_probability` (a chance constraint, paired member by member: a mean can
 *   hide a plan that helps most members and harms a few, and the truth may be any one of them); the defaults (0.3
 *   and the tolerances) were chosen on issue 14's tuning cohort of virtual persons with the calibrated what-if,
 *   docs/validation.md; and the probability of severe hypoglycaemia ≤ 10 % (a hard limit: never above the
 *   current plan's where that already breaks it, no tolerance). CGM cannot show severe (level 3) hypoglycaemia, which is defined by the need for help,
 *   so its probability is taken as the posterior share of members whose time < 54 mg/dL exceeds the consensus 1 %:
 *   a proxy, stated as one.
 */
import { RecommendInputError } from '../../shared/recommend-input.error';
import { numberIn, objectAt, onlyFields } from '../../shared/request-fields.util';
import { T1D_LIMITS } from '../../whatif/t1d/t1d-safety-limits';

export interface T1dOptimiseLimits {
  readonly maxStepFraction: number;
  readonly maxBasalUnitsPerHour: number;
  readonly carbRatio: { readonly min: number; readonly max: number };
  readonly correctionFactor: { readonly min: number; readonly max: number };
  readonly maxTimeBelow54Percent: number;
  readonly maxTimeBelow70Percent: number;
  readonly maxTimeBelow70RisePoints: number;
  readonly maxTimeBelow70RiseProbability: number;
  /**
   * Where the current plan's predicted mean time < 70 / < 54 mg/dL is already above its target (4 % / 1 %), how far
   * a plan's may exceed the current plan's (points); 0: not at all.
   */
  readonly timeBelow70RiseAboveTargetPoints: number;
  readonly timeBelow54RiseAboveTargetPoints: number;
  readonly maxSevereHypoProbability: number;
  /**
   * Adequacy of the twin (a posterior predictive check, optimise-plugin.ts AdequacyCheck): the largest difference
   * between the twin's prediction for the current plan and the person's own CGM over the last days of data, of the
   * mean glucose (mg/dL), time in range and time below 70 (points), beyond which no plan is offered.
   */
  readonly adequacy: { readonly meanGlucoseMgDl: number; readonly timeInRangePoints: number; readonly timeBelow70Points: number };
  /**
   * Whether the directions the person's own CGM and log forbid (t1d-cgm-pattern.ts: no more insulin while low too
   * long, basal not down while fasting glucose is high, ratio not weaker while meals rise far) bind the plans
   * (request field `follow_cgm_pattern`). Off by default: on issue 14's tuning persons the rules lowered the share of
   * persons whose true time in range rose (3 days of data: 2 / 10 against 5 / 10; docs/validation.md).
   */
  readonly followCgmPattern: boolean;
}

export const DEFAULT_T1D_OPTIMISE_LIMITS: T1dOptimiseLimits = {
  maxStepFraction: 0.2,
  maxBasalUnitsPerHour: T1D_LIMITS.basalUnitsPerHour.max,
  carbRatio: T1D_LIMITS.carbRatioGPerUnit,
  correctionFactor: T1D_LIMITS.correctionMgDlPerUnit,
  maxTimeBelow54Percent: 1,
  maxTimeBelow70Percent: 4,
  maxTimeBelow70RisePoints: 0.25,
  maxTimeBelow70RiseProbability: 0.3,
  timeBelow70RiseAboveTargetPoints: 0.25,
  timeBelow54RiseAboveTargetPoints: 0.1,
  maxSevereHypoProbability: 0.1,
  adequacy: { meanGlucoseMgDl: 400, timeInRangePoints: 100, timeBelow70Points: 100 },
  followCgmPattern: false,
};

/** Time < 54 mg/dL (%) above which a member counts towards the probability of severe hypoglycaemia. */
export const SEVERE_HYPO_TBR54_PERCENT = 1;

const FIELDS = [
  'max_step_percent',
  'max_basal_units_per_hour',
  'min_carb_ratio_g_per_unit',
  'max_carb_ratio_g_per_unit',
  'min_correction_factor_mg_dl_per_unit',
  'max_correction_factor_mg_dl_per_unit',
  'max_time_below_54_percent',
  'max_time_below_70_percent',
  'max_time_below_70_rise_points',
  'max_time_below_70_rise_probability',
  'time_below_70_rise_above_target_points',
  'time_below_54_rise_above_target_points',
  'max_severe_hypo_probability',
  'adequacy_mean_glucose_mg_dl',
  'adequacy_time_in_range_points',
  'adequacy_time_below_70_points',
  'follow_cgm_pattern',
];

/** The request's `limits` over the defaults; every field optional, each checked against its own bounds. */
export function parseT1dOptimiseLimits(body: unknown, field: string): T1dOptimiseLimits {
  if (body === undefined) return DEFAULT_T1D_OPTIMISE_LIMITS;
  const record = objectAt(body, field);
  onlyFields(record, FIELDS, `${field}.`);
  const d = DEFAULT_T1D_OPTIMISE_LIMITS;
  const read = (key: string, lo: number, hi: number, fallback: number): number => (record[key] === undefined ? fallback : numberIn(record[key], `${field}.${key}`, lo, hi));
  const cr = T1D_LIMITS.carbRatioGPerUnit;
  const cf = T1D_LIMITS.correctionMgDlPerUnit;
  let limits: T1dOptimiseLimits = {
    maxStepFraction: read('max_step_percent', 1, 50, 100 * d.maxStepFraction) / 100,
    maxBasalUnitsPerHour: read('max_basal_units_per_hour', 0.05, T1D_LIMITS.basalUnitsPerHour.max, d.maxBasalUnitsPerHour),
    carbRatio: { min: read('min_carb_ratio_g_per_unit', cr.min, cr.max, cr.min), max: read('max_carb_ratio_g_per_unit', cr.min, cr.max, cr.max) },
    correctionFactor: { min: read('min_correction_factor_mg_dl_per_unit', cf.min, cf.max, cf.min), max: read('max_correction_factor_mg_dl_per_unit', cf.min, cf.max, cf.max) },
    maxTimeBelow54Percent: read('max_time_below_54_percent', 0, 5, d.maxTimeBelow54Percent),
    maxTimeBelow70Percent: read('max_time_below_70_percent', 0, 10, d.maxTimeBelow70Percent),
    maxTimeBelow70RisePoints: read('max_time_below_70_rise_points', 0, 4, d.maxTimeBelow70RisePoints),
    maxTimeBelow70RiseProbability: read('max_time_below_70_rise_probability', 0, 1, d.maxTimeBelow70RiseProbability),
    timeBelow70RiseAboveTargetPoints: read('time_below_70_rise_above_target_points', 0, 1, d.timeBelow70RiseAboveTargetPoints),
    timeBelow54RiseAboveTargetPoints: read('time_below_54_rise_above_target_points', 0, 1, d.timeBelow54RiseAboveTargetPoints),
    maxSevereHypoProbability: read('max_severe_hypo_probability', 0, 1, d.maxSevereHypoProbability),
    adequacy: {
      meanGlucoseMgDl: read('adequacy_mean_glucose_mg_dl', 1, 400, d.adequacy.meanGlucoseMgDl),
      timeInRangePoints: read('adequacy_time_in_range_points', 1, 100, d.adequacy.timeInRangePoints),
      timeBelow70Points: read('adequacy_time_below_70_points', 1, 100, d.adequacy.timeBelow70Points),
    },
    followCgmPattern: d.followCgmPattern,
  };
  const follow = record.follow_cgm_pattern;
  if (follow !== undefined && typeof follow !== 'boolean') throw new RecommendInputError(`${field}.follow_cgm_pattern`, 'must be true or false');
  if (follow !== undefined) limits = { ...limits, followCgmPattern: follow };
  if (limits.carbRatio.min > limits.carbRatio.max) throw new RecommendInputError(`${field}.min_carb_ratio_g_per_unit`, 'must not exceed max_carb_ratio_g_per_unit');
  if (limits.correctionFactor.min > limits.correctionFactor.max) {
    throw new RecommendInputError(`${field}.min_correction_factor_mg_dl_per_unit`, 'must not exceed max_correction_factor_mg_dl_per_unit');
  }
  return limits;
}
