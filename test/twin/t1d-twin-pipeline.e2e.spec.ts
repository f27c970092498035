/**
 * Issue 5 through the real pipeline: held-out virtual T1D patients (cohort seed 2027, drawn around the 30 shared
 * UVA/Padova subjects, never equal to them) streamed for 3 days as a CGM app would upload them — one device batch
 * per patient per 2 h of their life, in time order, CGM in mg/dL, meter readings in mmol/L, meals and insulin as
 * device items — through gateway HTTP → Kafka → ingest (own process) → PostgreSQL → MealLogged /
 * MedicationAdministered / ObservationRecorded → twin (own process, PostgreSQL stores, prior = the shared subject).
 * The twin process is SIGKILLed mid-stream and restarted.
 *
 * Because a twin is a pure fold of its event log, the assertions are: the stored log is the generated timeline
 * (once each), the live twin equals an offline TwinEngine folded over the generated events as delivered (an
 * uninterrupted run) to 1e-9 relative, every revision is published with one state, and the day-3 30-min forecast scored on the
 * stored log beats persistence by ≥ 30 % (the offline validation's criterion, test/twin/t1d-twin.validation.spec.ts).
 * Default 6 patients (two per subject group); SHUJI_TWIN_PIPELINE_PATIENTS=30 runs the whole cohort.
 */
import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { Topics } from '@shuji/contracts';
import { convertUnit, LOINC_TABLE } from '@shuji/fhir';
import { uvaPadovaSubjects } from '@shuji/models';
import {
  DEFAULT_TWIN_SETTINGS,
  generateVirtualPatient,
  summariseTwin,
  T1dComponentFactory,
  T1dGlucoseComponent,
  TwinEngine,
  type TwinEvent,
  type VirtualPatient,
} from '@shuji/twin';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killHard, spawnApp, spawnScript, stopGracefully } from '../support/child-app.testing';
import { startTwinPipeline, storedTwinLog, streamKillingTwin, twinServiceOver, type TwinPipeline } from '../support/twin-pipeline.testing';
import { writeTestTokens } from '../support/access-tokens.testing';
import { postJson, waitFor } from '../support/http.testing';
import { deviceItem } from '../support/whole-person-stream.testing';
import { foldAndScore, type DayScore } from '../support/t1d-day-score.testing';

const access = writeTestTokens();
const token = access.tokens.admin;
const DAYS = 3;
const SEED = 2027;
const COUNT = Number(process.env['SHUJI_TWIN_PIPELINE_PATIENTS'] ?? 6);
// every subject group (adolescents 0–9, adults 10–19, children 20–29) equally when fewer than 30
const INDICES = COUNT >= 30 ? Array.from({ length: 30 }, (_, i) => i) : Array.from({ length: COUNT }, (_, i) => (i % 3) * 10 + Math.floor(i / 3));
const WINDOW_MS = 2 * 3_600_000;
/** Windows of the 3 days, and one more for the reading at exactly 72 h. */
const WINDOWS = (DAYS * 86_400_000) / WINDOW_MS + 1;
/** The twin dies while windows KILL_AT and KILL_AT+1 are in flight; the next two arrive while it is down. */
const KILL_AT = 13;
const ATC_LISPRO = 'http://www.whocc.no/atc|A10AB04';
/** mg/dL per mmol/L of glucose (M = 180.156 g/mol), the factor @shuji/fhir converts with. */
const MG_DL_PER_MMOL_L = 18.0156;
const STEP_TIMEOUT_MS = 180_000;

/**
 * An event as the twin receives it: a meter reading went out in mmol/L and came back in mg/dL through the same
 * conversion ingest applies. That round trip moves a value by an ulp, and the filter carries an ulp in three
 * meter readings to ~1e-9–1e-7 relative in some members, so the offline fold takes the delivered values.
 */
