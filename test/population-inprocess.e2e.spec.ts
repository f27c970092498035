import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '@shuji/access';
import { PopulationJobRepository } from '@shuji/persistence';
import { parsePopulationScenario, runPopulation } from '@shuji/population';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PopulationJobView } from '../apps/population-worker/src/index';
import { startPlatform, type RunningPlatform } from '../apps/platform/src/index';
import { writeTestTokens } from './support/access-tokens.testing';
import { getJson, postJson, waitFor } from './support/http.testing';

/**
 * Population jobs on the embedded platform: POST /v1/population/jobs runs the job on worker threads, stores
 * shards and result in the embedded PostgreSQL, survives a restart mid-job, and gives the result the
 * in-process runner gives (which the Kafka end-to-end test compares with Kafka workers).
 */
const access = writeTestTokens({ patient: { id: 'patient:p1', role: Role.Patient, patients: ['p1'] } });
const token = access.tokens.admin;
const dataDir = mkdtempSync(join(tmpdir(), 'shuji-population-'));
const env = { SHUJI_ACCESS_TOKENS_FILE: access.file, SHUJI_DATA_DIR: dataDir, PORT: '0', SHUJI_DEMO: 'false', SHUJI_POPULATION_THREADS: '2' };

const scenarioJson = (size: number, shardSize: number, seed = 21) => ({
  name: 'basal and carb ratio',
  seed,
  cohort: { size, groups: ['adult', 'adolescent'] },
  models: ['uva-padova-s2008'],
  horizon_days: 1,
  shard_size: shardSize,
  arms: [
    { name: 'baseline' },
    { name: 'pump', policies: [{ policy: 'pump-settings', when: 'age >= 18', basal_factor: 1.15, carb_ratio_factor: 0.9 }] },
  ],
});

let platform: RunningPlatform;
let url: string;

async function start(): Promise<void> {
  platform = await startPlatform(env);
  url = `${platform.url.replace('localhost', '127.0.0.1')}/v1/population/jobs`;
}

const job = async (id: string) => (await getJson(`${url}/${id}`, token)).body as PopulationJobView;
const finished = (id: string, timeoutMs = 120_000) => waitFor(() => job(id), (j) => j.status !== 'running', timeoutMs, 100);

beforeAll(start, 180_000);

afterAll(async () => {
  await platform?.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('population jobs on the embedded platform', () => {
  it('should refuse bad scenarios with 400 naming the field, and create no job', async () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ ...scenarioJson(10, 5), models: ['nope'] }, /^models\[0\]: unknown model "nope"/],
      [{ ...scenarioJson(10, 5), horizon_days: -1 }, /^horizon_days: must be a positive number of days/],
      [{ ...scenarioJson(10, 5), cohort: { size: 1e9 } }, /^cohort\.size: 1000000000 people is more than a job takes/],
      [{ ...scenarioJson(10, 5), arms: [{ name: 'a', policies: [{ policy: 'pump-settings', when: 'hba1c > 8' }] }] }, /unknown variable "hba1c"/],
      [{ ...scenarioJson(10, 5), arms: [{ name: 'a', policies: [{ policy: 'teleport' }] }] }, /unknown policy "teleport"/],
    ];
    for (const [body, message] of bad) {
      const res = await postJson(url, body, 'application/json', token);
      expect(res.status).toBe(400);
      expect((res.body as { message: string }).message).toMatch(message);
    }
    expect(await platform.app.get(PopulationJobRepository).running()).toEqual([]);
  });

  it('should refuse a principal without the population permission with 403', async () => {
    expect((await postJson(url, scenarioJson(10, 5), 'application/json', access.tokens.patient)).status).toBe(403);
    expect((await postJson(url, scenarioJson(10, 5))).status).toBe(401);
  });

  it('should run a job to the result of the in-process runner, with progress, and export it', async () => {
    const json = scenarioJson(120, 20);
    const created = await postJson(url, json, 'application/json', token);
    expect(created.status).toBe(202);
    const view = created.body as PopulationJobView;
    expect(view).toMatchObject({ status: 'running', shards: { total: 6 }, result: null });
    const done = await finished(view.id);
    expect(done).toMatchObject({ status: 'succeeded', shards: { done: 6, total: 6 }, progress: 1, persons: 120, failed: 0, person_days: 240, eta_s: null });
    const expected = await runPopulation(parsePopulationScenario(json), { threads: 0 });
    expect(done.result).toEqual(expected.result);
    const csv = await fetch(`${url}/${view.id}/results.csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(csv.status).toBe(200);
    expect((await csv.text()).split('\n')[0]).toBe('arm,versus,metric,unit,day_from,day_to,n,mean,sd,ci95_low,ci95_high');
    const parquet = await fetch(`${url}/${view.id}/results.parquet`, { headers: { authorization: `Bearer ${token}` } });
    expect(Buffer.from(await parquet.arrayBuffer()).subarray(0, 4).toString()).toBe('PAR1');
  });

  it('should cancel a running job and refuse its results with 409', async () => {
    const view = (await postJson(url, scenarioJson(2000, 10, 5), 'application/json', token)).body as PopulationJobView;
    const cancelled = await postJson(`${url}/${view.id}/cancel`, {}, 'application/json', token);
    expect(cancelled.status).toBe(200);
    expect((cancelled.body as PopulationJobView).status).toBe('cancelled');
    expect((await postJson(`${url}/${view.id}/cancel`, {}, 'application/json', token)).status).toBe(409);
    await new Promise((r) => setTimeout(r, 500));
    const later = await job(view.id);
    expect(later.status).toBe('cancelled');
    expect(later.shards.done).toBeLessThan(later.shards.total);
    expect((await getJson(`${url}/${view.id}/results.csv`, token)).status).toBe(409);
    expect((await getJson(`${url}/no-such-job`, token)).status).toBe(404);
  });

  it('should resume a job after the platform restarts mid-job and count every shard once', async () => {
    const json = scenarioJson(600, 10, 8);
    const view = (await postJson(url, json, 'application/json', token)).body as PopulationJobView;
    const before = await waitFor(() => job(view.id), (j) => j.shards.done >= 5, 60_000, 20);
    expect(before.status).toBe('running');
    await platform.close();
    await start();
    const resumed = await job(view.id);
    expect(resumed.shards.done).toBeGreaterThanOrEqual(5);
    expect(resumed.shards.done).toBeLessThan(60);
    const done = await finished(view.id);
    expect(done).toMatchObject({ status: 'succeeded', shards: { done: 60, total: 60 }, persons: 600 });
    const shards = await platform.app.get(PopulationJobRepository).shards(view.id);
    expect(shards.map((s) => s.shardIndex)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(done.result).toEqual((await runPopulation(parsePopulationScenario(json), { threads: 0 })).result);
  }, 180_000);
});
