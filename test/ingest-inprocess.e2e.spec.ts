import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeadLetterSchema, decodeMessage, deadLetterTopicOf, Topics } from '@shuji/contracts';
import { InProcessBroker } from '@shuji/messaging';
import { Role } from '@shuji/access';
import { freePort } from '@shuji/testing';
import { AuditRepository, DeadLetterRepository, ObservationRepository } from '@shuji/persistence';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from '../apps/platform/src/index';
import { writeTestTokens } from './support/access-tokens.testing';
import { embeddedOwnerUrl, killHard, spawnApp, stopGracefully, stopOrphanPostgres } from './support/child-app.testing';
import { getJson, postJson, waitFor } from './support/http.testing';
import { expectedObservations, loadSyntheaBundles } from './support/synthea.fixtures';

/**
 * The same end-to-end path on the embedded platform: one process, in-process bus, embedded PostgreSQL
 * under a temp SHUJI_DATA_DIR. Also the HTTP bad-input classes (their handling does not depend on the bus).
 */
const bundles = loadSyntheaBundles();
const expected = expectedObservations(bundles);
const [patientA, patientB] = [...new Set([...expected.values()].map((o) => o.patientId))];
const access = writeTestTokens({
  patientA: { id: 'patient:a', role: Role.Patient, patients: [patientA!] },
  deviceA: { id: 'device:cgm-a', role: Role.Device, patients: [patientA!] },
  clinicianB: { id: 'clinician:panel-b', role: Role.Clinician, patients: [patientB!] },
  feedB: { id: 'service:feed-b', role: Role.Service, patients: [patientB!] },
});
const token = access.tokens.admin;
const dataDir = mkdtempSync(join(tmpdir(), 'shuji-platform-'));
const env: Record<string, string> = { SHUJI_ACCESS_TOKENS_FILE: access.file, SHUJI_DATA_DIR: dataDir, PORT: '0', SHUJI_DEMO: 'false', SHUJI_BODY_LIMIT: '4mb', SHUJI_MAX_ATTEMPTS: '2', SHUJI_RETRY_BACKOFF_MS: '10' };

let platform: RunningPlatform;
let url: string;

async function count(): Promise<number> {
  return platform.app.get(ObservationRepository).count();
}

beforeAll(async () => {
  env['SHUJI_PG_PORT'] = String(await freePort());
  platform = await startPlatform(env);
  url = platform.url.replace('localhost', '127.0.0.1');
}, 180_000);

