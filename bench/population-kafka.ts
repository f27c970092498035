/**
 * The `--kafka` part of bench:population: the same jobs through a real single-node broker (infra/kafka) and
 * an embedded PostgreSQL, with 1 and then 2 population-worker OS processes (tsx, like the e2e test). Times a job
 * from publishing its shards to its stored result, after a warm-up job per worker count (process start, group
 * join and model compilation are not in the figure).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@shuji/config';
import { ALL_TOPICS } from '@shuji/contracts';
import { createBusClient, ensureTopics, EventPublisher } from '@shuji/messaging';
import { EmbeddedPostgresServer, loadPersistenceConfig, openDatabase, PopulationJobRepository } from '@shuji/persistence';
import { planShards, type PopulationScenario } from '@shuji/population';
import { BusShardDispatcher } from '../apps/population-worker/src/index';
import { freePort, startTestKafka } from '@shuji/testing';

const ROOT = join(__dirname, '..');

export interface KafkaMeasured {
  readonly workers: number;
  readonly wallS: number;
  readonly personDays: number;
  /** Per worker process: shards it stored and the seconds it spent simulating them. */
  readonly perWorker: readonly { readonly shards: number; readonly simulateS: number }[];
}

export async function measureOverKafka(scenario: PopulationScenario, workerCounts: readonly number[], warmUp: PopulationScenario): Promise<KafkaMeasured[]> {
  const dir = mkdtempSync(join(tmpdir(), 'shuji-bench-population-'));
  const kafka = await startTestKafka();
  const pg = new EmbeddedPostgresServer({ dataDir: join(dir, 'pg'), port: await freePort() });
  const url = await pg.start();
  const env: Record<string, string> = { SHUJI_BUS: 'kafka', KAFKA_BROKERS: kafka.brokers.join(','), DATABASE_URL: url, KAFKA_PARTITIONS: '8', NODE_ENV: 'test' };
  const config = loadConfig(env);
  await ensureTopics([...config.KAFKA_BROKERS], ALL_TOPICS, config.KAFKA_PARTITIONS);
  const db = await openDatabase(loadPersistenceConfig(env));
  const jobs = new PopulationJobRepository(db.dataSource);
  const client = createBusClient(config);
  await client.connect();
  const dispatcher = new BusShardDispatcher(new EventPublisher(client));
  const procs: ChildProcess[] = [];
  const results: KafkaMeasured[] = [];
  const runJob = async (s: PopulationScenario): Promise<{ wallS: number; jobId: string }> => {
    const jobId = randomUUID();
    const shards = planShards(s);
    await jobs.create({ jobId, name: s.name, scenario: s, shardCount: shards.length, createdBy: 'bench' });
    const started = performance.now();
    await dispatcher.dispatch(jobId, s, shards);
    for (;;) {
      const job = await jobs.get(jobId);
      if (job?.status !== 'running') {
        if (job?.status !== 'succeeded') throw new Error(`bench job ${jobId} ended ${job?.status}: ${job?.error}`);
        return { wallS: (performance.now() - started) / 1000, jobId };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  try {
    for (const workers of workerCounts) {
      while (procs.length < workers) {
        procs.push(spawn(process.execPath, ['--import', 'tsx', 'apps/population-worker/src/main.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'ignore' }));
      }
      await runJob(warmUp);
      const { wallS, jobId } = await runJob(scenario);
      const byWorker = new Map<string, { shards: number; simulateS: number }>();
      for (const shard of await jobs.shards(jobId)) {
        const w = byWorker.get(shard.workerId) ?? { shards: 0, simulateS: 0 };
        byWorker.set(shard.workerId, { shards: w.shards + 1, simulateS: w.simulateS + shard.simulateMs / 1000 });
      }
      results.push({ workers, wallS, personDays: scenario.cohort.size * scenario.arms.length * scenario.horizon_days, perWorker: [...byWorker.values()] });
    }
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(undefined) : p.once('exit', r)))));
    await client.close();
    await db.close();
    await pg.stop();
    await kafka.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