function delivered(e: TwinEvent): TwinEvent {
  if (e.kind !== 'observation' || e.loinc === '99504-3') return e;
  const back = convertUnit(e.value / MG_DL_PER_MMOL_L, 'mmol/L', 'mg/dL', LOINC_TABLE[e.loinc]!.molarMass);
  if (!back.ok) throw new Error(back.message);
  return { ...e, value: back.value };
}

const relDiff = (a: number, b: number): number => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300));

/** As the CGM app sends it: CGM in mg/dL, meter readings in mmol/L. */
function meterItem(e: TwinEvent): Record<string, unknown> {
  return deviceItem(e.kind === 'observation' && e.loinc !== '99504-3' ? { ...e, value: e.value / MG_DL_PER_MMOL_L, unit: 'mmol/L' } : e);
}

interface Published {
  /** revision → the distinct state vectors published for it (JSON of name, mean, sd, p05, p95). */
  readonly states: Map<number, Set<string>>;
  sent: number;
  last?: { revision: number; state: { name: string; mean: number; sd: number; p05: number; p95: number }[] };
}

let pipeline: TwinPipeline | undefined;
let db: Client;
let baseUrl: string;
let ingest: { proc: ChildProcess; output: () => string } | undefined;
let twin: { proc: ChildProcess; output: () => string } | undefined;
let env: Record<string, string>;
const patients: VirtualPatient[] = [];
const published = new Map<string, Published>();
const priorOf = new Map<string, Readonly<Record<string, number>>>();
let storedAtKill = 0;
let expectedAtKill = 0;

async function storedBefore(timeMs: number): Promise<number> {
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM twin_events WHERE time_ms < $1', [timeMs]);
  return Number(rows[0]!.n);
}

function expectedBefore(timeMs: number): number {
  return patients.reduce((n, p) => n + p.events.filter((e) => e.timeMs < timeMs).length, 0);
}

async function postWindow(w: number): Promise<void> {
  const from = patients[0]!.truth.timeMs[0]! + w * WINDOW_MS;
  const statuses = await Promise.all(
    patients.map(async (p) => {
      const items = p.events.filter((e) => e.timeMs >= from && e.timeMs < from + WINDOW_MS).map(meterItem);
      return items.length === 0 ? 202 : (await postJson(`${baseUrl}/v1/ingest/observations`, items, 'application/json', token)).status;
    }),
  );
  expect(statuses.every((s) => s === 202)).toBe(true);
}

/** Waits until the twin's log holds every event before the end of window w. */
async function awaitWindow(w: number): Promise<void> {
  const until = patients[0]!.truth.timeMs[0]! + (w + 1) * WINDOW_MS;
  const expected = expectedBefore(until);
  const got = await waitFor(() => storedBefore(until), (n) => n >= expected, STEP_TIMEOUT_MS, 25);
  if (got !== expected) throw new Error(`window ${w}: the twin log holds ${got} of ${expected} events\n${twin?.output().slice(-3000) ?? ''}`);
}

function startTwin(): void {
  twin = spawnScript('test/support/virtual-cohort-twin.main.ts', env);
}

