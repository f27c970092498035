/**
 * The what-if engine (issue 15): the twin's posterior ensemble (every member's current state and parameters) run
 * forward under each arm by the plug-ins of the twin's components, with common random numbers (every draw keyed by
 * patient, seed and member, never by arm), then summarised per arm and as paired differences to the first arm.
 * `planWhatIf` does every check before anything runs; `executeWhatIf` runs in slices, yielding to the event loop,
 * reporting progress and stopping when its signal is aborted.
 */
import { RecommendInputError } from '../shared/recommend-input.error';
import { summariseArms, type ArmOutcomes } from './summarise-outcomes';
import type { OutcomeDefinition, ParallelArms, PreparedWhatIf, WhatIfChange, WhatIfContext, WhatIfPlugin, WhatIfRequest, WhatIfTwin } from './what-if-plugin';
import type { WhatIfRegistry } from './what-if-registry';
import { WHAT_IF_STEP_MIN } from './parse-what-if-request';
import { DEFAULT_WHAT_IF_THREADS, whatIfWorkerPool } from './what-if-worker-pool';
import { pluginParts } from './parts/twin-parts';

/** The twin cannot be simulated (no state yet, or no component any plug-in simulates): HTTP 422. */
export class WhatIfUnavailableError extends Error {
  readonly code = 'WHAT_IF_UNAVAILABLE';
  constructor(message: string) {
    super(message);
    this.name = 'WhatIfUnavailableError';
  }
}

export class WhatIfCancelledError extends Error {
  readonly code = 'WHAT_IF_CANCELLED';
  constructor() {
    super('the simulation was cancelled');
    this.name = 'WhatIfCancelledError';
  }
}

export interface WhatIfPlan {
  readonly request: WhatIfRequest;
  readonly context: WhatIfContext;
  readonly members: number;
  readonly parts: readonly { readonly plugin: WhatIfPlugin; readonly prepared: PreparedWhatIf; readonly arms: readonly (readonly WhatIfChange[])[] }[];
}

/** One plug-in's part of the answer: its assumptions, outcome definitions and per-arm summaries. */
export type ComponentOutcomes = Readonly<{ plugin: string; assumptions: Readonly<Record<string, unknown>>; outcomes: readonly OutcomeDefinition[]; arms: readonly ArmOutcomes[] }>;

/** The answer: the run's identity and time line (ISO times, 5-min steps), the arms' names, each plug-in's part. */
export type WhatIfResult = Readonly<Record<'patient_id' | 'horizon' | 'start' | 'end', string>> &
  Readonly<Record<'seed' | 'members' | 'step_min', number>> &
  Readonly<{ arms: readonly string[]; components: readonly ComponentOutcomes[] }>;

export interface WhatIfRunOptions {
  /** Called with the fraction done (0–1) after every slice. */
  readonly onProgress?: (fraction: number) => void;
  readonly signal?: AbortSignal;
  /** Longest stretch of work (ms) between yields to the event loop (default 20; in-thread runs only). */
  readonly yieldEveryMs?: number;
  /**
   * Worker threads for plug-ins that offer them (default DEFAULT_WHAT_IF_THREADS; 1: in this thread). The results
   * are the same bit for bit whatever the number.
   */
  readonly threads?: number;
}

function checkWindow(change: WhatIfChange, context: WhatIfContext): void {
  const endMs = context.startMs + context.horizonMin * 60_000;
  if (change.startMs !== undefined && change.startMs >= endMs) {
    throw new RecommendInputError(`${change.field}.start`, `must be before the horizon ends (${new Date(endMs).toISOString()})`);
  }
  if (change.endMs !== undefined && change.endMs <= context.startMs) {
    throw new RecommendInputError(`${change.field}.end`, `must be after the simulation starts, at the twin's time (${new Date(context.startMs).toISOString()})`);
  }
}

