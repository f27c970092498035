import 'reflect-metadata';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '@shuji/access';
import { PatientRepository } from '@shuji/persistence';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { writeTestTokens } from '../support/access-tokens.testing';
import { useEmbeddedPlatform } from '../support/embedded-platform.testing';
import { pollReadiness, sleep } from '../support/device-stream.testing';
import { postJson, waitFor } from '../support/http.testing';

/**
 * "An accepted write is durable or the client is told it is not": the writes added after the ingest path (a stored
 * recommendation, a clinician's decision, a patient's consent) and an audited read, sent again and again while the
 * embedded platform's PostgreSQL is SIGKILLed and restarted. Each answer is a success whose effect is stored, or a
 * 503 with Retry-After whose effect is not; never a 500, never a success that was not stored or a read that was not
 * audited.
 */
const access = writeTestTokens({ patient: { id: 'patient:w1', role: Role.Patient, patients: ['w1'] } });
const dataDir = mkdtempSync(join(tmpdir(), 'shuji-outage-writes-'));
const env = { SHUJI_ACCESS_TOKENS_FILE: access.file, PORT: '0', SHUJI_DEMO: 'false', SHUJI_RATE_LIMIT_PER_SEC: '0' };
const embedded = useEmbeddedPlatform(dataDir, () => env);

const weightPlan = (goalKg: number) => ({
  kind: 'weight-plan',
  patient_id: 'w1',
  inputs: { sex: 'female', age_years: 40, height_cm: 165, weight_kg: 80, physical_activity_level: 1.6, goal_weight_kg: goalKg, start_date: '2026-01-01', goal_date: '2027-01-01' },
});

interface Answer {
  readonly route: string;
  readonly status: number;
  readonly retryAfter: string | null;
  readonly body: unknown;
}

async function send(route: string, method: string, url: string, token: string, body?: unknown): Promise<Answer> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { route, status: res.status, retryAfter: res.headers.get('retry-after'), body: text ? (JSON.parse(text) as unknown) : null };
}

describe('writes and audited reads through a database outage (embedded platform)', () => {
  it('should answer each write with a stored success or a 503 with Retry-After, and each audited read likewise', async () => {
    const { platform, url } = embedded;
    const ds = platform.app.get(DataSource);
    // a recommendation names a patient Shuji knows (422 otherwise): w1 is registered as a FHIR Patient would be
    await new PatientRepository(ds).upsertMany([{ id: 'w1', identifiers: [] }]);
    const first = await postJson(`${url}/v1/recommendations`, weightPlan(75), 'application/json', access.tokens.admin);
    expect(first.status).toBe(201);
    const recommendationId = (first.body as { id: string }).id;

    const readiness = pollReadiness(`${url}/health/ready`);
    const answers: Answer[] = [];
    let goal = 70;
    let consent = false;
    const pid = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    // until the database has been seen down and up again, and at least 3 s have passed: every route, one after another
    let up = false;
    while (!up || Date.now() - killedAt < 3_000) {
      const round = await Promise.all([
        send('create recommendation', 'POST', `${url}/v1/recommendations`, access.tokens.admin, weightPlan((goal -= 0.1))),
        send('consent', 'PUT', `${url}/v1/me/consent/research`, access.tokens.patient, { granted: (consent = !consent) }),
        send('audited read', 'GET', `${url}/v1/recommendations/${recommendationId}`, access.tokens.admin),
      ]);
      answers.push(...round);
      const seen = readiness.seen.filter((r) => r.at >= killedAt);
      up = seen.some((r) => r.status === 503) && seen.at(-1)?.status === 200;
      if (Date.now() - killedAt > 120_000) throw new Error('the database did not come back within 120 s');
      await sleep(50);
    }
    await readiness.stop();
    // the decision, once, after the outage: it is stored and the read shows it
    const decided = await send('decision', 'POST', `${url}/v1/recommendations/${recommendationId}/decision`, access.tokens.admin, { decision: 'accepted' });

    const routes = ['create recommendation', 'consent', 'audited read'];
    for (const route of routes) {
      const of = answers.filter((a) => a.route === route);
      expect(of.map((a) => a.status).filter((s) => !(s >= 200 && s < 300) && s !== 503), route).toEqual([]);
      expect(of.some((a) => a.status === 503), `${route}: refused while the database was down`).toBe(true);
      expect(of.some((a) => a.status < 300), `${route}: served again after it came back`).toBe(true);
      expect(of.filter((a) => a.status === 503).every((a) => a.retryAfter !== null), route).toBe(true);
    }
    expect(decided.status).toBe(200);

    // every stored recommendation is one answered 201, and no 503 left one behind
    const created = answers.filter((a) => a.route === 'create recommendation' && a.status === 201).map((a) => (a.body as { id: string }).id);
    const stored = (await ds.query(`SELECT recommendation_id AS id FROM recommendations WHERE patient_id = 'w1'`)) as { id: string }[];
    expect(stored.map((r) => r.id).sort()).toEqual([recommendationId, ...created].sort());

    // every answered consent change is one event in the patient's log, in order; no refused one is there
    const accepted = answers.filter((a) => a.route === 'consent' && a.status < 300).length;
    const events = async () => Number((await ds.query(`SELECT count(*) AS n FROM twin_events WHERE patient_id = 'w1' AND body->>'kind' = 'consent'`))[0].n);
    await waitFor(events, (n) => n >= accepted, 60_000, 200);
    await sleep(1_000);
    expect(await events()).toBe(accepted);

    // every answered read left its audit row
    const reads = answers.filter((a) => a.route === 'audited read' && a.status === 200).length;
    const audited = (await ds.query(`SELECT count(*) AS n FROM audit_log WHERE patient_id = 'w1' AND actor = 'test-admin' AND action = 'read-recommendation'`)) as { n: string }[];
    expect(Number(audited[0]!.n)).toBeGreaterThanOrEqual(reads);
  }, 300_000);
});
