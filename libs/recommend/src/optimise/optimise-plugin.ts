/**
 * What a component's optimiser plug-in provides (issue 15, item 2): its plan space (the settings it may change,
 * each with its absolute caps and largest step from the current plan), the ceilings on predicted outcomes no plan
 * may cross, the outcome to improve, and how a plan becomes what-if changes. The engine (optimisePlans) searches
 * the space on the twin's posterior ensemble through the what-if engine and knows no component's names: a
 * blood-pressure or warfarin plug-in registers its own space and limits in an OptimiseRegistry.
 */
import type { EnsembleComponent } from '@shuji/twin';
import type { WhatIfChange, WhatIfContext, WhatIfTwin } from '../whatif/what-if-plugin';

/** One setting the search may change. Every bound here is hard: a plan outside it is never an output. */
export interface PlanDimension {
  /** Names it in plans and in the reasons a plan is dropped, e.g. `carb_ratio_g_per_unit`. */
  readonly key: string;
  readonly unit: string;
  readonly current: number;
  /** Absolute caps. */
  readonly min: number;
  readonly max: number;
  /** Largest relative change from `current` (0.2: ±20 %). */
  readonly maxStepFraction: number;
  /**
   * Directions the setting may not move from `current` (e.g. what the person's own data show: no more insulin while
   * they spend too long low), each with the reason; a plan that moves it so is dropped like one beyond its step.
   */
  readonly forbidden?: readonly { readonly direction: 'increase' | 'decrease'; readonly reason: string }[];
}

/**
 * A ceiling on a predicted outcome over the posterior ensemble: its mean, the share of members above `threshold`
 * (a posterior probability), or the share of members whose outcome under the plan exceeds their own outcome under
 * the current plan by more than `threshold` (`share-rising`: the posterior probability that the plan makes it worse
 * by more than that, paired member by member, so common random numbers cancel the noise both share).
 * Limit = min(max, current plan's + maxRiseOverCurrent); where the current plan is already above that limit, the
 * current plan's value plus `riseWhenAbove` (default 0: no plan may be worse than now).
 */
export interface OutcomeCeiling {
  readonly key: string;
  readonly description: string;
  /** An outcome name of the what-if plug-in, e.g. `time_below_54`. */
  readonly outcome: string;
  readonly statistic: 'mean' | 'share-above' | 'share-rising';
  readonly threshold?: number;
  readonly max: number;
  readonly maxRiseOverCurrent?: number;
  /**
   * How far a plan may exceed the current plan's value where that already breaks the limit (default 0). A small
   * tolerance keeps Monte Carlo noise of a few hundredths of a point from refusing every plan for a person the twin
   * already sees above a target; the paired chance constraints guard the rise itself.
   */
  readonly riseWhenAbove?: number;
}

/**
 * A check that the twin reproduces what the person's own data show (a posterior predictive check, Gelman A, Meng XL,
 * Stern H. Posterior predictive assessment of model fitness via realized discrepancies. Statistica Sinica
 * 1996;6:733-807): the ensemble mean of `outcome` under the current plan against its value `observed` in the
 * person's recent data. When they differ by more than `tolerance`, the twin's predictions are not trusted and no plan
 * is offered ("no change", with the reason).
 */
export interface AdequacyCheck {
  readonly outcome: string;
  readonly observed: number;
  readonly tolerance: number;
  readonly description: string;
}

/** The searchable plans of one twin with their limits; plans are values per dimension, in `dimensions` order. */
export interface PlanSpace {
  readonly dimensions: readonly PlanDimension[];
  readonly ceilings: readonly OutcomeCeiling[];
  /** Checks of the twin against the person's recent data before any plan is offered (none: not checked). */
  readonly adequacy?: readonly AdequacyCheck[];
  /** The outcome to improve (its mean over the ensemble). */
  readonly objective: { readonly outcome: string; readonly direction: 'maximise' | 'minimise' };
  /** The current settings as changes stated for every arm: the what-if's baseline is exactly them. */
  readonly current: readonly WhatIfChange[];
  /** What the space assumed (current settings and where they came from), reported with the answer. */
  readonly assumptions: Readonly<Record<string, unknown>>;
  /** A plan at the settings' resolution (what a device can be set to): the plan evaluated, checked and shown. */
  normalise(values: readonly number[]): number[];
  /** The changes that set a plan. */
  changesOf(values: readonly number[]): WhatIfChange[];
  /** Hard limits of the plug-in beyond each dimension's range and step (e.g. the highest basal rate), as reasons. */
  planViolations(values: readonly number[]): string[];
  /** The plan as the answer shows it: settings, and the changes in the what-if request's form. */
  describe(values: readonly number[]): Readonly<Record<string, unknown>>;
}

export interface PlanSpaceRequest {
  readonly current: readonly WhatIfChange[];
  /** What the plug-in's parseLimits returned. */
  readonly limits: unknown;
  readonly context: WhatIfContext;
}

export interface OptimisePlugin {
  /** The kind of recommendation (the URL's last segment), e.g. `t1d-settings`. */
  readonly kind: string;
  /** The id of the what-if plug-in that simulates its plans. */
  readonly whatIfPlugin: string;
  appliesTo(component: EnsembleComponent): boolean;
  /** Reads the request's `limits` (undefined: the defaults); throws RecommendInputError naming `${field}.<name>`. */
  parseLimits(body: unknown, field: string): unknown;
  /** Throws RecommendInputError for current settings it cannot search from (naming the field). */
  planSpace(twin: WhatIfTwin, request: PlanSpaceRequest): PlanSpace;
}
