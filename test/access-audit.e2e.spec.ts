import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '@shuji/access';
import { InProcessBroker } from '@shuji/messaging';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from '../apps/platform/src/index';
import { freePort } from '@shuji/testing';
import { writeTestTokens } from './support/access-tokens.testing';
import { getJson, postJson } from './support/http.testing';

/**
 * Issue 12, finding 7, on the embedded platform: every read of personal data and every refusal is in the audit
 * log (who, what, when, outcome), an identifier on file answers like one that is not, each principal has its own
 * rate limit (429 with Retry-After), and no log line carries a patient id or an identifier.
 */
const A = 'audit-a';
const B = 'audit-b';
const SSN = 'http://hl7.org/fhir/sid/us-ssn';
const B_SSN = '078-05-1120';
const access = writeTestTokens({
  patientA: { id: 'patient:audit-a', role: Role.Patient, patients: [A] },
  deviceA: { id: 'device:audit-a', role: Role.Device, patients: [A] },
  flooder: { id: 'device:flooder', role: Role.Device, patients: [A] },
});
const dataDir = mkdtempSync(join(tmpdir(), 'shuji-audit-'));
const RATE = { perSec: 5, burst: 20 };

let platform: RunningPlatform;
let url: string;
const logged: string[] = [];
const writes = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };

type AuditRow = { actor: string; action: string; patient_id: string | null; resource: string; details: { outcome?: string; code?: string } | null; at: Date };

async function auditRows(where: string, params: unknown[]): Promise<AuditRow[]> {
  return platform.app.get(DataSource).query(`SELECT actor, action, patient_id, resource, details, at FROM audit_log WHERE ${where} ORDER BY id`, params);
}

const minutesAgo = (min: number): string => new Date(Date.now() - min * 60_000).toISOString();

beforeAll(async () => {
  // every log line of the platform, for the last test
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => (logged.push(String(chunk)), writes.out(chunk, ...rest))) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => (logged.push(String(chunk)), writes.err(chunk, ...rest))) as typeof process.stderr.write;
  const env = {
    SHUJI_ACCESS_TOKENS_FILE: access.file,
    SHUJI_DATA_DIR: dataDir,
    SHUJI_PG_PORT: String(await freePort()),
    PORT: '0',
    SHUJI_DEMO: 'false',
    SHUJI_RATE_LIMIT_PER_SEC: String(RATE.perSec),
    SHUJI_RATE_LIMIT_BURST: String(RATE.burst),
  };
  platform = await startPlatform(env);
  url = platform.url.replace('localhost', '127.0.0.1');
  // B is on file with an SSN; A has a CGM stream (a twin)
  const patientB = { resourceType: 'Patient', id: B, identifier: [{ system: SSN, value: B_SSN }] };
  expect((await postJson(`${url}/fhir`, { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: patientB, request: { method: 'PUT', url: `Patient/${B}` } }] }, 'application/fhir+json', access.tokens.admin)).status).toBe(200);
  const cgm = Array.from({ length: 6 }, (_, i) => ({ patient_id: A, code: '99504-3', value: 110 + i, unit: 'mg/dL', time: minutesAgo(60 - i * 5) }));
  expect((await postJson(`${url}/v1/ingest/observations`, cgm, 'application/json', access.tokens.deviceA)).status).toBe(202);
  await platform.app.get(InProcessBroker).whenIdle();
}, 180_000);

