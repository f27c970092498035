import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional, type OnModuleDestroy } from '@nestjs/common';
import { ACCESS_AUDIT, auditedRead, Permission, requireAccess, type AccessAudit, type Principal } from '@shuji/access';
import type { StoredRecommendation } from '@shuji/persistence';
import {
  compareRerun,
  executeOptimisation,
  closeWhatIfWorkerPools,
  executeWhatIf,
  optimisePluginFor,
  parseOptimiseRequest,
  parseWhatIfRequest,
  planOptimisation,
  planWhatIf,
  modelVersionOf,
  optimiseRecommendationDraft,
  RecommendInputError,
  twinBasisOf,
  WhatIfCancelledError,
  WhatIfUnavailableError,
  type OptimiseRegistry,
  type OptimiseResult,
  type RerunOutcome,
  type TwinBasis,
  type WhatIfRegistry,
  type WhatIfResult,
} from '@shuji/recommend';
import { TwinNotFoundError, TwinService } from '@shuji/twin';
import { CODE_VERSION, RECOMMENDATION_STORE, RecommendationStoreUnavailableError, type RecommendationStore } from './recommendation.tokens';

export const WHAT_IF_REGISTRY = Symbol('WhatIfRegistry');
export const OPTIMISE_REGISTRY = Symbol('OptimiseRegistry');
export const SIMULATION_JOB_OPTIONS = Symbol('SimulationJobOptions');

export interface SimulationJobOptions {
  /** Simulations running at once; later ones wait their turn (each holds the event loop ~20 ms at a time). */
  readonly maxConcurrent: number;
  /** How long a POST waits for its simulation before answering 202 with the job instead of 200 with the result. */
  readonly answerWithinMs: number;
  /** Jobs kept (the oldest finished ones are dropped first), and how long a finished one is kept. */
  readonly maxJobs: number;
  readonly keepFinishedMs: number;
  /**
   * How long a re-run of a stored recommendation may take, its wait for a run slot included (it runs in the request
   * that asked for it): beyond it the run stops and the request is answered 503 with Retry-After.
   */
  readonly rerunWithinMs: number;
}

export const DEFAULT_SIMULATION_JOB_OPTIONS: SimulationJobOptions = { maxConcurrent: 2, answerWithinMs: 1000, maxJobs: 256, keepFinishedMs: 3_600_000, rerunWithinMs: 120_000 };

export type SimulationStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** A job as GET /v1/simulations/:id answers it. */
export interface SimulationJobView {
  readonly id: string;
  readonly patient_id: string;
  readonly status: SimulationStatus;
  readonly progress: number;
  readonly created: string;
  readonly finished?: string;
  readonly result?: JobResult;
  readonly error?: string;
}

/** A recommendation's ranked options, stored: `recommendation_id` is its id under /v1/recommendations. */
export type StoredOptimiseResult = OptimiseResult & { readonly recommendation_id: string };

/** A what-if's result, or a recommendation's ranked options (issue 15, items 1 and 2). */
export type JobResult = WhatIfResult | StoredOptimiseResult;

/** The finished recommendation could not be stored (the job fails: nothing is recommended that is not stored). */
export class RecommendationNotStoredError extends Error {
  readonly code = 'RECOMMENDATION_NOT_STORED';
  constructor() {
    super('the recommendation could not be stored in the database, so none is given; try again');
    this.name = 'RecommendationNotStoredError';
  }
}

/** A re-run did not end within `rerunWithinMs` (the run slots were busy, or the run is long): HTTP 503, retry later. */
export class RerunTimedOutError extends Error {
  readonly code = 'RERUN_TIMED_OUT';
  constructor(withinMs: number) {
    super(`the re-run did not finish within ${Math.round(withinMs / 1000)} s (the simulations are busy); nothing changed, try again later`);
    this.name = 'RerunTimedOutError';
  }
}

/** No job with this id (never made, dropped, or another deployment's): HTTP 404. */
export class SimulationNotFoundError extends Error {
  readonly code = 'SIMULATION_NOT_FOUND';
  constructor() {
    super('no simulation with this id');
    this.name = 'SimulationNotFoundError';
  }
}

interface Job {
  readonly id: string;
  readonly patientId: string;
  readonly createdMs: number;
  readonly abort: AbortController;
  status: SimulationStatus;
  progress: number;
  finishedMs?: number;
  result?: JobResult;
  error?: string;
  done?: Promise<void>;
}

const isFinished = (job: Job): boolean => job.status === 'done' || job.status === 'failed' || job.status === 'cancelled';

/**
 * What-if simulations and settings recommendations of twins as in-process jobs: checked and planned in the request (a
 * bad one is refused and nothing is stored or run), then run on the event loop in slices (@shuji/recommend's
 * executeWhatIf, optimisePlans), at most `maxConcurrent` at once. Every call checks that the principal may read the
 * patient's twin and is audited. A recommendation is never applied: its result is the ranked options.
 */
@Injectable()
export class SimulationJobsService implements OnModuleDestroy {
  private readonly logger = new Logger('simulations');
  private readonly jobs = new Map<string, Job>();
  private readonly waiting: (() => void)[] = [];
  private running = 0;

