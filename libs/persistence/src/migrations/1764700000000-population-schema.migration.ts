import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Population jobs (libs/population, apps/population-worker): one row per job with its validated scenario (the
 * cohort definition and seed regenerate every person, so the cohort is versioned with the job), its progress
 * and, once every shard is in, its result; one row per stored shard, keyed by (job, shard) so a shard simulated
 * twice (a worker killed before committing its offset) is stored and counted once. Sums are float8 arrays:
 * exact binary64 round trip, so a job's result does not depend on where its shards were computed.
 */
export class PopulationSchema1764700000000 implements MigrationInterface {
  readonly name = 'PopulationSchema1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS population_jobs (
        job_id       text COLLATE "C" PRIMARY KEY,
        name         text NOT NULL,
        scenario     jsonb NOT NULL,
        status       text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
        shard_count  integer NOT NULL CHECK (shard_count > 0),
        shards_done  integer NOT NULL DEFAULT 0,
        persons      integer NOT NULL DEFAULT 0,
        failed       integer NOT NULL DEFAULT 0,
        person_days  double precision NOT NULL DEFAULT 0,
        result       jsonb,
        error        text,
        created_by   text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz,
        finished_at  timestamptz
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS population_jobs_running ON population_jobs (created_at) WHERE status = 'running'`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS population_shards (
        job_id       text COLLATE "C" NOT NULL REFERENCES population_jobs (job_id) ON DELETE CASCADE,
        shard_index  integer NOT NULL,
        persons      integer NOT NULL,
        failed       integer NOT NULL,
        person_days  double precision NOT NULL,
        simulate_ms  double precision NOT NULL,
        worker_id    text NOT NULL,
        sums         float8[] NOT NULL,
        stored_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job_id, shard_index)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS population_shards');
    await q.query('DROP TABLE IF EXISTS population_jobs');
  }
}