afterAll(async () => {
  await platform?.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('embedded platform end to end', () => {
  it('should answer ready', async () => {
    expect((await getJson(`${url}/health/ready`)).status).toBe(200);
  });

  it('should store every Synthea Observation exactly once, also when bundles are posted twice and the platform restarts', async () => {
    for (const b of bundles) expect((await postJson(`${url}/fhir`, b.json, 'application/fhir+json', token)).status).toBe(200);
    await platform.app.get(InProcessBroker).whenIdle();
    expect(await count()).toBe(expected.size);
    for (const b of bundles.slice(0, 5)) expect((await postJson(`${url}/fhir`, b.json, 'application/fhir+json', token)).status).toBe(200);
    await platform.app.get(InProcessBroker).whenIdle();
    expect(await count()).toBe(expected.size);
    // a restart on the same data dir keeps the store and loads no bundle twice; the demo's live CGM persons start
    await platform.close();
    platform = await startPlatform({ ...env, SHUJI_DEMO: 'true' });
    url = platform.url.replace('localhost', '127.0.0.1');
    await platform.app.get(InProcessBroker).whenIdle();
    const bySource = async (): Promise<Record<string, number>> =>
      Object.fromEntries(
        ((await platform.app.get(DataSource).query('SELECT source, count(*)::int AS n FROM observations GROUP BY source')) as { source: string; n: number }[]).map((r) => [r.source, r.n]),
      );
    const afterStart = await bySource();
    expect(afterStart['demo-cgm']).toBeGreaterThan(200); // 20 h of 5-min readings
    expect((await count()) - afterStart['demo-cgm']!).toBe(expected.size);
    expect(platform.demoLivePatients).toEqual(['demo-t1d-1', 'demo-t1d-2']);
    // and their twins live
    for (const id of platform.demoLivePatients) expect((await getJson(`${url}/v1/twins/${id}`, token)).status).toBe(200);
    // a second restart re-sends the same device history, which is stored once
    await platform.close();
    platform = await startPlatform({ ...env, SHUJI_DEMO: 'true' });
    await platform.app.get(InProcessBroker).whenIdle();
    url = platform.url.replace('localhost', '127.0.0.1');
    expect((await bySource())['demo-cgm']! - afterStart['demo-cgm']!).toBeLessThan(10);
  }, 240_000);

  it('should serve stored observations through FHIR search with code and date filters', async () => {
    const bp = [...expected.values()].find((o) => o.code === '8480-6')!;
    const day = bp.effectiveTime.slice(0, 10);
    const res = await getJson(`${url}/fhir/Observation?patient=${bp.patientId}&code=http://loinc.org|8480-6&date=ge${day}&date=le${day}`, token);
    expect(res.status).toBe(200);
    const bundle = res.body as { resourceType: string; type: string; entry: { resource: { code: { coding: { code: string }[] }; effectiveDateTime?: string } }[] };
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    expect(bundle.entry.length).toBeGreaterThan(0);
    for (const e of bundle.entry) expect(e.resource.code.coding[0]!.code).toBe('8480-6');
  });

  describe('access', () => {
    type Outcome = { resourceType: string; issue: { code: string; diagnostics: string; expression?: string[] }[] };
    const search = (patient: string): string => `${url}/fhir/Observation?patient=${patient}&code=8480-6`;

    it('should answer 401 with a Bearer challenge when the token is missing or unknown', async () => {
      for (const t of [undefined, 'not-a-token']) {
        const fhir = await getJson(search(patientA!), t);
        expect(fhir.status).toBe(401);
        expect(fhir.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(fhir.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'login' }] });
        const device = await postJson(`${url}/v1/ingest/observations`, [], 'application/json', t);
        expect(device.status).toBe(401);
        expect(device.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect((await getJson(`${url}/v1/twins/${patientA!}`, t)).status).toBe(401);
      }
      expect((await getJson(`${url}/health/ready`)).status).toBe(200);
    });

    it('should let a patient read their own observations and audit the read with the principal id', async () => {
      const own = await getJson(search(patientA!), access.tokens.patientA);
      expect(own.status).toBe(200);
      expect((own.body as { entry?: unknown[] }).entry?.length).toBeGreaterThan(0);
      const audit = await platform.app.get(AuditRepository).findByPatient(patientA!);
      expect(audit.find((a) => a.action === 'search-observations')?.actor).toBe('patient:a');
    });

    it('should answer 403 naming the permission, not the patient, for another patient\'s data', async () => {
      const other = await getJson(search(patientB!), access.tokens.patientA);
      expect(other.status).toBe(403);
      const issue = (other.body as Outcome).issue[0]!;
      expect(issue.code).toBe('forbidden');
      expect(issue.diagnostics).toContain('observation.read');
      expect(JSON.stringify(other.body)).not.toContain(patientB!);
      expect((await getJson(search(patientB!), access.tokens.clinicianB)).status).toBe(200);
      expect((await getJson(search(patientA!), access.tokens.clinicianB)).status).toBe(403);
      expect((await getJson(search(patientA!), access.tokens.deviceA)).status).toBe(403);
      const twin = await getJson(`${url}/v1/twins/${patientB!}/forecast?code=99504-3`, access.tokens.patientA);
      expect(twin.status).toBe(403);
      expect(twin.body).toMatchObject({ code: 'PATIENT_NOT_IN_SCOPE' });
      expect((twin.body as { message: string }).message).toContain('forecast.read');
    });

    it('should reject a whole device batch when one item is for a patient out of scope, naming its index', async () => {
      const reading = (patient: string, minute: number): Record<string, unknown> => ({ patient_id: patient, code: '99504-3', value: 120, unit: 'mg/dL', time: `2025-02-01T00:${String(minute).padStart(2, '0')}:00Z` });
      const before = await count();
      const res = await postJson(`${url}/v1/ingest/observations`, [reading(patientA!, 0), reading(patientB!, 5)], 'application/json', access.tokens.deviceA);
      expect(res.status).toBe(403);
      expect((res.body as { message: string }).message).toMatch(/^\[1\]\.patient_id: permission observation\.write/);
      expect(JSON.stringify(res.body)).not.toContain(patientB!);
      const own = await postJson(`${url}/v1/ingest/observations`, [reading(patientA!, 10)], 'application/json', access.tokens.deviceA);
      expect(own.status).toBe(202);
      await platform.app.get(InProcessBroker).whenIdle();
      expect(await count()).toBe(before + 1);
    });

    it('should reject a FHIR bundle of a patient out of scope, naming the position, and one with a Patient from a patient principal', async () => {
      const ofA = bundles.find((b) => b.json.includes(patientA!) && !b.json.includes(patientB!))!;
      const before = await count();
      const res = await postJson(`${url}/fhir`, ofA.json, 'application/fhir+json', access.tokens.feedB);
      expect(res.status).toBe(403);
      expect((res.body as Outcome).issue[0]).toMatchObject({ code: 'forbidden', expression: ['Patient[0]'] });
      expect(JSON.stringify(res.body)).not.toContain(patientA!);
      const byPatient = await postJson(`${url}/fhir`, ofA.json, 'application/fhir+json', access.tokens.patientA);
      expect(byPatient.status).toBe(403);
      expect((byPatient.body as Outcome).issue[0]!.diagnostics).toContain('patient.write');
      await platform.app.get(InProcessBroker).whenIdle();
      expect(await count()).toBe(before);
    });
  });

  describe('bad input', () => {
    type Outcome = { resourceType: string; issue: { severity: string; code: string; diagnostics: string; expression?: string[] }[] };

    it('should answer malformed JSON on /fhir with 400 and an OperationOutcome', async () => {
      const res = await postJson(`${url}/fhir`, '{"resourceType": "Bundle",', 'application/fhir+json', token);
      expect(res.status).toBe(400);
      expect((res.body as Outcome).resourceType).toBe('OperationOutcome');
      expect((res.body as Outcome).issue[0]!.diagnostics).toMatch(/malformed JSON/);
    });

    it('should answer an oversized payload with 413', async () => {
      const big = JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry: [], pad: 'x'.repeat(5 * 1024 * 1024) });
      const fhir = await postJson(`${url}/fhir`, big, 'application/fhir+json', token);
      expect(fhir.status).toBe(413);
      expect((fhir.body as Outcome).issue[0]!.code).toBe('too-costly');
      const device = await postJson(`${url}/v1/ingest/observations`, big, 'application/json', token);
      expect(device.status).toBe(413);
      expect(device.body).toMatchObject({ statusCode: 413 });
    });

    it('should reject an invalid Observation with an OperationOutcome naming the failing path', async () => {
      const res = await postJson(`${url}/fhir/Observation`, { resourceType: 'Observation', status: 'final', subject: { reference: 'Patient/p1' }, valueQuantity: { value: 5 } }, 'application/fhir+json', token);
      expect([400, 422]).toContain(res.status);
      const outcome = res.body as Outcome;
      expect(outcome.resourceType).toBe('OperationOutcome');
      expect(outcome.issue.flatMap((i) => i.expression ?? [])).toContain('Observation.code');
    });

    it('should reject a whole transaction when one entry is invalid, naming the entry', async () => {
      const bundle = JSON.parse(bundles[0]!.json) as { entry: { resource: Record<string, unknown> }[] };
      const i = bundle.entry.findIndex((e) => e.resource['resourceType'] === 'Observation');
      bundle.entry[i]!.resource['status'] = 'not-a-status';
      const before = await count();
      const res = await postJson(`${url}/fhir`, bundle, 'application/fhir+json', token);
      expect([400, 422]).toContain(res.status);
      const paths = (res.body as Outcome).issue.flatMap((x) => x.expression ?? []);
      expect(paths.some((p) => p.startsWith(`Bundle.entry[${i}]`))).toBe(true);
      await platform.app.get(InProcessBroker).whenIdle();
      expect(await count()).toBe(before);
    });

    it('should answer a device body that is not an array with 400 and bad items with 422 naming index and field', async () => {
      const notArray = await postJson(`${url}/v1/ingest/observations`, { patient_id: 'p1' }, 'application/json', token);
      expect(notArray.status).toBe(400);
      const bad = await postJson(`${url}/v1/ingest/observations`, [
        { patient_id: 'p1', code: '2339-0', value: 100, unit: 'mg/dL', time: '2025-01-01T00:00:00Z' },
        { patient_id: 'p1', code: '2339-0', value: 'high', unit: 'mg/dL', time: '2025-01-01T00:05:00Z' },
      ], 'application/json', token);
      expect(bad.status).toBe(422);
      expect(bad.body).toMatchObject({ errors: [{ index: 1, field: 'value' }] });
    });

    it('should answer a search without patient with 400 naming the parameter', async () => {
      const res = await getJson(`${url}/fhir/Observation?code=8480-6`, token);
      expect(res.status).toBe(400);
      expect((res.body as Outcome).issue[0]!.expression).toEqual(['patient']);
    });

    it('should dead-letter an unprocessable bus message on the in-process bus too', async () => {
      const broker = platform.app.get(InProcessBroker);
      broker.publish(Topics.ingestRequested, [{ key: 'garbage', value: Buffer.from([0x0f, 0xff]) }]);
      await broker.whenIdle();
      const dlq = broker.read(deadLetterTopicOf(Topics.ingestRequested));
      expect(dlq).toHaveLength(1);
      const rec = decodeMessage(DeadLetterSchema, dlq[0]!.value);
      expect(rec).toMatchObject({ errorCode: 'DECODE_FAILED', attempts: 1, originalTopic: Topics.ingestRequested });
      // and the archiver group copied it into the database
      expect(await platform.app.get(DeadLetterRepository).count(Topics.ingestRequested)).toBe(1);
    });
  });
});