/** Every check and every arm-independent preparation; throws RecommendInputError or WhatIfUnavailableError. */
export function planWhatIf(twin: WhatIfTwin, request: WhatIfRequest, registry: WhatIfRegistry): WhatIfPlan {
  if (twin.ensemble.length === 0 || !Number.isFinite(twin.currentTimeMs)) throw new WhatIfUnavailableError('the twin has no state yet');
  const context: WhatIfContext = { patientId: twin.patientId, seed: request.seed, startMs: twin.currentTimeMs, horizonMin: request.horizonMin, utcOffsetMin: request.utcOffsetMin };
  // a whole-person twin is a composite: each plug-in gets the part (child component, member slice) it simulates
  const applicable = pluginParts(twin, registry.plugins);
  const plugins = applicable.map((a) => a.plugin);
  for (const change of [...request.current, ...request.arms.flatMap((a) => a.changes)]) {
    checkWindow(change, context);
    if (!plugins.some((p) => p.changeKinds.includes(change.kind))) {
      throw new RecommendInputError(`${change.field}.kind`, `"${change.kind}" applies to a component this person's twin does not have`);
    }
  }
  if (plugins.length === 0) throw new WhatIfUnavailableError('no what-if plug-in simulates this twin’s components');
  const parts = applicable.map(({ plugin, twin: part }) => {
    const own = (changes: readonly WhatIfChange[]): WhatIfChange[] => changes.filter((c) => plugin.changeKinds.includes(c.kind));
    const arms = request.arms.map((a) => own(a.changes));
    const prepared = plugin.prepare(part, { ...request, current: own(request.current), arms: request.arms.map((a, i) => ({ name: a.name, changes: arms[i] })) }, context);
    return { plugin, prepared, arms };
  });
  return { request, context, members: twin.ensemble.length, parts };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs arms of one prepared part: per arm, per member, the plug-in's outcomes; on worker threads when the plug-in
 * offers it and `threads` > 1, else a slice at a time in this thread. `tick` is told of the units done since it was
 * last called (for progress); cancellation is checked every unit (every job on threads).
 */
export async function simulateArms(
  prepared: PreparedWhatIf,
  arms: readonly (readonly WhatIfChange[])[],
  options: Pick<WhatIfRunOptions, 'signal' | 'yieldEveryMs' | 'threads'>,
  tick: (units: number) => void = () => undefined,
): Promise<(readonly Float64Array[])[]> {
  const threads = options.threads ?? DEFAULT_WHAT_IF_THREADS;
  if (prepared.parallel !== undefined && threads > 1) return simulateArmsOnThreads(prepared.parallel, arms, threads, options.signal, tick);
  const yieldEveryMs = options.yieldEveryMs ?? 20;
  let lastYield = performance.now();
  let pending = 0;
  const perArm: (readonly Float64Array[])[] = [];
  for (const changes of arms) {
    const arm = prepared.startArm(changes);
    for (;;) {
      if (options.signal?.aborted) throw new WhatIfCancelledError();
      const n = arm.advance(1);
      if (n === 0) break;
      pending += n;
      if (performance.now() - lastYield >= yieldEveryMs) {
        tick(pending);
        pending = 0;
        await nextTurn();
        lastYield = performance.now();
      }
    }
    perArm.push(arm.outcomes());
  }
  tick(pending);
  return perArm;
}

/** Every arm's jobs queued at once on the process's pool; the answers put back in job order. */
async function simulateArmsOnThreads(
  parallel: ParallelArms,
  arms: readonly (readonly WhatIfChange[])[],
  threads: number,
  signal: AbortSignal | undefined,
  tick: (units: number) => void,
): Promise<(readonly Float64Array[])[]> {
  if (signal?.aborted) throw new WhatIfCancelledError();
  const pool = whatIfWorkerPool(await parallel.workerFile(), threads);
  if (signal?.aborted) throw new WhatIfCancelledError();
  const perArm = arms.map((changes) => parallel.jobs(changes));
  const cancelled = new Promise<never>((_, reject) => signal?.addEventListener('abort', () => reject(new WhatIfCancelledError()), { once: true }));
  cancelled.catch(() => undefined);
  const results = await Promise.race([
    Promise.all(
      perArm.map((jobs) =>
        Promise.all(
          jobs.map(async ({ job, units }) => {
            // jobs still queued when the run is cancelled are dropped
            const result = await pool.run(job, signal).catch((error: unknown) => {
              throw signal?.aborted === true ? new WhatIfCancelledError() : error;
            });
            tick(units);
            return result;
          }),
        ),
      ),
    ),
    cancelled,
  ]);
  return results.map((r) => parallel.outcomes(r));
}

/** Runs every arm of every part, a slice at a time. */
export async function executeWhatIf(plan: WhatIfPlan, options: WhatIfRunOptions = {}): Promise<WhatIfResult> {
  const total = plan.parts.reduce((s, p) => s + p.prepared.units * p.arms.length, 0);
  let done = 0;
  const components: ComponentOutcomes[] = [];
  for (const part of plan.parts) {
    const perArm = await simulateArms(part.prepared, part.arms, options, (n) => {
      done += n;
      options.onProgress?.(done / total);
    });
    const names = plan.request.arms.map((a) => a.name);
    const outcomes = part.plugin.outcomes.map(({ name, unit, description }) => ({ name, unit, description }));
    components.push({ plugin: part.plugin.id, assumptions: part.prepared.assumptions, outcomes, arms: summariseArms(names, part.plugin.outcomes, perArm) });
  }
  options.onProgress?.(1);
  const { context, request } = plan;
  return {
    patient_id: context.patientId,
    horizon: request.horizon,
    seed: request.seed,
    members: plan.members,
    start: new Date(context.startMs).toISOString(),
    end: new Date(context.startMs + context.horizonMin * 60_000).toISOString(),
    step_min: WHAT_IF_STEP_MIN,
    arms: request.arms.map((a) => a.name),
    components,
  };
}
