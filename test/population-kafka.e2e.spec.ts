import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@shuji/config';
import { ALL_TOPICS, decodeMessage, encodeMessage, PopulationShardCompletedSchema, SCHEMA_VERSION, Topics } from '@shuji/contracts';
import { ensureTopics, EventPublisher } from '@shuji/messaging';
import { loadPersistenceConfig, PopulationJobRepository } from '@shuji/persistence';
import { parsePopulationScenario, planShards, runPopulation } from '@shuji/population';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BusShardDispatcher, PopulationApiAppModule, type PopulationJobView } from '../apps/population-worker/src/index';
import { startTestKafka, type TestKafka } from '@shuji/testing';
import { writeTestTokens } from './support/access-tokens.testing';
import { kafkaAppEnv, killHard, spawnScript, stopGracefully } from './support/child-app.testing';
import { startTestPostgres } from './support/embedded-postgres.testing';
import { getJson, postJson, waitFor } from './support/http.testing';

/**
 * Population jobs over a real Kafka broker and PostgreSQL: the job API (PopulationApiAppModule) in this process publishes shards, the
 * population workers run as their own OS processes (`apps/population-worker/src/main.ts`). A 2,000-person job
 * on one uninterrupted worker, the same job on two workers with one SIGKILLed mid-job, and the in-process
 * runner must give the same result bit for bit, with every shard stored and counted once.
 */
const access = writeTestTokens();
const token = access.tokens.admin;
const scenarioJson = {
  name: '2,000 people, basal +15 % and carb ratio −10 % in adults',
  seed: 17,
  cohort: { size: 2000 },
  models: ['uva-padova-s2008'],
  horizon_days: 1,
  shard_size: 25,
  arms: [{ name: 'baseline' }, { name: 'pump', policies: [{ policy: 'pump-settings', when: 'age >= 18', basal_factor: 1.15, carb_ratio_factor: 0.9 }] }],
};
const SHARDS = 80;

let kafka: TestKafka;
let pg: { url: string; stop(): Promise<void> };
let api: NestExpressApplication;
let url: string;
let env: Record<string, string>;
const workers: { proc: ChildProcess; output: () => string }[] = [];

function startWorker(): { proc: ChildProcess; output: () => string } {
  const worker = spawnScript('apps/population-worker/src/main.ts', env);
  workers.push(worker);
  return worker;
}

const job = async (id: string) => (await getJson(`${url}/${id}`, token)).body as PopulationJobView;

async function runJob(beforeDone?: (id: string) => Promise<void>): Promise<PopulationJobView> {
  const created = await postJson(url, scenarioJson, 'application/json', token);
  expect(created.status).toBe(202);
  const id = (created.body as PopulationJobView).id;
  await beforeDone?.(id);
  const done = await waitFor(() => job(id), (j) => j.status !== 'running', 300_000, 200);
  expect(done.status).toBe('succeeded');
  return done;
}

async function expectEveryShardOnce(id: string): Promise<Set<string>> {
  const shards = await api.get(PopulationJobRepository).shards(id);
  expect(shards.map((s) => s.shardIndex)).toEqual(Array.from({ length: SHARDS }, (_, i) => i));
  expect(shards.reduce((n, s) => n + s.persons, 0)).toBe(2000);
  return new Set(shards.map((s) => s.workerId));
}

async function startApi(): Promise<void> {
  const config = loadConfig(env);
  // what `npm run start:population-api` runs (apps/population-worker/src/api.main.ts), in this process
  api = await NestFactory.create<NestExpressApplication>(PopulationApiAppModule.forRoot(config, loadPersistenceConfig(env)), { bodyParser: false, logger: ['error'] });
  api.useBodyParser('json', { limit: config.SHUJI_BODY_LIMIT });
  await api.listen(0, '127.0.0.1');
  url = `${(await api.getUrl()).replace('[::1]', '127.0.0.1')}/v1/population/jobs`;
}

beforeAll(async () => {
  [kafka, pg] = await Promise.all([startTestKafka(), startTestPostgres()]);
  env = kafkaAppEnv(kafka.brokers, pg.url, access.file);
  const config = loadConfig(env);
  await ensureTopics([...config.KAFKA_BROKERS], ALL_TOPICS, config.KAFKA_PARTITIONS);
  await startApi();
}, 300_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => stopGracefully(w.proc)));
  await api?.close();
  await Promise.all([kafka?.stop(), pg?.stop()]);
}, 120_000);