describe('embedded platform killed mid-stream', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shuji-platform-kill-'));
  let pgPort: number;
  let childEnv: Record<string, string>;
  let base: string;
  let child: ReturnType<typeof spawnApp> | undefined;
  let db: Client | undefined;

  async function startChild(): Promise<void> {
    child = spawnApp('platform', childEnv);
    const ready = await waitFor(async () => (await fetch(`${base}/health/ready`).catch(() => undefined))?.status, (s) => s === 200, 120_000, 200);
    if (ready !== 200) throw new Error(`platform did not get ready:\n${child.output()}`);
  }

  const ownerUrl = (): string => embeddedOwnerUrl(dir, pgPort);

  async function stored(): Promise<number> {
    const { rows } = await db!.query<{ n: string; d: string }>('SELECT count(*) AS n, count(DISTINCT event_id) AS d FROM observations');
    expect(rows[0]!.n).toBe(rows[0]!.d);
    return Number(rows[0]!.n);
  }

  beforeAll(async () => {
    pgPort = await freePort();
    const httpPort = await freePort();
    childEnv = { SHUJI_ACCESS_TOKENS_FILE: access.file, SHUJI_DATA_DIR: dir, SHUJI_PG_PORT: String(pgPort), PORT: String(httpPort), HOST: '127.0.0.1', SHUJI_DEMO: 'false' };
    base = `http://127.0.0.1:${httpPort}`;
  });

  afterAll(async () => {
    await db?.end().catch(() => undefined);
    if (child) await stopGracefully(child.proc);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('should store every Observation exactly once after a SIGKILL and a restart (journaled bus)', async () => {
    await startChild();
    db = new Client({ connectionString: ownerUrl() });
    await db.connect();
    // post until the consumer has stored something, then kill the process while work is still queued
    let posted = 0;
    let atKill = 0;
    while (posted < bundles.length) {
      expect((await postJson(`${base}/fhir`, bundles[posted]!.json, 'application/fhir+json', token)).status).toBe(200);
      posted += 1;
      atKill = await stored();
      if (atKill > 0 && posted >= 3) break;
    }
    await killHard(child!.proc);
    await db.end();
    expect(atKill).toBeGreaterThan(0);
    expect(posted).toBeLessThan(bundles.length);
    // the whole platform died: stop the embedded PostgreSQL it left behind, as a host crash would
    stopOrphanPostgres(join(dir, 'postgres'));
    await startChild();
    db = new Client({ connectionString: ownerUrl() });
    await db.connect();
    for (const b of bundles.slice(posted)) expect((await postJson(`${base}/fhir`, b.json, 'application/fhir+json', token)).status).toBe(200);
    const done = await waitFor(stored, (n) => n >= expected.size, 120_000);
    expect(done).toBe(expected.size);
    const { rows } = await db.query<{ event_id: string }>('SELECT event_id FROM observations');
    expect(new Set(rows.map((r) => r.event_id))).toEqual(new Set(expected.keys()));
  }, 300_000);
});
