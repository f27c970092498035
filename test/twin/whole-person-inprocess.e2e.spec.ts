/**
 * Issue 13's replay on the embedded platform (one process: in-process bus with its journal, embedded PostgreSQL):
 * whole persons (T1D CGM, meals and insulin; weight; blood pressure with amlodipine; warfarin with INR and the
 * genotype) posted as device batches, the platform SIGKILLed mid-stream (its PostgreSQL stopped as a host crash would)
 * and started again on the same data directory. Every accepted event must reach the twin's log once, and the twin the
 * API serves must be exactly the fold of that log. The platform runs its personalisation too, so its log may hold
 * `parameter-prior` events beside the generated ones: the fold of the log, not of the generated events, is the truth.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@shuji/testing';
import { InMemoryTwinEventLog, InMemoryTwinSnapshotStore, ProfileComponentFactory, TwinService, type TwinEvent, type TwinSummary } from '@shuji/twin';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twinComponentRegistry } from '../../apps/twin/src/index';
import { writeTestTokens } from '../support/access-tokens.testing';
import { embeddedOwnerUrl, killHard, spawnApp, stopGracefully, stopOrphanPostgres } from '../support/child-app.testing';
import { getJson, postJson, waitFor } from '../support/http.testing';
import { deviceBatches, wholePerson, type WholePerson } from '../support/whole-person-stream.testing';

const access = writeTestTokens();
const token = access.tokens.admin;
const DAYS = 1;
const WINDOW_MS = 3 * 3_600_000;
const WINDOWS = (DAYS * 86_400_000) / WINDOW_MS + 2;
const KILL_AT = 3;
const people: WholePerson[] = [0, 11].map((index) => wholePerson(index, DAYS, 4014));
const dir = mkdtempSync(join(tmpdir(), 'shuji-whole-person-kill-'));
let pgPort: number;
let childEnv: Record<string, string>;
let base: string;
let child: ReturnType<typeof spawnApp> | undefined;
let db: Client | undefined;
let postedAtKill = 0;
let storedAtKill = 0;

const firstMs = (): number => Math.min(...people.map((p) => p.events[0]!.timeMs));
const generatedIds = new Set(people.flatMap((p) => p.events.map((e) => e.id)));

async function startChild(): Promise<void> {
  child = spawnApp('platform', childEnv);
  const ready = await waitFor(async () => (await fetch(`${base}/health/ready`).catch(() => undefined))?.status, (s) => s === 200, 120_000, 200);
  if (ready !== 200) throw new Error(`platform did not get ready:\n${child.output()}`);
  db = new Client({ connectionString: embeddedOwnerUrl(dir, pgPort) });
  await db.connect();
}

async function storedGenerated(): Promise<number> {
  const { rows } = await db!.query<{ event_id: string }>('SELECT event_id FROM twin_events');
  return rows.filter((r) => generatedIds.has(r.event_id)).length;
}

async function postWindow(w: number): Promise<number> {
  const batches = deviceBatches(people, firstMs() + w * WINDOW_MS, WINDOW_MS);
  for (const items of batches) expect((await postJson(`${base}/v1/ingest/observations`, items, 'application/json', token)).status).toBe(202);
  return batches.reduce((n, b) => n + b.length, 0);
}

beforeAll(async () => {
  pgPort = await freePort();
  const httpPort = await freePort();
  childEnv = { SHUJI_ACCESS_TOKENS_FILE: access.file, SHUJI_DATA_DIR: dir, SHUJI_PG_PORT: String(pgPort), PORT: String(httpPort), HOST: '127.0.0.1', SHUJI_DEMO: 'false' };
  base = `http://127.0.0.1:${httpPort}`;
  await startChild();
  let posted = 0;
  for (let w = 0; w < WINDOWS; w++) {
    posted += await postWindow(w);
    if (w === KILL_AT) {
      // kill while the journal still holds accepted work
      postedAtKill = posted;
      storedAtKill = await storedGenerated();
      await killHard(child!.proc);
      await db!.end();
      stopOrphanPostgres(join(dir, 'postgres'));
      await startChild();
    }
  }
  const done = await waitFor(storedGenerated, (n) => n >= generatedIds.size, 240_000, 200);
  if (done !== generatedIds.size) throw new Error(`the twin logs hold ${done} of ${generatedIds.size} events\n${child?.output().slice(-3000) ?? ''}`);
}, 900_000);

afterAll(async () => {
  await db?.end().catch(() => undefined);
  if (child) await stopGracefully(child.proc);
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe(`whole-person twins on the embedded platform (${people.length} persons, ${DAYS} day, the platform killed mid-stream)`, () => {
  it('should have been killed with accepted events not yet in the twin log', () => {
    expect(storedAtKill).toBeLessThan(postedAtKill);
  });

  it('should hold each generated event once in the twin log after the restart', async () => {
    for (const p of people) {
      const { rows } = await db!.query<{ body: TwinEvent }>('SELECT body FROM twin_events WHERE patient_id = $1 ORDER BY time_ms, event_id COLLATE "C"', [p.patientId]);
      const stored = rows.map((r) => r.body);
      expect(stored.filter((e) => generatedIds.has(e.id))).toEqual(p.events);
      expect(stored.filter((e) => !generatedIds.has(e.id)).every((e) => e.kind === 'parameter-prior')).toBe(true);
    }
  });

  it('should serve, after the restart, exactly the twin its log folds to, every component chosen with its reason', async () => {
    for (const p of people) {
      const { rows } = await db!.query<{ body: TwinEvent }>('SELECT body FROM twin_events WHERE patient_id = $1', [p.patientId]);
      const log = new InMemoryTwinEventLog();
      for (const r of rows) await log.append(r.body);
      const replay = new TwinService(log, new InMemoryTwinSnapshotStore(), new ProfileComponentFactory(twinComponentRegistry({})));
      const expected = JSON.parse(JSON.stringify(await replay.summary(p.patientId))) as TwinSummary;
      const res = await getJson(`${base}/v1/twins/${p.patientId}`, token);
      expect(res.status).toBe(200);
      const served = res.body as TwinSummary;
      expect(served).toEqual(expected);
      expect(served.revision).toBe(rows.length);
      for (const loinc of ['99504-3', '29463-7', '8480-6', '6301-6']) expect(served.components.some((c) => c.explains.some((e) => e.loinc === loinc))).toBe(true);
      expect(served.components.every((c) => typeof c.reason === 'string' && c.reason.length > 0)).toBe(true);
    }
  });

  it('should forecast weight, blood pressure and INR a point a day and glucose every 5 min, with ordered intervals', async () => {
    const p = people[0]!;
    for (const [code, horizon, points] of [['29463-7', 'P30D', 30], ['8480-6', 'P14D', 14], ['6301-6', 'P7D', 7], ['99504-3', 'PT1H', 12]] as const) {
      const res = await getJson(`${base}/v1/twins/${p.patientId}/forecast?code=${code}&horizon=${horizon}&method=twin`, token);
      expect(res.status, `${code} ${horizon}`).toBe(200);
      const forecast = res.body as { points: { horizonMin: number; q10: number; q50: number; q90: number }[] };
      expect(forecast.points).toHaveLength(points);
      for (const q of forecast.points) expect(q.q10 <= q.q50 && q.q50 <= q.q90 && q.q10 < q.q90).toBe(true);
    }
  });
});
