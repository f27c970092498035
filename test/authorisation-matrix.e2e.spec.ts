import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '@shuji/access';
import { InProcessBroker } from '@shuji/messaging';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { writeTestTokens } from './support/access-tokens.testing';
import { useEmbeddedPlatform } from './support/embedded-platform.testing';
import { postJson, waitFor } from './support/http.testing';

/**
 * Issue 16's authorisation matrix on the embedded platform, over every route the platform documents: each route that
 * names a patient (in its path or as FHIR search's `patient`) is called for patient A by each role, and the patient
 * app's `/v1/me` routes by each role. Allowed: A's own patient token, a clinician with A on the panel, the admin.
 * Denied (403): patient B, a clinician of another panel, A's device (it writes readings, never reads); 401 without a
 * token. Every allowed read of A's data leaves an audit row naming the reader and A. The routes come from
 * /openapi.json, so a route added later is in the matrix without editing this test.
 */
const A = 'matrix-a';
const B = 'matrix-b';
const access = writeTestTokens({
  patientA: { id: 'patient:matrix-a', role: Role.Patient, patients: [A] },
  patientB: { id: 'patient:matrix-b', role: Role.Patient, patients: [B] },
  clinicianA: { id: 'clinician:panel-a', role: Role.Clinician, patients: [A] },
  clinicianB: { id: 'clinician:panel-b', role: Role.Clinician, patients: [B] },
  deviceA: { id: 'device:matrix-a', role: Role.Device, patients: [A] },
});
const embedded = useEmbeddedPlatform(mkdtempSync(join(tmpdir(), 'shuji-matrix-')), () => ({ SHUJI_ACCESS_TOKENS_FILE: access.file, PORT: '0', SHUJI_DEMO: 'false' }));

type Caller = keyof typeof access.tokens | 'anonymous';
const ALLOWED: readonly Caller[] = ['admin', 'patientA', 'clinicianA'];
const DENIED: readonly Caller[] = ['patientB', 'clinicianB', 'deviceA'];

interface Route {
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly path: string;
}

/** Calls a route and reads its status (a Server-Sent Events route answers its status first: the stream is closed then). */
async function call(route: Route, caller: Caller): Promise<{ status: number; body: string }> {
  const controller = new AbortController();
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(caller === 'anonymous' ? {} : { authorization: `Bearer ${access.tokens[caller]}` }) };
  const res = await fetch(`${embedded.url}${route.path}`, { method: route.method, headers, signal: controller.signal, ...(route.method === 'GET' ? {} : { body: '{}' }) });
  if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    controller.abort();
    return { status: res.status, body: '' };
  }
  return { status: res.status, body: await res.text() };
}

let routes: Promise<{ patientRoutes: Route[]; meRoutes: Route[] }> | undefined;
/** The routes of the OpenAPI document, read once. */
const documentedRoutes = (): Promise<{ patientRoutes: Route[]; meRoutes: Route[] }> => (routes ??= readRoutes());