describe('population jobs over Kafka and PostgreSQL', () => {
  let reference: PopulationJobView;

  it('should run a 2,000-person job on one uninterrupted worker process', async () => {
    const worker = startWorker();
    reference = await runJob();
    expect(reference).toMatchObject({ shards: { done: SHARDS, total: SHARDS }, persons: 2000, failed: 0, person_days: 4000 });
    expect(await expectEveryShardOnce(reference.id)).toEqual(new Set([`${hostname()}-${worker.proc.pid}`]));
    await stopGracefully(worker.proc);
  }, 400_000);

  it('should give the same result bit for bit on two workers when one is killed mid-job, every shard counted once', async () => {
    const [a, b] = [startWorker(), startWorker()];
    const ids = [a, b].map((w) => `${hostname()}-${w.proc.pid}`);
    // both in the group before the job starts, so both take shards before one is killed
    await waitFor(async () => [a, b].every((w) => w.output().includes('consuming as')), (ready) => ready, 120_000);
    let copies = 0;
    const done = await runJob(async (id) => {
      // a redelivered shard request: the workers skip it or simulate it again, the aggregator counts it once
      const scenario = parsePopulationScenario(scenarioJson);
      await new BusShardDispatcher(api.get(EventPublisher)).dispatch(id, scenario, planShards(scenario).slice(0, 3));
      const repo = api.get(PopulationJobRepository);
      const both = await waitFor(
        async () => new Set((await repo.shards(id)).map((s) => s.workerId)),
        (seen) => ids.every((w) => seen.has(w)),
        240_000,
        20,
      );
      expect([...both].sort()).toEqual([...ids].sort());
      // what a worker killed after publishing and before committing leaves behind: a second result of a shard
      // (two or three: both workers have stored one, perhaps only one each so far)
      const stored = (await repo.shards(id)).slice(0, 3);
      copies = stored.length;
      for (const shard of stored) {
        await api.get(EventPublisher).publish(Topics.populationShardCompleted, {
          key: `${id}/${shard.shardIndex}`,
          value: encodeMessage(PopulationShardCompletedSchema, {
            schemaVersion: SCHEMA_VERSION,
            jobId: id,
            shardIndex: shard.shardIndex,
            persons: shard.persons,
            failed: shard.failed,
            sums: Array.from(shard.sums),
            personDays: shard.personDays,
            simulateMs: shard.simulateMs,
            workerId: 'redelivered',
          }),
        });
      }
      const atKill = await job(id);
      await killHard(a.proc);
      expect(atKill.shards.done).toBeLessThan(SHARDS);
    });
    expect(done).toMatchObject({ shards: { done: SHARDS, total: SHARDS }, persons: 2000, failed: 0, person_days: 4000 });
    expect(JSON.stringify(done.result)).toBe(JSON.stringify(reference.result));
    expect(done.result).toEqual(reference.result);
    const by = await expectEveryShardOnce(done.id);
    expect([...by].sort()).toEqual([...ids].sort());

    // every PopulationShardCompleted of the job on the topic: at least one per shard, duplicates not counted
    const consumer = new Kafka({ clientId: 'e2e-population', brokers: kafka.brokers, logLevel: logLevel.ERROR }).consumer({ groupId: `e2e-population-${Date.now()}` });
    const seen: number[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: Topics.populationShardCompleted, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const m = decodeMessage(PopulationShardCompletedSchema, message.value!);
        if (m.jobId === done.id) seen.push(m.shardIndex);
      },
    });
    // every shard and the copies published by hand (partitions are read in no particular order), and any shard the
    // survivor simulated again after the kill
    await waitFor(async () => seen.length, (n) => n >= SHARDS + copies && new Set(seen).size === SHARDS, 60_000);
    await consumer.disconnect();
    expect(copies).toBeGreaterThanOrEqual(2);
    expect(new Set(seen).size).toBe(SHARDS);
    expect(seen.length).toBeGreaterThanOrEqual(SHARDS + copies);
    expect(by.has('redelivered')).toBe(false);
    console.log(`population e2e: ${seen.length} shard results published for ${SHARDS} shards (${seen.length - SHARDS} duplicates, not counted)`);
  }, 400_000);

  it('should finish a job after the API and every worker are killed mid-job and started again', async () => {
    for (const w of workers) await stopGracefully(w.proc);
    const worker = startWorker();
    const created = await postJson(url, scenarioJson, 'application/json', token);
    const id = (created.body as PopulationJobView).id;
    const atKill = await waitFor(() => job(id), (j) => j.shards.done >= 8, 240_000, 20);
    await killHard(worker.proc);
    await api.close();
    expect(atKill.status).toBe('running');
    expect(atKill.shards.done).toBeLessThan(SHARDS);
    await startApi();
    startWorker();
    const done = await waitFor(() => job(id), (j) => j.status !== 'running', 300_000, 200);
    expect(done).toMatchObject({ status: 'succeeded', shards: { done: SHARDS, total: SHARDS }, persons: 2000 });
    expect(done.result).toEqual(reference.result);
    await expectEveryShardOnce(id);
  }, 400_000);

  it('should give the Kafka job result from the in-process runner for the same scenario and seed', async () => {
    const inProcess = await runPopulation(parsePopulationScenario(scenarioJson), { threads: 2 });
    expect(JSON.parse(JSON.stringify(inProcess.result))).toEqual(reference.result);
  }, 300_000);
});
