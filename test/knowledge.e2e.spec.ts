import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '@shuji/access';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { writeTestTokens } from './support/access-tokens.testing';
import { useEmbeddedPlatform } from './support/embedded-platform.testing';
import { getJson } from './support/http.testing';

/** The read-only knowledge API through the embedded platform (issue 13): bearer guard, edges with sources, 404 and 400, no audit. */
const access = writeTestTokens({ patient: { id: 'patient:kg-reader', role: Role.Patient, patients: ['kg-p'] } });
const dataDir = mkdtempSync(join(tmpdir(), 'shuji-kg-'));
const embedded = useEmbeddedPlatform(dataDir, () => ({ SHUJI_ACCESS_TOKENS_FILE: access.file, PORT: '0', SHUJI_DEMO: 'false' }));

interface Edge {
  type: string;
  from: { code: string; name: string };
  to: { code: string };
  mechanism?: string;
  effect?: { on: string; factor?: number; approximate: boolean };
  sources: { citation: string }[];
}
interface View {
  knowledge: { version: string; hash: string };
  node: { code: string; name: string };
  edges: Edge[];
  models: { id: string; via: string[] }[];
}

describe('GET /v1/knowledge (embedded platform)', () => {
  it("should answer hypertension's edges, each with its sources, and the model explaining its readings, to any authenticated principal", async () => {
    const since = new Date();
    const base = await getJson(`${embedded.url}/v1/knowledge`, access.tokens.patient);
    expect(base.status).toBe(200);
    expect(base.body).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+$/), hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), counts: { condition: 7 } });

    const res = await getJson(`${embedded.url}/v1/knowledge/conditions/38341003`, access.tokens.patient);
    expect(res.status).toBe(200);
    const view = res.body as View;
    expect(view.knowledge.hash).toBe((base.body as { hash: string }).hash);
    expect(view.edges.map((e) => `${e.type} ${e.from.code} ${e.to.code}`)).toEqual([
      'treats C08CA01 38341003',
      'treats C09AA03 38341003',
      'monitored-by 38341003 8480-6',
      'monitored-by 38341003 8462-4',
    ]);
    expect(view.edges.every((e) => e.sources.length > 0 && e.sources.every((s) => s.citation !== ''))).toBe(true);
    expect(view.models).toEqual([{ id: 'blood-pressure-pkpd', name: expect.any(String), via: ['8480-6', '8462-4'] }]);

    // not personal data: no audit row for these reads
    const rows = (await embedded.platform.app.get(DataSource).query('SELECT action FROM audit_log WHERE actor = $1 AND at >= $2', ['patient:kg-reader', since])) as unknown[];
    expect(rows).toEqual([]);
  });

  it("should answer warfarin's interactions by its RxNorm code as by its ATC code, with mechanism and effect", async () => {
    const byRxnorm = await getJson(`${embedded.url}/v1/knowledge/drugs/11289`, access.tokens.admin);
    const byAtc = await getJson(`${embedded.url}/v1/knowledge/drugs/B01AA03`, access.tokens.admin);
    expect(byRxnorm.status).toBe(200);
    expect(byRxnorm.body).toEqual(byAtc.body);
    const interactions = (byRxnorm.body as View).edges.filter((e) => e.type === 'interacts-with');
    expect(interactions.map((e) => e.from.name)).toEqual(['amiodarone', 'fluconazole', 'rifampicin', 'ibuprofen']);
    expect(interactions[0]).toMatchObject({ mechanism: expect.stringMatching(/CYP2C9/), effect: { on: 'S-warfarin clearance', factor: 0.6, approximate: false } });
    expect(interactions[0].sources[0].citation).toMatch(/Sanoski/);
    const inr = await getJson(`${embedded.url}/v1/knowledge/observations/6301-6`, access.tokens.admin);
    expect((inr.body as View).models.map((m) => m.id)).toEqual(['hamberg-warfarin']);
  });

  it('should answer 404 for a code not in the base, 400 for a malformed one, 401 without a token', async () => {
    const unknown = await getJson(`${embedded.url}/v1/knowledge/conditions/73211009`, access.tokens.patient);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ message: 'no condition with SNOMED CT code 73211009 in knowledge base 1.0.0' });
    const malformed = await getJson(`${embedded.url}/v1/knowledge/observations/8480-7`, access.tokens.patient);
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ field: 'code' });
    expect((await getJson(`${embedded.url}/v1/knowledge/conditions/38341003`)).status).toBe(401);
    expect((await getJson(`${embedded.url}/v1/knowledge`)).status).toBe(401);
  });
});
