import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashToken, Role } from '@shuji/access';
import { InProcessBroker } from '@shuji/messaging';
import { ObservationRepository } from '@shuji/persistence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from '../apps/platform/src/index';
import { writeTestTokens } from './support/access-tokens.testing';
import { getJson, postJson, waitFor } from './support/http.testing';

/**
 * HTTP hygiene on the embedded platform (issue 12, finding 9, and token lifetime from finding 8): headers for personal
 * data, no Host-header echo, absolute FHIR URLs, bundles of one's own readings, a second platform beside the first,
 * tokens revoked and expiring without a restart.
 */
const access = writeTestTokens({
  patient: { id: 'patient:h1', role: Role.Patient, patients: ['h1'] },
  clinician: { id: 'clinician:h', role: Role.Clinician, patients: ['h1', 'h2'] },
});
const dirs = [mkdtempSync(join(tmpdir(), 'shuji-hyg-a-')), mkdtempSync(join(tmpdir(), 'shuji-hyg-b-'))];
const env = (dataDir: string, publicUrl?: string) => ({
  SHUJI_ACCESS_TOKENS_FILE: access.file,
  SHUJI_DATA_DIR: dataDir,
  PORT: '0',
  SHUJI_DEMO: 'false',
  ...(publicUrl ? { SHUJI_PUBLIC_URL: publicUrl } : {}),
});
let a: RunningPlatform;
let b: RunningPlatform;
let url: string;

beforeAll(async () => {
  a = await startPlatform(env(dirs[0]!, 'https://shuji.example.org/'));
  // a second platform on the same machine: another data directory, no SHUJI_PG_PORT, no clash
  b = await startPlatform(env(dirs[1]!));
  url = a.url.replace('localhost', '127.0.0.1');
}, 180_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}, 60_000);

function observation(patient: string, minute: number): unknown {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
    subject: { reference: `Patient/${patient}` },
    effectiveDateTime: new Date(Date.UTC(2026, 10, 2, 8, minute)).toISOString(),
    valueQuantity: { value: 60 + minute, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
  };
}

const bundleOf = (...resources: unknown[]) => ({ resourceType: 'Bundle', type: 'transaction', entry: resources.map((resource) => ({ resource, request: { method: 'POST', url: 'Observation' } })) });

/** A GET with a forged Host header (fetch may not set Host). */
function getWithHost(base: string, path: string, host: string, token: string): Promise<{ status: number; body: string }> {
  const target = new URL(path, base.replace('localhost', '127.0.0.1'));
  return new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, path: target.pathname + target.search, headers: { host, authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP hygiene', () => {
  it('should run two platforms side by side, each on its own embedded PostgreSQL port', async () => {
    expect((await getJson(`${b.url}/health/ready`)).status).toBe(200);
    const ports = dirs.map((d) => Number(readFileSync(join(d, 'postgres.port'), 'utf8')));
    expect(ports[0]).not.toBe(ports[1]);
  });

  it('should let a patient post a bundle of their own readings, and a clinician one for their panel', async () => {
    expect((await postJson(`${url}/fhir`, bundleOf(observation('h1', 1), observation('h1', 2)), 'application/fhir+json', access.tokens.patient)).status).toBe(200);
    expect((await postJson(`${url}/fhir`, bundleOf(observation('h2', 3)), 'application/fhir+json', access.tokens.clinician)).status).toBe(200);
    expect((await postJson(`${url}/fhir`, bundleOf(observation('h2', 4)), 'application/fhir+json', access.tokens.patient)).status).toBe(403);
    await a.app.get(InProcessBroker).whenIdle();
    const repo = a.app.get(ObservationRepository);
    expect(await repo.count()).toBe(3);
  });

  it('should send no framework banner and keep personal data out of caches', async () => {
    for (const path of ['/fhir/Observation?patient=h1&code=8867-4', '/v1/twins/h1', '/health/ready']) {
      const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${access.tokens.admin}` } });
      await res.arrayBuffer();
      expect(res.headers.get('x-powered-by'), path).toBeNull();
      expect(res.headers.get('cache-control'), path).toBe('no-store');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });

  it('should answer search bundles with absolute URLs on the configured base, never the Host header', async () => {
    const res = await getWithHost(url, '/fhir/Observation?patient=h1&code=8867-4', 'evil.example', access.tokens.admin);
    expect(res.status).toBe(200);
    expect(res.body).not.toContain('evil.example');
    const bundle = JSON.parse(res.body) as { link: { url: string }[]; entry: { fullUrl: string }[] };
    expect(bundle.link[0]!.url).toBe('https://shuji.example.org/fhir/Observation?patient=h1&code=8867-4');
    expect(bundle.entry).toHaveLength(2);
    for (const e of bundle.entry) expect(e.fullUrl).toMatch(/^https:\/\/shuji\.example\.org\/fhir\/Observation\/[A-Za-z0-9.-]+$/);
    // without SHUJI_PUBLIC_URL the base is the server's own bound address
    const other = await getWithHost(b.url, '/fhir/Observation?patient=h1&code=8867-4', 'evil.example', access.tokens.admin);
    expect(other.status).toBe(200);
    expect(other.body).not.toContain('evil.example');
    expect((JSON.parse(other.body) as { link: { url: string }[] }).link[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fhir\/Observation\?/);
  });

  it('should revoke a token and honour an expiry without a restart when the token file changes', async () => {
    const file = JSON.parse(readFileSync(access.file, 'utf8')) as Record<string, { id: string }>;
    const revoked = Object.fromEntries(Object.entries(file).filter(([, p]) => p.id !== 'clinician:h'));
    const soon = 'temporary-token-of-a-test';
    revoked[hashToken(soon)] = { id: 'service:temp', role: Role.Service, patients: '*', expires: new Date(Date.now() + 4_000).toISOString() } as never;
    writeFileSync(access.file, JSON.stringify(revoked));
    const search = `${url}/fhir/Observation?patient=h1&code=8867-4`;
    expect(await waitFor(async () => (await getJson(search, access.tokens.clinician)).status, (s) => s === 401, 15_000, 200)).toBe(401);
    expect((await getJson(search, soon)).status).toBe(200);
    expect(await waitFor(async () => (await getJson(search, soon)).status, (s) => s === 401, 15_000, 200)).toBe(401);
    expect((await getJson(search, access.tokens.patient)).status).toBe(200);
  }, 60_000);
});
