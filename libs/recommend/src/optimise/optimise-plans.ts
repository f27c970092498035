/**
 * The optimiser (issue 15, item 2): the plans of a component's plan space that best meet the objective on the twin's
 * posterior ensemble, under hard limits. Two stages, both through the what-if engine with common random numbers
 * (every plan meets the same members, meals and disturbances, so plans are compared paired):
 *  1. screening: compass search (compass-search.ts) from the current plan inside its allowed steps, each plan scored
 *     on an evenly spaced subset of the members over a short horizon; a plan that breaks a limit scores nothing;
 *  2. the best few screened plans, and the current plan, run again on every member over the whole horizon.
 * Every plan offered passes HardLimits on that final run; one that breaks a limit is dropped with its reasons, and so
 * is one that does not improve on the current plan. Pure: reads the twin, writes nothing, applies nothing.
 */
import { WHAT_IF_STEP_MIN } from '../whatif/parse-what-if-request';
import { planWhatIf, simulateArms, WhatIfUnavailableError } from '../whatif/run-what-if';
import { distributionOf, type Distribution } from '../whatif/summarise-outcomes';
import type { PreparedWhatIf, WhatIfChange, WhatIfClock, WhatIfPlugin, WhatIfRequest, WhatIfTwin } from '../whatif/what-if-plugin';
import type { WhatIfRegistry } from '../whatif/what-if-registry';
import { partTwin, twinParts } from '../whatif/parts/twin-parts';
import { compassSearch } from './compass-search';
import { HardLimits, type CeilingCheck } from './hard-limits';
import { outcomeSensitivity, type OutcomeSensitivity } from './outcome-sensitivity';
import type { OptimisePlugin, PlanSpace } from './optimise-plugin';

export interface OptimiseRequest extends WhatIfClock {
  /** As given (an ISO 8601 duration): the horizon of the final scoring. */
  readonly horizon: string;
  readonly current: readonly WhatIfChange[];
  /** What the plug-in's parseLimits returned. */
  readonly limits: unknown;
  /** How many ranked options to answer at most. */
  readonly options: number;
}

/** The search's own settings (not a request's): sized so one optimisation of 64 members takes seconds. */
export interface OptimiseSettings {
  /** Members of the screening subset (evenly spaced over the ensemble). */
  readonly screenMembers: number;
  /** Horizon of the screening runs (minutes; the request's when shorter). */
  readonly screenHorizonMin: number;
  /** Plans scored in the screening, the current one included. */
  readonly maxEvaluations: number;
  /** Screened plans run again on the whole ensemble. */
  readonly finalists: number;
  /** Smallest gain of the objective's mean that moves the search (its units; below it is Monte Carlo noise). */
  readonly minGain: number;
  /**
   * Smallest posterior probability that a plan improves the objective, paired member by member, for it to be
   * offered: below it the twin cannot tell the plan from the current one, and "no change" is the answer.
   */
  readonly minImprovementProbability: number;
}

export const DEFAULT_OPTIMISE_SETTINGS: OptimiseSettings = { screenMembers: 16, screenHorizonMin: 3 * 1440, maxEvaluations: 30, finalists: 3, minGain: 0.1, minImprovementProbability: 0.5 };

export interface OptimiseRunOptions {
  readonly onProgress?: (fraction: number) => void;
  readonly signal?: AbortSignal;
  readonly yieldEveryMs?: number;
  /**
   * Diagnostics (the validation's): each finalist of the final stage, its members' outcomes beside the same members'
   * under the current plan (what-if outcome order), and why it was dropped (empty: offered).
   */
  readonly onFinalist?: (finalist: FinalistScore) => void;
}

export interface FinalistScore {
  readonly settings: Readonly<Record<string, number>>;
  readonly perMember: readonly Float64Array[];
  readonly current: readonly Float64Array[];
  readonly reasons: readonly string[];
}

export interface PlanOutcomes {
  readonly plan: Readonly<Record<string, unknown>>;
  readonly settings: Readonly<Record<string, number>>;
  readonly outcomes: Readonly<Record<string, Distribution>>;
}

export interface PlanOption extends PlanOutcomes {
  readonly rank: number;
  /** Relative change of each setting from the current plan (%). */
  readonly step_percent: Readonly<Record<string, number>>;
  /** Option − current plan, per member then summarised (the posterior uncertainty of the effect). */
  readonly difference: Readonly<Record<string, Distribution>>;
  /** Each ceiling's predicted value and its limit. */
  readonly limits: readonly CeilingCheck[];
  /** The personal parameters the predicted gain in the objective rests on most (over the posterior members). */
  readonly sensitivity: OutcomeSensitivity;
}