beforeAll(async () => {
  for (const index of INDICES) patients.push(generateVirtualPatient({ index, days: DAYS, seed: SEED }));
  const subjects = new Map(uvaPadovaSubjects().map((s) => [s.name, s.parameters]));
  for (const p of patients) priorOf.set(p.patientId, subjects.get(p.baseSubject)!);
  pipeline = await startTwinPipeline(access.file, { SHUJI_TEST_TWIN_PRIORS: JSON.stringify(Object.fromEntries(patients.map((p) => [p.patientId, p.baseSubject]))) }, (u) => {
    const patientId = u.header!.patientId;
    const entry = published.get(patientId) ?? { states: new Map<number, Set<string>>(), sent: 0 };
    entry.sent++;
    published.set(patientId, entry);
    const revision = Number(u.revision);
    const state = u.state.map((v) => ({ name: v.name, mean: v.mean, sd: v.sd, p05: v.p05, p95: v.p95 }));
    const copies = entry.states.get(revision) ?? new Set<string>();
    copies.add(JSON.stringify(state));
    entry.states.set(revision, copies);
    if (entry.last === undefined || revision >= entry.last.revision) entry.last = { revision, state };
  });
  ({ env, baseUrl, db } = pipeline);

  ingest = spawnApp('ingest', env);
  startTwin();
  const firstMs = patients[0]!.truth.timeMs[0]!;
  ({ storedAtKill, expectedAtKill } = await streamKillingTwin(
    {
      windows: WINDOWS,
      killAt: KILL_AT,
      post: postWindow,
      awaitWindow,
      storedBefore: (w) => storedBefore(firstMs + w * WINDOW_MS),
      expectedBefore: (w) => expectedBefore(firstMs + w * WINDOW_MS),
      kill: () => killHard(twin!.proc),
      restart: startTwin,
    },
    STEP_TIMEOUT_MS,
  ));
  // the last revision of each patient reaches the TwinUpdated topic
  const lengths = new Map(patients.map((p) => [p.patientId, p.events.length]));
  const allPublished = await waitFor(async () => [...lengths].every(([id, n]) => published.get(id)?.last?.revision === n), (ok) => ok, STEP_TIMEOUT_MS, 50);
  if (!allPublished) throw new Error(`the last revisions never reached ${Topics.twinUpdated}\n${twin?.output().slice(-3000) ?? ''}`);
}, 900_000);

afterAll(async () => {
  await Promise.all([twin && stopGracefully(twin.proc), ingest && stopGracefully(ingest.proc)]);
  await pipeline?.stop();
}, 120_000);

