import type { DataSource, QueryRunner } from 'typeorm';
import { inTransaction, runSql } from './sql-runner.util';

export type PopulationJobStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface PopulationJobRow {
  readonly jobId: string;
  readonly name: string;
  /** The validated scenario as stored (libs/population's PopulationScenario). */
  readonly scenario: unknown;
  readonly status: PopulationJobStatus;
  readonly shardCount: number;
  readonly shardsDone: number;
  readonly persons: number;
  readonly failed: number;
  readonly personDays: number;
  readonly result: unknown;
  readonly error: string | null;
  readonly createdBy: string;
  readonly createdAt: Date;
  /** When every shard was handed to the workers (published, or queued on this process's threads). */
  readonly dispatchedAt: Date | null;
  readonly finishedAt: Date | null;
}

export interface PopulationShardRow {
  readonly jobId: string;
  readonly shardIndex: number;
  readonly persons: number;
  readonly failed: number;
  readonly personDays: number;
  readonly simulateMs: number;
  readonly workerId: string;
  readonly sums: Float64Array;
}

/** What folding one shard did: stored and counted it (first time), or nothing (duplicate, or job not running). */
export type ShardFold = { readonly counted: true; readonly completed: boolean } | { readonly counted: false; readonly reason: 'duplicate' | 'not-running' | 'unknown-job' };

interface JobRecord {
  job_id: string;
  name: string;
  scenario: unknown;
  status: PopulationJobStatus;
  shard_count: number;
  shards_done: number;
  persons: number;
  failed: number;
  person_days: number;
  result: unknown;
  error: string | null;
  created_by: string;
  created_at: Date;
  dispatched_at: Date | null;
  finished_at: Date | null;
}

/** A float8[] literal that keeps every double exactly, −0 included (the driver's own serialiser writes −0 as 0). */
const float8ArrayLiteral = (values: Float64Array): string => `{${Array.from(values, (x) => (Object.is(x, -0) ? '-0' : String(x))).join(',')}}`;

const toJob = (r: JobRecord): PopulationJobRow => ({
  jobId: r.job_id,
  name: r.name,
  scenario: r.scenario,
  status: r.status,
  shardCount: r.shard_count,
  shardsDone: r.shards_done,
  persons: r.persons,
  failed: r.failed,
  personDays: r.person_days,
  result: r.result,
  error: r.error,
  createdBy: r.created_by,
  createdAt: r.created_at,
  dispatchedAt: r.dispatched_at,
  finishedAt: r.finished_at,
});

/**
 * Population jobs and their shards. `foldShard` is the exactly-once step: in one transaction it locks the job,
 * stores the shard unless (job, shard) is already there, counts it, and when it was the last one computes and
 * stores the job's result from all shards (through the caller's `summarise`), so a job is never complete
 * without its result, nor counted twice for a shard.
 */