  constructor(
    @Inject(TwinService) private readonly twins: TwinService,
    @Inject(WHAT_IF_REGISTRY) private readonly registry: WhatIfRegistry,
    @Inject(OPTIMISE_REGISTRY) private readonly optimisers: OptimiseRegistry,
    @Inject(SIMULATION_JOB_OPTIONS) private readonly options: SimulationJobOptions,
    @Inject(CODE_VERSION) private readonly codeVersion: string,
    @Optional() @Inject(ACCESS_AUDIT) private readonly audit?: AccessAudit,
    @Optional() @Inject(RECOMMENDATION_STORE) private readonly store?: RecommendationStore,
  ) {}

  /** Jobs held, queued to finished (a refused request adds none). */
  get held(): number {
    return this.jobs.size;
  }

  /** Checks, plans and starts a simulation; resolves with the job once done or after `answerWithinMs`. */
  async start(principal: Principal | undefined, patientId: string, body: unknown): Promise<SimulationJobView> {
    requireAccess(principal, Permission.TwinRead, patientId);
    const entry = { actor: principal.id, action: 'simulate-twin', patientId, resource: `Twin/${patientId}/simulations` };
    return this.startJob(entry, async () => {
      const request = parseWhatIfRequest(body, this.registry);
      const plan = planWhatIf(await this.twins.get(patientId), request, this.registry);
      return (j) => executeWhatIf(plan, { signal: j.abort.signal, onProgress: (p) => (j.progress = p) });
    });
  }

  /**
   * Checks and starts a recommendation of `kind` (its plug-in's plan space and limits) on the twin as of now (a mark
   * of its event log); answered as start is. The finished result is stored with what it rests on (TwinBasis) before
   * the job reports it done, so that it can be decided on and re-run; with no store to keep it nothing runs (503).
   */
  async recommend(principal: Principal | undefined, patientId: string, kind: string, body: unknown): Promise<SimulationJobView> {
    requireAccess(principal, Permission.TwinRead, patientId);
    const store = this.store;
    if (store === undefined) throw new RecommendationStoreUnavailableError();
    const entry = { actor: principal.id, action: 'recommend-twin', patientId, resource: `Twin/${patientId}/recommendations/${kind}` };
    return this.startJob(entry, async () => {
      const plugin = optimisePluginFor(kind, this.optimisers);
      const request = parseOptimiseRequest(body, plugin, this.registry);
      const asOf = await this.twins.asOf(patientId);
      const plan = planOptimisation(asOf.twin, request, plugin, this.registry);
      return async (j): Promise<StoredOptimiseResult> => {
        const result = await executeOptimisation(plan, { signal: j.abort.signal, onProgress: (p) => (j.progress = p) });
        const draft = optimiseRecommendationDraft({ request: body, result, basis: twinBasisOf(asOf), codeVersion: this.codeVersion });
        const id = randomUUID();
        try {
          await store.create({ id, kind: draft.kind, patientId: draft.patientId, inputs: draft.inputs, output: draft.output, headline: draft.headline, provenance: draft.provenance, createdBy: principal.id }, 'create-recommendation');
        } catch (err) {
          // no message: a database error may quote the row
          this.logger.error(`storing a recommendation failed (${(err as { code?: unknown }).code ?? (err instanceof Error ? err.name : 'error')})`);
          throw new RecommendationNotStoredError();
        }
        return { ...result, recommendation_id: id };
      };
    });
  }

  /**
   * Re-runs a stored recommendation computed on a twin: the twin folded again from its log through the stored mark,
   * the stored request (its seed) run again, the output compared with the stored one; a twin folded from other
   * events (a log changed under the mark) is named as a difference. Runs in a run slot like any simulation, within
   * `rerunWithinMs` from the call, the wait for the slot included (RerunTimedOutError beyond it).
   */
  async rerunStored(stored: StoredRecommendation & { readonly provenance: { readonly twin: TwinBasis } }): Promise<RerunOutcome> {
    const basis = stored.provenance.twin;
    const plugin = optimisePluginFor(stored.kind, this.optimisers);
    const request = parseOptimiseRequest(stored.inputs, plugin, this.registry);
    const deadline = AbortSignal.timeout(this.options.rerunWithinMs);
    const asOf = await this.twins.asOf(stored.patientId ?? '', basis.log_mark);
    const plan = planOptimisation(asOf.twin, request, plugin, this.registry);
    let result: OptimiseResult;
    try {
      result = await this.inRunSlot(() => executeOptimisation(plan, { signal: deadline }), deadline);
    } catch (err) {
      if (err instanceof WhatIfCancelledError && deadline.aborted) throw new RerunTimedOutError(this.options.rerunWithinMs);
      throw err;
    }
    const extra = asOf.eventsSha256 === basis.events_sha256 ? [] : ['/provenance/twin/events_sha256'];
    return compareRerun(stored.output, result, asOf.summary.components.map((c) => modelVersionOf(c.id)), extra);
  }