export interface DroppedPlan {
  readonly stage: 'screening' | 'final';
  readonly settings: Readonly<Record<string, number>>;
  readonly reasons: readonly string[];
}

export interface OptimiseResult {
  readonly patient_id: string;
  readonly kind: string;
  readonly horizon: string;
  readonly seed: number;
  readonly members: number;
  readonly start: string;
  readonly end: string;
  readonly objective: PlanSpace['objective'];
  readonly hard_limits: { readonly dimensions: PlanSpace['dimensions']; readonly ceilings: PlanSpace['ceilings'] };
  readonly screening: { readonly members: number; readonly horizon_min: number; readonly evaluated: number; readonly iterations: number };
  readonly current: PlanOutcomes;
  /** Each adequacy check: the twin's prediction for the current plan against the person's recent data. */
  readonly adequacy: readonly { readonly outcome: string; readonly predicted: number; readonly observed: number; readonly tolerance: number; readonly passed: boolean }[];
  /** Best first; empty when no plan both meets every limit and improves on the current one, or the twin fails an adequacy check. */
  readonly options: readonly PlanOption[];
  readonly dropped: readonly DroppedPlan[];
  readonly assumptions: Readonly<Record<string, unknown>>;
  readonly applied: false;
}

/** A view of the twin with an evenly spaced subset of its members (the screening ensemble). */
function subsetOf(twin: WhatIfTwin, count: number): WhatIfTwin {
  const all = twin.ensemble;
  if (count >= all.length) return twin;
  const ensemble = Array.from({ length: count }, (_, i) => all[Math.floor((i * all.length) / count)]);
  return { patientId: twin.patientId, component: twin.component, events: twin.events, currentTimeMs: twin.currentTimeMs, ensemble };
}

/** Everything checked and prepared before a search runs: the plan space, its limits, the two stages' what-ifs. */
export interface OptimisationPlan {
  readonly twin: WhatIfTwin;
  readonly request: OptimiseRequest;
  readonly plugin: OptimisePlugin;
  readonly whatIf: WhatIfPlugin;
  readonly space: PlanSpace;
  readonly limits: HardLimits;
  readonly settings: OptimiseSettings;
  readonly screenTwin: WhatIfTwin;
  readonly screenHorizonMin: number;
  readonly screen: PreparedWhatIf;
  readonly final: PreparedWhatIf;
}

/** Every check before anything runs; throws RecommendInputError (naming the field) or WhatIfUnavailableError. */
export function planOptimisation(
  wholeTwin: WhatIfTwin,
  request: OptimiseRequest,
  plugin: OptimisePlugin,
  whatIfRegistry: WhatIfRegistry,
  settings: OptimiseSettings = DEFAULT_OPTIMISE_SETTINGS,
): OptimisationPlan {
  if (wholeTwin.ensemble.length === 0 || !Number.isFinite(wholeTwin.currentTimeMs)) throw new WhatIfUnavailableError('the twin has no state yet');
  // a whole-person twin: the plug-in plans on its own part (its child component, its slice of every member)
  const part = twinParts(wholeTwin.component).find((p) => plugin.appliesTo(p.component));
  if (part === undefined) throw new WhatIfUnavailableError(`this person's twin has no component a ${plugin.kind} recommendation applies to`);
  const twin = partTwin(wholeTwin, part);
  const whatIf = whatIfRegistry.plugins.find((p) => p.id === plugin.whatIfPlugin);
  if (whatIf === undefined) throw new RangeError(`no what-if plug-in "${plugin.whatIfPlugin}" is registered`);
  const context = { patientId: twin.patientId, seed: request.seed, startMs: twin.currentTimeMs, horizonMin: request.horizonMin, utcOffsetMin: request.utcOffsetMin };
  const space = plugin.planSpace(twin, { current: request.current, limits: request.limits, context });
  const limits = new HardLimits(space, whatIf.outcomes.map((o) => o.name));
  if (!whatIf.outcomes.some((o) => o.name === space.objective.outcome)) throw new RangeError(`objective: no outcome "${space.objective.outcome}"`);
  const screenTwin = subsetOf(twin, settings.screenMembers);
  const screenHorizonMin = Math.min(request.horizonMin, Math.max(60, Math.round(settings.screenHorizonMin / WHAT_IF_STEP_MIN) * WHAT_IF_STEP_MIN));
  const screen = prepare(screenTwin, { ...request, horizonMin: screenHorizonMin }, space, whatIf, whatIfRegistry);
  const final = prepare(twin, request, space, whatIf, whatIfRegistry);
  return { twin, request, plugin, whatIf, space, limits, settings, screenTwin, screenHorizonMin, screen, final };
}