describe(`T1D twin fed through the pipeline (${COUNT} held-out virtual patients, ${DAYS} days, twin killed mid-stream)`, () => {
  const offline = new Map<string, TwinEngine>();

  function offlineTwin(p: VirtualPatient): TwinEngine {
    let engine = offline.get(p.patientId);
    if (engine === undefined) {
      engine = new TwinEngine(p.patientId, new T1dGlucoseComponent({ prior: priorOf.get(p.patientId)! }), DEFAULT_TWIN_SETTINGS);
      for (const e of p.events) engine.apply(delivered(e));
      offline.set(p.patientId, engine);
    }
    return engine;
  }

  it('should have killed the twin while events were in flight', () => {
    expect(storedAtKill).toBeGreaterThan(0);
    expect(storedAtKill).toBeLessThan(expectedAtKill);
  });

  it('should store each generated event once in the twin log, with its id, kind, time and value after the unit round trip', async () => {
    for (const p of patients) {
      const stored = await storedTwinLog(db, p.patientId);
      const expected = [...p.events].sort((a, b) => a.timeMs - b.timeMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      expect(stored.map((e) => [e.id, e.kind, e.timeMs])).toEqual(expected.map((e) => [e.id, e.kind, e.timeMs]));
      stored.forEach((s, i) => {
        const g = expected[i]!;
        if (s.kind === 'observation' && g.kind === 'observation') {
          expect([s.loinc, s.unit]).toEqual([g.loinc, g.unit]);
          // meter readings travelled in mmol/L and back: the generated value to 1e-12 relative, the converted one exactly
          expect(relDiff(s.value, g.value)).toBeLessThanOrEqual(1e-12);
          expect(s.value).toBe((delivered(g) as typeof g).value);
        } else expect(s).toEqual(g);
      });
    }
  });

  it('should end with the live twin equal to an offline fold of the generated events as delivered (1e-9 relative)', () => {
    let worst = 0;
    for (const p of patients) {
      const summary = summariseTwin(offlineTwin(p));
      const expected = [...summary.state, ...summary.parameters];
      const live = published.get(p.patientId)!.last!;
      expect(live.revision).toBe(p.events.length);
      expect(live.state.map((v) => v.name)).toEqual(expected.map((v) => v.name));
      live.state.forEach((v, j) => {
        const e = expected[j]!;
        for (const [a, b] of [[v.mean, e.mean], [v.sd, e.sd], [v.p05, e.p05], [v.p95, e.p95]] as const) worst = Math.max(worst, relDiff(a, b));
      });
    }
    console.info(`live vs offline fold: worst relative difference of the published summary ${worst}`);
    expect(worst).toBeLessThanOrEqual(1e-9);
  }, 300_000);

  it('should restore from the PostgreSQL snapshot and log the ensemble of the offline fold (1e-9 relative)', async () => {
    const service = twinServiceOver(db, new T1dComponentFactory((id) => Promise.resolve(priorOf.get(id)!)));
    let worst = 0;
    for (const p of patients) {
      const restored = await service.get(p.patientId);
      const expected = offlineTwin(p).ensemble;
      expect(restored.revision).toBe(p.events.length);
      restored.ensemble.forEach((m, i) => m.forEach((x, k) => (worst = Math.max(worst, relDiff(x, expected[i]![k]!)))));
    }
    console.info(`restored vs offline fold: worst relative difference of the ensemble members ${worst}`);
    expect(worst).toBeLessThanOrEqual(1e-9);
  }, 300_000);

  it('should publish every revision 1..n of each twin, each with one state however often it was sent', () => {
    for (const p of patients) {
      const states = published.get(p.patientId)!.states;
      expect([...states.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: p.events.length }, (_, i) => i + 1));
      const conflicting = [...states].filter(([, copies]) => copies.size > 1).map(([revision]) => revision);
      expect(conflicting).toEqual([]);
    }
    console.info(`TwinUpdated: ${[...published.values()].reduce((n, p) => n + p.sent, 0)} sent for ${patients.reduce((n, p) => n + p.events.length, 0)} revisions (redeliveries and restarts resend a revision)`);
  });

  it('should answer 422 naming the item and field when a meal or insulin item is bad', async () => {
    const time = '2026-01-08T12:00:00Z';
    const good = { patient_id: 'p-bad', code: '99504-3', value: 120, unit: 'mg/dL', time };
    const cases: [Record<string, unknown>, string][] = [
      [{ patient_id: 'p-bad', code: '9059-7', value: -5, unit: 'g', time }, 'value'],
      [{ patient_id: 'p-bad', code: ATC_LISPRO, value: 4, unit: 'mg', time }, 'unit'],
      [{ patient_id: 'p-bad', code: ATC_LISPRO, value: 1, unit: 'U/h', duration_min: 30, time }, 'duration_min'],
    ];
    for (const [item, field] of cases) {
      const res = await postJson(`${baseUrl}/v1/ingest/observations`, [good, item], 'application/json', token);
      expect(res.status).toBe(422);
      expect((res.body as { errors: { index: number; field: string }[] }).errors.map((e) => [e.index, e.field])).toEqual([[1, field]]);
    }
  });

  it('should forecast CGM 30 min ahead on day 3, scored on the stored log, with an RMSE at least 30 % below persistence', async () => {
    const total: DayScore = { n: 0, twinSe: 0, persistenceSe: 0 };
    for (const p of patients) {
      const engine = new TwinEngine(p.patientId, new T1dGlucoseComponent({ prior: priorOf.get(p.patientId)! }), DEFAULT_TWIN_SETTINGS);
      const s = foldAndScore(engine, await storedTwinLog(db, p.patientId), p.truth.timeMs[0]! + (DAYS - 1) * 86_400_000);
      Object.assign(total, { n: total.n + s.n, twinSe: total.twinSe + s.twinSe, persistenceSe: total.persistenceSe + s.persistenceSe });
    }
    const rmse = Math.sqrt(total.twinSe / total.n);
    const persistence = Math.sqrt(total.persistenceSe / total.n);
    console.info(`pipeline day 3, ${COUNT} patients: 30-min RMSE ${rmse.toFixed(2)} mg/dL vs persistence ${persistence.toFixed(2)} (n = ${total.n}, ratio ${(rmse / persistence).toFixed(3)})`);
    expect(total.n).toBeGreaterThan(80 * patients.length);
    expect(rmse).toBeLessThanOrEqual(0.7 * persistence);
  }, 300_000);
});
