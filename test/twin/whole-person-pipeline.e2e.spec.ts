/**
 * Issue 13's replay over Kafka: whole persons (T1D CGM, meals and insulin; weight; blood pressure with amlodipine;
 * warfarin with INR and the genotype) streamed as a device app would send them — one batch per person per 4 h of
 * their life — through gateway HTTP → Kafka → ingest (own process) → PostgreSQL → ObservationRecorded /
 * MedicationAdministered / MealLogged → twin (own process, the product's component registry, PostgreSQL stores).
 * Each person's events reach the twin on three topics, so it sees them out of order and a component joins the
 * twin when its first reading arrives (a rebuild from the log). The twin process is SIGKILLed mid-stream and
 * restarted. The live twin, and the twin restored from PostgreSQL, must equal an offline fold of the generated events.
 */
import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { Topics } from '@shuji/contracts';
import { uvaPadovaSubjects } from '@shuji/models';
import { InMemoryTwinEventLog, InMemoryTwinSnapshotStore, ProfileComponentFactory, summariseTwin, TwinService, type TwinEngine } from '@shuji/twin';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twinComponentRegistry } from '../../apps/twin/src/index';
import { killHard, spawnApp, spawnScript, stopGracefully } from '../support/child-app.testing';
import { startTwinPipeline, storedTwinLog, streamKillingTwin, twinServiceOver, type TwinPipeline } from '../support/twin-pipeline.testing';
import { writeTestTokens } from '../support/access-tokens.testing';
import { postJson, waitFor } from '../support/http.testing';
import { deviceBatches, wholePerson, type WholePerson } from '../support/whole-person-stream.testing';

const access = writeTestTokens();
const token = access.tokens.admin;
const DAYS = 2;
const SEED = 4013;
const INDICES = [0, 10, 20];
const WINDOW_MS = 4 * 3_600_000;
/** The genotype two hours before the first reading, then DAYS of data and the reading at exactly DAYS × 24 h. */
const WINDOWS = (DAYS * 86_400_000) / WINDOW_MS + 2;
/** The twin dies while windows KILL_AT and KILL_AT+1 are in flight; the next two arrive while it is down. */
const KILL_AT = 5;
const STEP_TIMEOUT_MS = 180_000;

let pipeline: TwinPipeline | undefined;
let db: Client;
let baseUrl: string;
let ingest: { proc: ChildProcess; output: () => string } | undefined;
let twin: { proc: ChildProcess; output: () => string } | undefined;
let env: Record<string, string>;
const people: WholePerson[] = [];
const lastPublished = new Map<string, { revision: number; state: { name: string; mean: number; sd: number; p05: number; p95: number }[] }>();
let storedAtKill = 0;
let expectedAtKill = 0;

const subjects = new Map(uvaPadovaSubjects().map((s) => [s.name, s.parameters]));
const priorOf = (patientId: string): Promise<Readonly<Record<string, number>>> => Promise.resolve(subjects.get(people.find((p) => p.patientId === patientId)!.baseSubject)!);
const firstMs = (): number => Math.min(...people.map((p) => p.events[0]!.timeMs));

async function storedBefore(timeMs: number): Promise<number> {
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM twin_events WHERE time_ms < $1', [timeMs]);
  return Number(rows[0]!.n);
}

const expectedBefore = (timeMs: number): number => people.reduce((n, p) => n + p.events.filter((e) => e.timeMs < timeMs).length, 0);

async function postWindow(w: number): Promise<void> {
  const batches = deviceBatches(people, firstMs() + w * WINDOW_MS, WINDOW_MS);
  const statuses = await Promise.all(batches.map(async (items) => (await postJson(`${baseUrl}/v1/ingest/observations`, items, 'application/json', token)).status));
  expect(statuses.every((s) => s === 202)).toBe(true);
}

async function awaitWindow(w: number): Promise<void> {
  const until = firstMs() + (w + 1) * WINDOW_MS;
  const expected = expectedBefore(until);
  const got = await waitFor(() => storedBefore(until), (n) => n >= expected, STEP_TIMEOUT_MS, 25);
  if (got !== expected) throw new Error(`window ${w}: the twin log holds ${got} of ${expected} events\n${twin?.output().slice(-3000) ?? ''}`);
}

function startTwin(): void {
  twin = spawnScript('test/support/virtual-cohort-twin.main.ts', env);
}