export class PopulationJobRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(job: { jobId: string; name: string; scenario: unknown; shardCount: number; createdBy: string }): Promise<void> {
    await runSql(
      this.dataSource,
      `INSERT INTO population_jobs (job_id, name, scenario, status, shard_count, created_by) VALUES ($1, $2, $3::jsonb, 'running', $4, $5)`,
      [job.jobId, job.name, JSON.stringify(job.scenario), job.shardCount, job.createdBy],
    );
  }

  async get(jobId: string): Promise<PopulationJobRow | undefined> {
    const { rows } = await runSql<JobRecord>(this.dataSource, 'SELECT * FROM population_jobs WHERE job_id = $1', [jobId]);
    return rows[0] === undefined ? undefined : toJob(rows[0]);
  }

  /** Jobs still running (to resume after a restart), oldest first. */
  async running(): Promise<PopulationJobRow[]> {
    const { rows } = await runSql<JobRecord>(this.dataSource, `SELECT * FROM population_jobs WHERE status = 'running' ORDER BY created_at`, []);
    return rows.map(toJob);
  }

  /** Shard indices of a job with no stored result yet. */
  async missingShards(jobId: string): Promise<number[]> {
    const { rows } = await runSql<{ i: number }>(
      this.dataSource,
      `SELECT i FROM population_jobs j, generate_series(0, j.shard_count - 1) AS i
       WHERE j.job_id = $1 AND NOT EXISTS (SELECT 1 FROM population_shards s WHERE s.job_id = j.job_id AND s.shard_index = i)
       ORDER BY i`,
      [jobId],
    );
    return rows.map((r) => r.i);
  }

  /** Whether a shard still needs simulating: its job is running and the shard is not stored. */
  async shardPending(jobId: string, shardIndex: number): Promise<boolean> {
    const { rows } = await runSql<{ pending: boolean }>(
      this.dataSource,
      `SELECT (j.status = 'running' AND NOT EXISTS (SELECT 1 FROM population_shards s WHERE s.job_id = j.job_id AND s.shard_index = $2)) AS pending
       FROM population_jobs j WHERE j.job_id = $1`,
      [jobId, shardIndex],
    );
    return rows[0]?.pending === true;
  }

  async foldShard(shard: PopulationShardRow, summarise: (scenario: unknown, shards: readonly PopulationShardRow[]) => unknown): Promise<ShardFold> {
    return inTransaction(this.dataSource, async (runner) => {
      const { rows: jobs } = await runSql<JobRecord>(this.dataSource, 'SELECT * FROM population_jobs WHERE job_id = $1 FOR UPDATE', [shard.jobId], runner);
      const job = jobs[0];
      if (job === undefined) return { counted: false, reason: 'unknown-job' } as const;
      if (job.status !== 'running') return { counted: false, reason: 'not-running' } as const;
      if (!(shard.shardIndex >= 0 && shard.shardIndex < job.shard_count)) {
        throw new RangeError(`population job ${shard.jobId} has shards 0…${job.shard_count - 1}, not ${shard.shardIndex}`);
      }
      const { rows: inserted } = await runSql(
        this.dataSource,
        `INSERT INTO population_shards (job_id, shard_index, persons, failed, person_days, simulate_ms, worker_id, sums)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::float8[])
         ON CONFLICT (job_id, shard_index) DO NOTHING RETURNING shard_index`,
        [shard.jobId, shard.shardIndex, shard.persons, shard.failed, shard.personDays, shard.simulateMs, shard.workerId, float8ArrayLiteral(shard.sums)],
        runner,
      );
      if (inserted.length === 0) return { counted: false, reason: 'duplicate' } as const;
      const { rows: updated } = await runSql<{ shards_done: number; shard_count: number }>(
        this.dataSource,
        `UPDATE population_jobs SET shards_done = shards_done + 1, persons = persons + $2, failed = failed + $3, person_days = person_days + $4
         WHERE job_id = $1 RETURNING shards_done, shard_count`,
        [shard.jobId, shard.persons, shard.failed, shard.personDays],
        runner,
      );
      const completed = updated[0].shards_done === updated[0].shard_count;
      if (completed) {
        const result = summarise(job.scenario, await this.shards(shard.jobId, runner));
        await runSql(this.dataSource, `UPDATE population_jobs SET status = 'succeeded', result = $2::jsonb, finished_at = now() WHERE job_id = $1`, [shard.jobId, JSON.stringify(result)], runner);
      }
      return { counted: true, completed } as const;
    });
  }

  /** Every stored shard of a job, in shard order. */
  async shards(jobId: string, runner?: QueryRunner): Promise<PopulationShardRow[]> {
    const { rows } = await runSql<{ shard_index: number; persons: number; failed: number; person_days: number; simulate_ms: number; worker_id: string; sums: number[] }>(
      this.dataSource,
      'SELECT shard_index, persons, failed, person_days, simulate_ms, worker_id, sums FROM population_shards WHERE job_id = $1 ORDER BY shard_index',
      [jobId],
      runner,
    );
    return rows.map((r) => ({
      jobId,
      shardIndex: r.shard_index,
      persons: r.persons,
      failed: r.failed,
      personDays: r.person_days,
      simulateMs: r.simulate_ms,
      workerId: r.worker_id,
      sums: Float64Array.from(r.sums),
    }));
  }

  async markDispatched(jobId: string): Promise<void> {
    await runSql(this.dataSource, 'UPDATE population_jobs SET dispatched_at = now() WHERE job_id = $1 AND dispatched_at IS NULL', [jobId]);
  }

  /** Cancels a running job; returns false when it was not running. */
  async cancel(jobId: string): Promise<boolean> {
    const { affected } = await runSql(this.dataSource, `UPDATE population_jobs SET status = 'cancelled', finished_at = now() WHERE job_id = $1 AND status = 'running'`, [jobId]);
    return affected > 0;
  }

  async fail(jobId: string, error: string): Promise<void> {
    await runSql(this.dataSource, `UPDATE population_jobs SET status = 'failed', error = $2, finished_at = now() WHERE job_id = $1 AND status = 'running'`, [jobId, error]);
  }
}