afterAll(async () => {
  process.stdout.write = writes.out;
  process.stderr.write = writes.err;
  await platform?.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('audit, enumeration and rate limits on the embedded platform (issue 12, finding 7)', () => {
  it('should audit a read of the twin summary and of a forecast with the principal, the patient and the outcome', async () => {
    const since = new Date();
    expect((await getJson(`${url}/v1/twins/${A}`, access.tokens.patientA)).status).toBe(200);
    expect((await getJson(`${url}/v1/twins/${A}/forecast?code=99504-3&horizon_min=30&method=twin`, access.tokens.patientA)).status).toBe(200);
    expect((await getJson(`${url}/v1/twins/${A}/forecast?code=8867-4&method=twin`, access.tokens.patientA)).status).toBe(422);
    const rows = await auditRows('patient_id = $1 AND at >= $2', [A, since]);
    expect(rows.map((r) => [r.actor, r.action, r.details?.outcome])).toEqual([
      ['patient:audit-a', 'read-twin-summary', 'allowed'],
      ['patient:audit-a', 'read-twin-forecast', 'allowed'],
      ['patient:audit-a', 'read-twin-forecast', 'unavailable'],
    ]);
    expect(rows[1]!.resource).toBe(`Twin/${A}/forecast?code=99504-3&horizon_min=30&method=twin`);
  });

  it('should audit every refusal: out of scope on each surface, a role without the permission, and a missing token', async () => {
    const since = new Date();
    expect((await getJson(`${url}/fhir/Observation?patient=${B}`, access.tokens.patientA)).status).toBe(403);
    expect((await getJson(`${url}/v1/twins/${B}`, access.tokens.patientA)).status).toBe(403);
    expect((await getJson(`${url}/v1/twins/${A}`, access.tokens.deviceA)).status).toBe(403);
    expect((await getJson(`${url}/fhir/Observation?patient=${A}`)).status).toBe(401);
    const rows = await auditRows(`at >= $1 AND action LIKE 'denied:%'`, [since]);
    expect(rows.map((r) => [r.actor, r.action, r.patient_id, r.details?.outcome])).toEqual([
      ['patient:audit-a', 'denied:observation.read', B, 'denied'],
      ['patient:audit-a', 'denied:twin.read', B, 'denied'],
      ['device:audit-a', 'denied:twin.read', A, 'denied'],
      ['anonymous', 'denied:authenticate', null, 'denied'],
    ]);
    expect(rows[0]!.resource).toBe('GET /fhir/Observation');
    expect(rows[1]!.resource).toBe('GET /v1/twins/:patientId');
  });

  it('should answer an SSN on file for another patient exactly as an SSN not on file', async () => {
    const observation = (ssn: string) => ({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      subject: { reference: `Patient?identifier=${SSN}|${ssn}` },
      effectiveDateTime: minutesAgo(5),
      valueQuantity: { value: 61, unit: '/min' },
    });
    const onFile = await postJson(`${url}/fhir/Observation`, observation(B_SSN), 'application/fhir+json', access.tokens.patientA);
    const unknown = await postJson(`${url}/fhir/Observation`, observation('000-00-0000'), 'application/fhir+json', access.tokens.patientA);
    expect(onFile.status).toBe(unknown.status);
    expect(onFile.status).toBe(422);
    expect(JSON.stringify(onFile.body).replace(B_SSN, 'X')).toBe(JSON.stringify(unknown.body).replace('000-00-0000', 'X'));
  });

  it('should answer 429 with Retry-After once a principal exceeds its rate, and leave other principals untouched', async () => {
    const flood = await Promise.all(Array.from({ length: RATE.burst + 10 }, () => getJson(`${url}/fhir/Observation?patient=${A}`, access.tokens.flooder)));
    const throttled = flood.filter((r) => r.status === 429);
    expect(throttled.length).toBeGreaterThanOrEqual(5);
    expect(Number(throttled[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(throttled[0]!.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'throttled' }] });
    const device = await postJson(`${url}/v1/ingest/observations`, [{ patient_id: A, code: '99504-3', value: 100, unit: 'mg/dL', time: minutesAgo(1) }], 'application/json', access.tokens.flooder);
    expect(device.status).toBe(429);
    expect((await getJson(`${url}/fhir/Observation?patient=${A}`, access.tokens.patientA)).status).toBe(200);
  });

  it('should keep patient ids and identifiers out of every log line', () => {
    const text = logged.join('');
    for (const secret of [A, B, B_SSN]) expect(text).not.toContain(secret);
  });
});