/** The uninterrupted twin: the product's registry over the generated events in time order, in memory. */
const offline = new Map<string, TwinEngine>();
async function offlineTwin(p: WholePerson): Promise<TwinEngine> {
  let engine = offline.get(p.patientId);
  if (engine === undefined) {
    const service = new TwinService(new InMemoryTwinEventLog(), new InMemoryTwinSnapshotStore(), new ProfileComponentFactory(twinComponentRegistry({ priorOf })));
    for (const e of p.events) await service.handle(e);
    engine = await service.get(p.patientId);
    offline.set(p.patientId, engine);
  }
  return engine;
}

beforeAll(async () => {
  for (const index of INDICES) people.push(wholePerson(index, DAYS, SEED));
  pipeline = await startTwinPipeline(access.file, { SHUJI_TEST_TWIN_PRIORS: JSON.stringify(Object.fromEntries(people.map((p) => [p.patientId, p.baseSubject]))) }, (u) => {
    const revision = Number(u.revision);
    const last = lastPublished.get(u.header!.patientId);
    if (last === undefined || revision >= last.revision) {
      lastPublished.set(u.header!.patientId, { revision, state: u.state.map((v) => ({ name: v.name, mean: v.mean, sd: v.sd, p05: v.p05, p95: v.p95 })) });
    }
  });
  ({ env, baseUrl, db } = pipeline);

  ingest = spawnApp('ingest', env);
  startTwin();
  ({ storedAtKill, expectedAtKill } = await streamKillingTwin(
    {
      windows: WINDOWS,
      killAt: KILL_AT,
      post: postWindow,
      awaitWindow,
      storedBefore: (w) => storedBefore(firstMs() + w * WINDOW_MS),
      expectedBefore: (w) => expectedBefore(firstMs() + w * WINDOW_MS),
      kill: () => killHard(twin!.proc),
      restart: startTwin,
    },
    STEP_TIMEOUT_MS,
  ));
  const lengths = new Map(people.map((p) => [p.patientId, p.events.length]));
  const allPublished = await waitFor(async () => [...lengths].every(([id, n]) => lastPublished.get(id)?.revision === n), (ok) => ok, STEP_TIMEOUT_MS, 50);
  if (!allPublished) throw new Error(`the last revisions never reached ${Topics.twinUpdated}\n${twin?.output().slice(-3000) ?? ''}`);
}, 900_000);

afterAll(async () => {
  await Promise.all([twin && stopGracefully(twin.proc), ingest && stopGracefully(ingest.proc)]);
  await pipeline?.stop();
}, 120_000);

describe(`whole-person twins through Kafka (${INDICES.length} persons, ${DAYS} days, the twin process killed mid-stream)`, () => {
  it('should have killed the twin while events were in flight', () => {
    expect(storedAtKill).toBeGreaterThan(0);
    expect(storedAtKill).toBeLessThan(expectedAtKill);
  });

  it('should store each generated event once in the twin log, the genotype sent before any reading included', async () => {
    for (const p of people) {
      expect(await storedTwinLog(db, p.patientId)).toEqual(p.events);
    }
  });

  it('should give each person a twin of every registered component their data call for, one glucose component', async () => {
    // every descriptor but those that give way to another chosen one (the CGM-only glucose model yields to T1D's)
    const expected = twinComponentRegistry({ priorOf }).descriptors.filter((d) => d.yieldsTo === undefined).length;
    for (const p of people) {
      const summary = summariseTwin(await offlineTwin(p));
      expect(summary.components).toHaveLength(expected);
      expect(summary.components.filter((c) => c.explains.some((e) => e.loinc === '99504-3'))).toHaveLength(1);
      for (const loinc of ['99504-3', '29463-7', '8480-6', '6301-6']) expect(summary.components.some((c) => c.explains.some((e) => e.loinc === loinc))).toBe(true);
    }
  });

  it('should end with the live twin equal to the uninterrupted offline fold, bit for bit', async () => {
    for (const p of people) {
      const summary = summariseTwin(await offlineTwin(p));
      const live = lastPublished.get(p.patientId)!;
      expect(live.revision).toBe(p.events.length);
      expect(live.state).toEqual([...summary.state, ...summary.parameters].map(({ name, mean, sd, p05, p95 }) => ({ name, mean, sd, p05, p95 })));
    }
  }, 300_000);

  it('should restore the same ensemble from the PostgreSQL snapshots and log', async () => {
    const service = twinServiceOver(db, new ProfileComponentFactory(twinComponentRegistry({ priorOf })));
    for (const p of people) {
      const restored = await service.get(p.patientId);
      expect(restored.revision).toBe(p.events.length);
      expect(restored.ensemble.map((m) => [...m])).toEqual((await offlineTwin(p)).ensemble.map((m) => [...m]));
    }
  }, 300_000);
});