async function readRoutes(): Promise<{ patientRoutes: Route[]; meRoutes: Route[] }> {
  const doc = (await (await fetch(`${embedded.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { parameters?: { name: string; in: string; required?: boolean }[] }>> };
  const patientRoutes: Route[] = [];
  const meRoutes: Route[] = [];
  for (const [template, operations] of Object.entries(doc.paths)) {
    for (const [verb, op] of Object.entries(operations)) {
      const method = verb.toUpperCase() as Route['method'];
      if (!['GET', 'POST', 'PUT'].includes(method)) continue;
      const path = template.replace(/\{[^}]+\}/g, (p) => (p === '{patientId}' ? A : p === '{category}' ? 'genotype' : 'x'));
      if (template.includes('{patientId}')) patientRoutes.push({ method, path: method === 'GET' && template.endsWith('/forecast') ? `${path}?code=99504-3&horizon=PT30M&method=twin` : path });
      else if ((op.parameters ?? []).some((p) => p.name === 'patient' && p.in === 'query')) patientRoutes.push({ method, path: `${path}?patient=${A}` });
      else if (template.startsWith('/v1/me') && method === 'GET') meRoutes.push({ method, path: method === 'GET' && template.endsWith('/forecast') ? `${path}?code=99504-3&horizon=PT30M` : path });
    }
  }
  return { patientRoutes, meRoutes };
}

async function auditCount(actor: string): Promise<number> {
  const [row] = (await embedded.platform.app.get(DataSource).query("SELECT count(*)::int AS n FROM audit_log WHERE actor = $1 AND patient_id = $2 AND coalesce(details->>'outcome', 'allowed') = 'allowed'", [actor, A])) as { n: number }[];
  return row!.n;
}

/** The values of every `patientId` / `patient_id` field in a JSON body (the patients whose data it carries). */
function patientIdsIn(body: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'patientId' || k === 'patient_id') && typeof x === 'string') out.push(x);
        else walk(x);
      }
    }
  };
  walk(body === '' ? null : JSON.parse(body));
  return out;
}

const ACTOR: Readonly<Record<string, string>> = { admin: 'test-admin', patientA: 'patient:matrix-a', clinicianA: 'clinician:panel-a' };

describe('authorisation matrix (every documented route that names a patient, every role)', () => {
  it('should give A and B twins to read', async () => {
    const t0 = Date.now() - 40 * 60_000;
    for (const [p, token] of [[A, access.tokens.deviceA], [B, access.tokens.admin]] as const) {
      const items = Array.from({ length: 6 }, (_, k) => ({ patient_id: p, time: new Date(t0 + k * 5 * 60_000).toISOString(), code: '99504-3', value: 120 + k, unit: 'mg/dL' }));
      expect((await postJson(`${embedded.url}/v1/ingest/observations`, items, 'application/json', token)).status).toBe(202);
    }
    await embedded.platform.app.get(InProcessBroker).whenIdle();
    expect((await call({ method: 'GET', path: `/v1/twins/${A}` }, 'admin')).status).toBe(200);
  });

  it('should list the routes that name a patient, from the OpenAPI document', async () => {
    const { patientRoutes, meRoutes } = await documentedRoutes();
    expect(patientRoutes.map((r) => r.path.split('?')[0])).toEqual(expect.arrayContaining([`/v1/twins/${A}`, `/v1/twins/${A}/forecast`, `/v1/twins/${A}/events`, `/v1/twins/${A}/simulations`]));
    expect(meRoutes.map((r) => r.path.split('?')[0])).toEqual(expect.arrayContaining(['/v1/me/twin', '/v1/me/twin/forecast', '/v1/me/access-log']));
  });

  it('should answer 401 without a token and 403 to every caller that may not read A, on every route that names A', async () => {
    const { patientRoutes } = await documentedRoutes();
    const wrong: string[] = [];
    for (const route of patientRoutes) {
      const anonymous = await call(route, 'anonymous');
      if (anonymous.status !== 401) wrong.push(`${route.method} ${route.path} anonymous → ${anonymous.status}`);
      for (const caller of DENIED) {
        const res = await call(route, caller);
        if (res.status !== 403) wrong.push(`${route.method} ${route.path} ${caller} → ${res.status}`);
        // a refusal names the permission, never the patient's data
        if (res.body.includes('"revision"') || res.body.includes('"points"')) wrong.push(`${route.method} ${route.path} ${caller}: data in the refusal`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('should let A, A\'s clinician and the admin through on every route that names A, each read audited', async () => {
    const { patientRoutes } = await documentedRoutes();
    const wrong: string[] = [];
    for (const route of patientRoutes) {
      for (const caller of ALLOWED) {
        const before = await auditCount(ACTOR[caller]!);
        const res = await call(route, caller);
        // allowed: whatever the route answers next (200, 202, or a 4xx about the empty body), never 401/403
        if (res.status === 401 || res.status === 403 || res.status >= 500) wrong.push(`${route.method} ${route.path} ${caller} → ${res.status}`);
        else if (route.method === 'GET' && res.status === 200 && (await waitFor(() => auditCount(ACTOR[caller]!), (n) => n > before, 3_000, 50)) <= before) {
          wrong.push(`${route.method} ${route.path} ${caller}: no audit row`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('should serve /v1/me to a patient only, always about that patient', async () => {
    const { meRoutes } = await documentedRoutes();
    const wrong: string[] = [];
    for (const route of meRoutes) {
      const own = await call(route, 'patientA');
      if (own.status !== 200) wrong.push(`${route.path} patientA → ${own.status}`);
      if (patientIdsIn(own.body).some((id) => id !== A)) wrong.push(`${route.path} patientA: another patient's data`);
      for (const caller of ['clinicianA', 'deviceA', 'admin'] as const) {
        const res = await call(route, caller);
        if (res.status !== 403) wrong.push(`${route.path} ${caller} → ${res.status}`);
      }
      if ((await call(route, 'anonymous')).status !== 401) wrong.push(`${route.path} anonymous`);
    }
    const twinOfB = await call({ method: 'GET', path: '/v1/me/twin' }, 'patientB');
    expect(JSON.parse(twinOfB.body)).toMatchObject({ patientId: B });
    expect(wrong).toEqual([]);
  });

  it('should show a clinician only their panel', async () => {
    const panel = await call({ method: 'GET', path: '/v1/patients' }, 'clinicianA');
    expect(panel.status).toBe(200);
    expect(panel.body).toContain(A);
    expect(panel.body).not.toContain(B);
  });
});