/** planOptimisation, then executeOptimisation. */
export async function optimisePlans(
  twin: WhatIfTwin,
  request: OptimiseRequest,
  plugin: OptimisePlugin,
  whatIfRegistry: WhatIfRegistry,
  settings: OptimiseSettings = DEFAULT_OPTIMISE_SETTINGS,
  run: OptimiseRunOptions = {},
): Promise<OptimiseResult> {
  return executeOptimisation(planOptimisation(twin, request, plugin, whatIfRegistry, settings), run);
}

/** Runs the two stages of a planned optimisation, in slices (progress, cancellation as a what-if's). */
export async function executeOptimisation(optimisation: OptimisationPlan, run: OptimiseRunOptions = {}): Promise<OptimiseResult> {
  const { twin, request, plugin, whatIf, space, limits, settings, screenTwin, screen, final } = optimisation;
  const screenHorizon = optimisation.screenHorizonMin;
  const startMs = twin.currentTimeMs;
  const objective = whatIf.outcomes.findIndex((o) => o.name === space.objective.outcome);
  const sign = space.objective.direction === 'maximise' ? 1 : -1;
  const meanOf = (perMember: readonly Float64Array[]): number => perMember.reduce((s, m) => s + m[objective], 0) / perMember.length;
  const total = screen.units * settings.maxEvaluations + final.units * (settings.finalists + 1);
  let done = 0;
  const tick = (n: number): void => {
    done += n;
    run.onProgress?.(Math.min(1, done / total));
  };
  // the current plan is the arm with no change (the plan space states it as every arm's baseline)
  const simulate = (prepared: PreparedWhatIf, plans: readonly (readonly number[] | null)[]) =>
    simulateArms(prepared, plans.map((p) => (p === null ? [] : space.changesOf(p))), run, tick);
  const settingsOf = (values: readonly number[]): Record<string, number> => Object.fromEntries(space.dimensions.map((d, i) => [d.key, values[i]]));
  const dropped: DroppedPlan[] = [];

  // 1. screening
  const start = space.normalise(space.dimensions.map((d) => d.current));
  const [currentScreen] = await simulate(screen, [null]);
  const search = await compassSearch(
    {
      start,
      lower: space.dimensions.map((d) => Math.max(d.min, d.forbidden?.some((f) => f.direction === 'decrease') ? d.current : d.current * (1 - d.maxStepFraction))),
      upper: space.dimensions.map((d) => Math.min(d.max, d.forbidden?.some((f) => f.direction === 'increase') ? d.current : d.current * (1 + d.maxStepFraction))),
      initialStep: space.dimensions.map((d) => (d.current * d.maxStepFraction) / 2),
      minStep: space.dimensions.map((d) => (d.current * d.maxStepFraction) / 8),
    },
    async (points) => {
      const perPlan = await simulate(screen, points);
      return perPlan.map((perMember, i) => {
        const reasons = limits.reasons(points[i], perMember, currentScreen);
        if (reasons.length > 0) dropped.push({ stage: 'screening', settings: settingsOf(points[i]), reasons });
        return reasons.length > 0 ? null : sign * meanOf(perMember);
      });
    },
    { maxEvaluations: settings.maxEvaluations, minGain: settings.minGain, normalise: (p) => space.normalise(p) },
  );

  // 2. the best screened plans (not the current one) on every member over the whole horizon
  const isCurrent = (p: readonly number[]): boolean => p.every((x, i) => x === start[i]);
  const finalists = search.evaluated
    .filter((s) => s.score !== null && !isCurrent(s.point))
    .sort((a, b) => b.score! - a.score!)
    .slice(0, settings.finalists)
    .map((s) => s.point);
  const [current, ...perFinalist] = await simulate(final, [null, ...finalists]);
  const names = whatIf.outcomes.map((o) => o.name);
  const adequacy = (space.adequacy ?? []).map((c) => {
    const k = names.indexOf(c.outcome);
    if (k < 0) throw new RangeError(`adequacy: no outcome "${c.outcome}"`);
    const predicted = current.reduce((s, m) => s + m[k], 0) / current.length;
    return { outcome: c.outcome, predicted, observed: c.observed, tolerance: c.tolerance, passed: Math.abs(predicted - c.observed) <= c.tolerance, description: c.description };
  });
  const inadequate = adequacy
    .filter((a) => !a.passed)
    .map((a) => `the twin does not reproduce the person's ${a.description}: predicts ${round1(a.predicted)} for the current plan, the data show ${round1(a.observed)} (tolerance ${a.tolerance})`);
  const summary = (perMember: readonly Float64Array[], minus?: readonly Float64Array[]): Record<string, Distribution> =>
    Object.fromEntries(names.map((name, k) => [name, distributionOf(Float64Array.from(perMember, (m, j) => m[k] - (minus === undefined ? 0 : minus[j][k])))]));
  const options: Omit<PlanOption, 'rank'>[] = [];
  finalists.forEach((values, i) => {
    const perMember = perFinalist[i];
    const reasons = [...inadequate, ...limits.reasons(values, perMember, current)];
    if (!(sign * (meanOf(perMember) - meanOf(current)) > 0)) reasons.push(`does not improve the mean ${space.objective.outcome} on the current plan`);
    const improving = perMember.filter((m, j) => sign * (m[objective] - current[j][objective]) > 0).length / perMember.length;
    if (improving < settings.minImprovementProbability) {
      reasons.push(`improves ${space.objective.outcome} for ${Math.round(100 * improving)} % of the members, fewer than ${Math.round(100 * settings.minImprovementProbability)} %`);
    }
    run.onFinalist?.({ settings: settingsOf(values), perMember, current, reasons });
    if (reasons.length > 0) {
      dropped.push({ stage: 'final', settings: settingsOf(values), reasons });
      return;
    }
    options.push({
      plan: space.describe(values),
      settings: settingsOf(values),
      step_percent: Object.fromEntries(space.dimensions.map((d, k) => [d.key, Math.round((1000 * (values[k] - d.current)) / d.current) / 10])),
      outcomes: summary(perMember),
      difference: summary(perMember, current),
      limits: limits.ceilings(perMember, current),
      sensitivity: outcomeSensitivity(
        twin,
        perMember.map((m, j) => m[objective] - current[j][objective]),
        `${space.objective.outcome} (option − current)`,
      ),
    });
  });
  const key = (o: Omit<PlanOption, 'rank'>): number => sign * o.outcomes[space.objective.outcome].mean;
  run.onProgress?.(1);
  return {
    patient_id: twin.patientId,
    kind: plugin.kind,
    horizon: request.horizon,
    seed: request.seed,
    members: twin.ensemble.length,
    start: new Date(startMs).toISOString(),
    end: new Date(startMs + request.horizonMin * 60_000).toISOString(),
    objective: space.objective,
    hard_limits: { dimensions: space.dimensions, ceilings: space.ceilings },
    screening: { members: screenTwin.ensemble.length, horizon_min: screenHorizon, evaluated: search.evaluated.length, iterations: search.iterations },
    current: { plan: space.describe(start), settings: settingsOf(start), outcomes: summary(current) },
    adequacy: adequacy.map(({ outcome, predicted, observed, tolerance, passed }) => ({ outcome, predicted, observed, tolerance, passed })),
    options: options
      .sort((a, b) => key(b) - key(a))
      .slice(0, request.options)
      .map((o, i) => ({ rank: i + 1, ...o })),
    dropped,
    assumptions: { ...space.assumptions, ...final.assumptions },
    applied: false,
  };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** The what-if of a plan space on a twin (or a view of it): every check of planWhatIf, the plug-in's part prepared. */
function prepare(twin: WhatIfTwin, request: OptimiseRequest, space: PlanSpace, whatIf: WhatIfPlugin, registry: WhatIfRegistry): PreparedWhatIf {
  const whatIfRequest: WhatIfRequest = { horizon: request.horizon, horizonMin: request.horizonMin, seed: request.seed, utcOffsetMin: request.utcOffsetMin, current: space.current, arms: [] };
  const part = planWhatIf(twin, whatIfRequest, registry).parts.find((p) => p.plugin === whatIf);
  if (part === undefined) throw new WhatIfUnavailableError(`the what-if plug-in ${whatIf.id} does not simulate this twin`);
  return part.prepared;
}
