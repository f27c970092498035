import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Permission, requireAccess, type Principal } from '@shuji/access';
import { PopulationJobRepository, type PopulationJobRow } from '@shuji/persistence';
import { parsePopulationScenario, planShards, resultCsv, resultParquet, type PopulationResult, type PopulationScenario } from '@shuji/population';
import { SHARD_DISPATCHER, type ShardDispatcher } from './shard-dispatcher';

export class PopulationJobNotFoundError extends Error {
  constructor(jobId: string) {
    super(`no population job "${jobId}"`);
    this.name = 'PopulationJobNotFoundError';
  }
}

/** The job is not in a state for what was asked (e.g. results of a running job). */
export class PopulationJobStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PopulationJobStateError';
  }
}

/** Shards could not be handed to the workers (broker down): the job is marked failed and the caller gets 503. */
export class PopulationDispatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PopulationDispatchError';
  }
}

export interface PopulationJobView {
  readonly id: string;
  readonly name: string;
  readonly status: PopulationJobRow['status'];
  readonly shards: { readonly done: number; readonly total: number };
  readonly progress: number;
  readonly persons: number;
  readonly failed: number;
  readonly person_days: number;
  /** Seconds to go at the rate so far; null before the first shard and once finished. */
  readonly eta_s: number | null;
  readonly created_at: string;
  readonly finished_at: string | null;
  readonly error: string | null;
  readonly result: PopulationResult | null;
}

export function toJobView(job: PopulationJobRow, now = Date.now()): PopulationJobView {
  const elapsed = (now - job.createdAt.getTime()) / 1000;
  const eta = job.status === 'running' && job.shardsDone > 0 ? (elapsed * (job.shardCount - job.shardsDone)) / job.shardsDone : null;
  return {
    id: job.jobId,
    name: job.name,
    status: job.status,
    shards: { done: job.shardsDone, total: job.shardCount },
    progress: job.shardsDone / job.shardCount,
    persons: job.persons,
    failed: job.failed,
    person_days: job.personDays,
    eta_s: eta === null ? null : Math.round(eta * 10) / 10,
    created_at: job.createdAt.toISOString(),
    finished_at: job.finishedAt?.toISOString() ?? null,
    error: job.error,
    result: (job.result as PopulationResult | null) ?? null,
  };
}

/** Population jobs: validate, store, dispatch, report, cancel, export; resumes unfinished jobs at start. */
@Injectable()
export class PopulationJobsService implements OnApplicationBootstrap {
  private readonly log = new Logger('population');

  constructor(
    @Inject(PopulationJobRepository) private readonly jobs: PopulationJobRepository,
    @Inject(SHARD_DISPATCHER) private readonly dispatcher: ShardDispatcher,
  ) {}

  async create(principal: Principal | undefined, json: unknown): Promise<PopulationJobView> {
    requireAccess(principal, Permission.PopulationRun);
    const scenario = parsePopulationScenario(json);
    const shards = planShards(scenario);
    const jobId = randomUUID();
    await this.jobs.create({ jobId, name: scenario.name, scenario, shardCount: shards.length, createdBy: principal.id });
    await this.dispatch(jobId, scenario);
    return toJobView((await this.jobs.get(jobId))!);
  }

  async get(principal: Principal | undefined, jobId: string): Promise<PopulationJobView> {
    requireAccess(principal, Permission.PopulationRun);
    return toJobView(await this.find(jobId));
  }

  async cancel(principal: Principal | undefined, jobId: string): Promise<PopulationJobView> {
    requireAccess(principal, Permission.PopulationRun);
    const job = await this.find(jobId);
    if (!(await this.jobs.cancel(jobId))) throw new PopulationJobStateError(`population job ${jobId} is ${job.status}, not running`);
    this.dispatcher.cancel(jobId);
    return toJobView(await this.find(jobId));
  }

  async export(principal: Principal | undefined, jobId: string, format: 'csv' | 'parquet'): Promise<string | Uint8Array> {
    requireAccess(principal, Permission.PopulationRun);
    const job = await this.find(jobId);
    if (job.status !== 'succeeded') throw new PopulationJobStateError(`population job ${jobId} is ${job.status}: results exist once it succeeded`);
    const result = job.result as PopulationResult;
    return format === 'csv' ? resultCsv(result) : resultParquet(result);
  }

  /** After a restart: shards of unfinished jobs that the dispatcher no longer holds are dispatched again. */
  async onApplicationBootstrap(): Promise<void> {
    for (const job of await this.jobs.running()) {
      if (this.dispatcher.durable && job.dispatchedAt !== null) continue;
      const missing = new Set(await this.jobs.missingShards(job.jobId));
      const scenario = parsePopulationScenario(job.scenario);
      this.log.log(`resuming population job ${job.jobId}: ${missing.size} of ${job.shardCount} shards to go`);
      await this.dispatch(job.jobId, scenario, (i) => missing.has(i));
    }
  }

  private async dispatch(jobId: string, scenario: PopulationScenario, keep: (index: number) => boolean = () => true): Promise<void> {
    try {
      await this.dispatcher.dispatch(jobId, scenario, planShards(scenario).filter((s) => keep(s.index)));
    } catch (error) {
      await this.jobs.fail(jobId, `could not dispatch shards: ${(error as Error).message}`);
      throw new PopulationDispatchError(`population job ${jobId}: could not dispatch its shards, try again later`);
    }
    await this.jobs.markDispatched(jobId);
  }

  private async find(jobId: string): Promise<PopulationJobRow> {
    const job = await this.jobs.get(jobId);
    if (job === undefined) throw new PopulationJobNotFoundError(jobId);
    return job;
  }
}