  private async startJob(entry: { actor: string; action: string; patientId: string; resource: string }, prepare: () => Promise<(job: Job) => Promise<JobResult>>): Promise<SimulationJobView> {
    const job = await auditedRead(this.audit, entry, async () => this.enqueue(entry.patientId, await prepare()), outcomeOf);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([job.done, new Promise((resolve) => (timer = setTimeout(resolve, this.options.answerWithinMs)))]);
    clearTimeout(timer);
    return view(job);
  }

  async get(principal: Principal | undefined, id: string): Promise<SimulationJobView> {
    const job = this.jobFor(principal, id);
    return auditedRead(this.audit, { actor: principal!.id, action: 'read-twin-simulation', patientId: job.patientId, resource: `Simulation/${id}` }, async () => view(job), outcomeOf);
  }

  /** Cancels a queued or running job (a finished one stays as it is). */
  async cancel(principal: Principal | undefined, id: string): Promise<SimulationJobView> {
    const job = this.jobFor(principal, id);
    return auditedRead(this.audit, { actor: principal!.id, action: 'cancel-twin-simulation', patientId: job.patientId, resource: `Simulation/${id}` }, async () => {
      job.abort.abort();
      // a queued job is cancelled now (it never takes a run slot); a running one stops at the end of its slice
      if (job.status === 'queued') Object.assign(job, { status: 'cancelled', finishedMs: Date.now() });
      else await job.done;
      return view(job);
    }, outcomeOf);
  }

  /** The job, once the principal may read its patient's twin (403 otherwise, audited by the filter). */
  private jobFor(principal: Principal | undefined, id: string): Job {
    requireAccess(principal, Permission.TwinRead);
    const job = this.jobs.get(id);
    if (job === undefined) throw new SimulationNotFoundError();
    requireAccess(principal, Permission.TwinRead, job.patientId);
    return job;
  }

  private enqueue(patientId: string, run: (job: Job) => Promise<JobResult>): Job {
    this.evict();
    const job: Job = { id: randomUUID(), patientId, createdMs: Date.now(), abort: new AbortController(), status: 'queued', progress: 0 };
    this.jobs.set(job.id, job);
    job.done = this.inRunSlot(async () => {
      try {
        if (job.abort.signal.aborted) throw new WhatIfCancelledError();
        job.status = 'running';
        job.result = await run(job);
        job.status = 'done';
      } catch (err) {
        job.status = err instanceof WhatIfCancelledError ? 'cancelled' : 'failed';
        // the message of a failed run names no person: the engine's errors carry fields and reasons only
        if (!(err instanceof WhatIfCancelledError)) {
          job.error = err instanceof Error ? err.message : String(err);
          this.logger.error(`a simulation failed: ${job.error}`);
        }
      } finally {
        job.finishedMs = Date.now();
      }
    });
    return job;
  }

  /**
   * Runs `work` in one of the run slots the jobs share (at most `maxConcurrent` simulations at once, the rest wait),
   * for other simulations of twins, e.g. a health plan's. With a signal, the wait ends (WhatIfCancelledError, no
   * slot taken) when it aborts.
   */
  async inRunSlot<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.turn(signal);
    try {
      return await work();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  /** Resolves when a run slot is free, and takes it; rejects, leaving the queue, if `signal` aborts first. */
  private async turn(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted === true) throw new WhatIfCancelledError();
    if (this.running >= this.options.maxConcurrent) {
      await new Promise<void>((resolve, reject) => {
        const leave = (): void => {
          const at = this.waiting.indexOf(go);
          if (at >= 0) this.waiting.splice(at, 1);
          reject(new WhatIfCancelledError());
        };
        const go = (): void => {
          signal?.removeEventListener('abort', leave);
          resolve();
        };
        signal?.addEventListener('abort', leave, { once: true });
        this.waiting.push(go);
      });
    }
    this.running++;
  }

  private evict(): void {
    const now = Date.now();
    for (const [id, job] of this.jobs) if (isFinished(job) && now - (job.finishedMs ?? now) > this.options.keepFinishedMs) this.jobs.delete(id);
    for (const [id, job] of this.jobs) {
      if (this.jobs.size < this.options.maxJobs) break;
      if (isFinished(job)) this.jobs.delete(id);
    }
  }

  async onModuleDestroy(): Promise<void> {
    for (const job of this.jobs.values()) job.abort.abort();
    await Promise.all([...this.jobs.values()].map((j) => j.done));
    await closeWhatIfWorkerPools();
  }
}

function outcomeOf(err: unknown): string {
  if (err instanceof TwinNotFoundError || err instanceof SimulationNotFoundError) return 'not-found';
  if (err instanceof RecommendInputError) return 'invalid';
  if (err instanceof WhatIfUnavailableError) return 'unavailable';
  return 'error';
}

function view(job: Job): SimulationJobView {
  return {
    id: job.id,
    patient_id: job.patientId,
    status: job.status,
    progress: job.status === 'done' ? 1 : job.progress,
    created: new Date(job.createdMs).toISOString(),
    ...(job.finishedMs === undefined ? {} : { finished: new Date(job.finishedMs).toISOString() }),
    ...(job.result === undefined ? {} : { result: job.result }),
    ...(job.error === undefined ? {} : { error: job.error }),
  };
}
