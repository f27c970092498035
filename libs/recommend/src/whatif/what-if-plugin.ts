/**
 * What a component's what-if plug-in provides (issue 15): the change kinds it owns and how to read them, the
 * outcomes it reports per member, and the simulation of the twin's posterior ensemble under an arm. The engine
 * (runWhatIf) knows none of them: a blood-pressure, warfarin or weight plug-in registers its own change kinds
 * (a drug dose with a schedule, an intake or activity change), outcomes and limits in a WhatIfRegistry.
 */
import type { MetricDefinition } from '@shuji/population';
import type { EnsembleComponent, TwinEngine } from '@shuji/twin';

/** What a what-if reads of a twin: its log, its posterior ensemble (or a subset of it), its time. */
export type WhatIfTwin = Pick<TwinEngine, 'patientId' | 'component' | 'ensemble' | 'events' | 'currentTimeMs'>;

/** One change of an arm, as parsed: its kind, when it applies (epoch ms, [start, end)), and the plug-in's value. */
export interface WhatIfChange {
  readonly kind: string;
  /** Where it was in the request, e.g. `arms[1].changes[0]`: errors found later name it. */
  readonly field: string;
  readonly startMs?: number;
  readonly endMs?: number;
  /** What the plug-in's parseChange returned. */
  readonly value: unknown;
}

export interface WhatIfArm {
  readonly name: string;
  readonly changes: readonly WhatIfChange[];
}

/** What a run's time line and draws are keyed by: its seed, its length, the person's clock. */
export interface WhatIfClock {
  readonly seed: number;
  readonly horizonMin: number;
  /** Minutes east of UTC: times of day in changes and meal plans are on the person's clock. */
  readonly utcOffsetMin: number;
}

export interface WhatIfRequest extends WhatIfClock {
  /** As given (an ISO 8601 duration). */
  readonly horizon: string;
  /** Settings stated for every arm instead of those inferred from the twin's log. */
  readonly current: readonly WhatIfChange[];
  readonly arms: readonly WhatIfArm[];
}

/** An outcome a plug-in reports per member: name, unit, description (as a population program's metrics). */
export type OutcomeDefinition = MetricDefinition;

/** The time line and the common random numbers every arm shares: the twin's time is the start. */
export interface WhatIfContext extends WhatIfClock {
  readonly patientId: string;
  readonly startMs: number;
}

/** One arm under way: advanced a slice at a time so the engine can report progress, yield and cancel. */
export interface ArmSimulation {
  /** Advances by up to `units` of work (the plug-in's steps); returns how many it did (0 when finished). */
  advance(units: number): number;
  /** Per member, the outcome values in the plug-in's `outcomes` order (once advance returned 0). */
  outcomes(): readonly Float64Array[];
}

/**
 * An arm as independent jobs for worker threads, whose outcomes equal startArm's bit for bit whatever the number of
 * threads (the plug-in's spec shows it).
 */
export interface ParallelArms {
  /** The worker script (workerThreadFile of @shuji/models); it answers `{ id, result }` to `{ id, job }`. */
  workerFile(): Promise<string>;
  /** The arm's jobs (plain data: they are posted to workers), each with its share of the arm's units. */
  jobs(changes: readonly WhatIfChange[]): readonly { readonly job: unknown; readonly units: number }[];
  /** The jobs' results, in job order, as the arm's per-member outcomes. */
  outcomes(results: readonly unknown[]): readonly Float64Array[];
}

/** Everything arm-independent of one run: the baseline settings and the draws of the common random numbers. */
export interface PreparedWhatIf {
  /** Units of work of one arm (the denominator of progress). */
  readonly units: number;
  /** What the simulation assumed (baseline settings, where each came from), reported with the result. */
  readonly assumptions: Readonly<Record<string, unknown>>;
  startArm(changes: readonly WhatIfChange[]): ArmSimulation;
  /** Present when the arms can run on worker threads. */
  readonly parallel?: ParallelArms;
}

/**
 * A personal target of a health-management plan (issue 15 item 3), with where the person stands on it now. Ranges
 * are a guideline's (e.g. time in range > 70 %, Battelino et al. 2019), cited in `source`.
 */
export interface PlanTarget {
  /** Stable within the plug-in, e.g. `time-in-range`. */
  readonly id: string;
  /** Plain language, e.g. "Time in range (70–180 mg/dL) above 70 %". */
  readonly title: string;
  /** The plug-in outcome it is measured by in a simulation, when one is (what-if outcome name), else null. */
  readonly outcome: string | null;
  readonly unit: string;
  /** The target range; null where open. */
  readonly low: number | null;
  readonly high: number | null;
  /** From the person's own recent data (null: no data); `currentSource` says which (e.g. "CGM, last 14 days"). */
  readonly current: number | null;
  readonly currentSource: string;
  readonly source: string;
}

/**
 * A concrete action a plan may propose: an arm simulated on the twin's posterior against the current settings (common
 * random numbers); the plan engine keeps it only where its predicted effect on `outcome` is an improvement.
 */
export interface PlanSuggestion {
  /** Stable within the plug-in, e.g. `bolus-every-meal`. */
  readonly id: string;
  /** Plain language, imperative, at most 80 characters. */
  readonly title: string;
  /** Plain language: what to do and why, at most 400 characters. */
  readonly detail: string;
  /** The arm, as parseChange returns changes (their `field` names the suggestion, e.g. `suggestions[0].changes[0]`). */
  readonly changes: readonly WhatIfChange[];
  /** The outcome whose predicted difference is shown, and which direction is better. */
  readonly outcome: string;
  readonly better: 'higher' | 'lower';
  /** Safety: the action is dropped when the mean of any of these outcomes rises by more than `maxIncrease`. */
  readonly guards?: readonly { readonly outcome: string; readonly maxIncrease: number }[];
  /** The guideline or evidence behind the action. */
  readonly source: string;
}

/** What a plug-in contributes to a health-management plan, simulated over `horizon` (an ISO 8601 duration). */
export interface PlanContribution {
  readonly horizon: string;
  readonly targets: readonly PlanTarget[];
  readonly suggestions: readonly PlanSuggestion[];
}

export interface WhatIfPlugin {
  /** Names the plug-in in results, e.g. `t1d-glucose`. */
  readonly id: string;
  readonly changeKinds: readonly string[];
  readonly outcomes: readonly OutcomeDefinition[];
  /**
   * Reads one change's own fields (the envelope's kind, start and end are the engine's), checked against the
   * plug-in's limits; throws RecommendInputError naming `${field}.<name>`.
   */
  parseChange(kind: string, body: Readonly<Record<string, unknown>>, field: string): unknown;
  /** Whether the twin holds the component this plug-in simulates. */
  appliesTo(component: EnsembleComponent): boolean;
  /**
   * The baseline (the current settings: from the request, else inferred from the twin's log) and the common random
   * numbers; throws RecommendInputError for a request the twin cannot serve (e.g. nothing to infer a meal plan from).
   */
  prepare(twin: WhatIfTwin, request: WhatIfRequest, context: WhatIfContext): PreparedWhatIf;
  /**
   * Targets and candidate actions for a health-management plan, from the twin and its log (optional: a plug-in
   * without it adds nothing to plans). `nowMs` is the twin's time; times of day are on the person's clock.
   */
  plan?(twin: WhatIfTwin, context: { readonly nowMs: number; readonly utcOffsetMin: number }): PlanContribution;
}
