import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '@shuji/access';
import { InProcessBroker } from '@shuji/messaging';
import { fhirR4SchemaErrors, freePort } from '@shuji/testing';
import { generateVirtualPatient, type TwinEvent } from '@shuji/twin';
import { DataSource } from 'typeorm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SimulationJobsService } from '../apps/recommend/src/index';
import { writeTestTokens } from './support/access-tokens.testing';
import { useEmbeddedPlatform } from './support/embedded-platform.testing';
import { getJson, postJson, waitFor } from './support/http.testing';

/**
 * Issue 15, what-if simulation, through the embedded platform: a virtual T1D person's 3 days (CGM, meter, meals,
 * boluses, basal) streamed as a CGM app uploads them, then a 2-arm what-if over 30 days (current vs a carb ratio
 * 20 % stronger) on the twin's posterior ensemble: a job (202, Location, progress, result), common random numbers
 * at work, bad requests refused naming the field, another patient's token refused, every read audited.
 */
const vp = generateVirtualPatient({ index: 10, days: 3, seed: 2027 });
const P = vp.patientId;
const access = writeTestTokens({
  patient: { id: `patient:${P}`, role: Role.Patient, patients: [P] },
  other: { id: 'patient:other', role: Role.Patient, patients: ['other'] },
});
const dataDir = mkdtempSync(join(tmpdir(), 'shuji-whatif-'));
const ATC_LISPRO = 'http://www.whocc.no/atc|A10AB04';
const MG_DL_PER_MMOL_L = 18.0156;

const embedded = useEmbeddedPlatform(dataDir, async () => ({ SHUJI_ACCESS_TOKENS_FILE: access.file, SHUJI_PG_PORT: String(await freePort()), PORT: '0', SHUJI_DEMO: 'false' }));
let url: string;

type Distribution = { mean: number; q10: number; q50: number; q90: number };
type Job = {
  id: string;
  status: string;
  progress: number;
  result?: { members: number; components: { plugin: string; assumptions: { baseline: { carb_ratio_g_per_unit: number } }; arms: { name: string; outcomes: Record<string, Distribution>; difference: Record<string, Distribution> | null }[] }[] };
};

function deviceItem(e: TwinEvent): Record<string, unknown> {
  const base = { patient_id: e.patientId, time: new Date(e.timeMs).toISOString(), event_id: e.id, source: 'virtual-cgm-app' };
  if (e.kind === 'observation') return e.loinc === '99504-3' ? { ...base, code: e.loinc, value: e.value, unit: 'mg/dL' } : { ...base, code: e.loinc, value: e.value / MG_DL_PER_MMOL_L, unit: 'mmol/L' };
  if (e.kind === 'meal') return { ...base, code: '9059-7', value: e.carbsG, unit: 'g' };
  if (e.kind === 'insulin-bolus') return { ...base, code: ATC_LISPRO, value: e.units, unit: 'U' };
  if (e.kind === 'basal-rate') return { ...base, code: ATC_LISPRO, value: e.unitsPerHour, unit: 'U/h' };
  throw new Error(`the virtual person sends no ${e.kind} events`);
}

const simulations = `/simulations`;
const post = (body: unknown, token = access.tokens.patient, patient = P) => postJson(`${url}/v1/twins/${patient}${simulations}`, body, 'application/json', token);
const spread = (d: Distribution): number => d.q90 - d.q10;
/** What a request could have stored: the jobs held and the recommendations' rows (a refusal adds to neither). */
const stored = async (): Promise<[number, number]> => [
  embedded.platform.app.get(SimulationJobsService).held,
  ((await embedded.platform.app.get(DataSource).query('SELECT count(*)::int AS n FROM recommendations')) as { n: number }[])[0]!.n,
];

beforeAll(async () => {
  url = embedded.url;
  const items = vp.events.map(deviceItem);
  for (let i = 0; i < items.length; i += 200) {
    const res = await postJson(`${url}/v1/ingest/observations`, items.slice(i, i + 200), 'application/json', access.tokens.admin);
    expect(res.status).toBe(202);
  }
  await embedded.platform.app.get(InProcessBroker).whenIdle();
}, 300_000);

describe('POST /v1/twins/:patientId/simulations (embedded platform)', () => {
  const since = new Date();
  let job: Job;

  it('should run a 2-arm what-if as a job: 202 with a Location, progress, then per-arm outcomes and paired differences', async () => {
    // 30 days: on worker threads a week can end within the POST's second (answered 200), and this checks the job path
    const first = await post({ horizon: 'P30D', seed: 3, arms: [{ name: 'current' }, { name: 'stronger carb ratio', changes: [{ kind: 'carb-ratio', grams_per_unit: 8 }] }] });
    expect(first.status).toBe(202);
    const location = first.headers.get('location');
    expect(location).toBe(`/v1/simulations/${(first.body as Job).id}`);
    const polled = await waitFor(async () => (await getJson(`${url}${location}`, access.tokens.patient)).body as Job, (j) => j.status === 'done' || j.status === 'failed', 240_000, 500);
    expect(polled.status).toBe('done');
    expect(polled.progress).toBe(1);
    job = polled;
    const [t1d] = job.result!.components;
    expect(t1d.plugin).toBe('t1d-glucose');
    expect(job.result!.members).toBe(64);
    expect(t1d.assumptions.baseline.carb_ratio_g_per_unit).toBeGreaterThan(8);
    expect(t1d.arms.map((a) => a.name)).toEqual(['current', 'stronger carb ratio']);
    expect(t1d.arms[0].difference).toBeNull();
  }, 300_000);

  it('should show common random numbers at work: the paired difference spreads far less than either arm', () => {
    const [current, stronger] = job.result!.components[0].arms;
    for (const metric of ['mean_glucose', 'gmi']) {
      expect(spread(stronger.difference![metric])).toBeLessThan(0.3 * Math.min(spread(current.outcomes[metric]), spread(stronger.outcomes[metric])));
    }
    // more insulin per gram: lower mean glucose in (nearly) every member, more time below 70
    expect(stronger.difference!.mean_glucose.q90).toBeLessThan(0);
    expect(stronger.difference!.time_below_70.mean).toBeGreaterThan(0);
  });

  const refusals: [string, unknown][] = [
    ['horizon', { horizon: 'P100Y', arms: [{ name: 'current' }] }],
    ['arms[1].changes[0].grams_per_unit', { horizon: 'P1D', arms: [{ name: 'current' }, { name: 'bad', changes: [{ kind: 'carb-ratio', grams_per_unit: -4 }] }] }],
    ['arms[0].changes[0].rates[0].units_per_hour', { horizon: 'P1D', arms: [{ name: 'current', changes: [{ kind: 'basal-profile', rates: [{ from: '00:00', units_per_hour: -1 }] }] }] }],
    // a plan outside the limits (t1d-safety-limits.ts: at most 200 g/U)
    ['current[0].grams_per_unit', { horizon: 'P1D', current: [{ kind: 'carb-ratio', grams_per_unit: 500 }], arms: [{ name: 'current' }] }],
    ['arms[1].changes[0].end', { horizon: 'P1D', arms: [{ name: 'a' }, { name: 'b', changes: [{ kind: 'carb-ratio', grams_per_unit: 9, start: '2027-01-02T00:00:00Z', end: '2027-01-01T00:00:00Z' }] }] }],
    ['arms[1].changes[0].kind', { horizon: 'P1D', arms: [{ name: 'a' }, { name: 'b', changes: [{ kind: 'teleport' }] }] }],
  ];
  for (const [field, body] of refusals) {
    it(`should answer 400 naming ${field}, and start no job`, async () => {
      const before = await stored();
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ field, message: expect.stringMatching(new RegExp(`^${field.replace(/[[\].]/g, '\\$&')}: `)) });
      expect(await stored()).toEqual(before);
    });
  }

  it("should refuse another patient's token (403) for the simulation and the job, and answer an unknown twin 404 to one who may read it", async () => {
    expect((await post({ horizon: 'P1D', arms: [{ name: 'current' }] }, access.tokens.other)).status).toBe(403);
    expect((await getJson(`${url}/v1/simulations/${job.id}`, access.tokens.other)).status).toBe(403);
    const before = await stored();
    const unknown = await post({ horizon: 'P1D', arms: [{ name: 'current' }] }, access.tokens.admin, 'nobody-on-file');
    expect(unknown).toMatchObject({ status: 404, body: { field: 'patientId' } });
    const unknownRecommendation = await postJson(`${url}/v1/twins/nobody-on-file/recommendations/t1d-settings`, {}, 'application/json', access.tokens.admin);
    expect(unknownRecommendation).toMatchObject({ status: 404, body: { field: 'patientId' } });
    expect(await stored()).toEqual(before);
    expect((await post({ horizon: 'P1D', arms: [{ name: 'current' }] }, access.tokens.other, 'nobody-on-file')).status).toBe(403);
  });

  it('should run a what-if on my own twin from the patient app (/v1/me/simulations), and show my plan (/v1/me/recommendations)', async () => {
    const mine = await postJson(`${url}/v1/me/simulations`, { horizon: 'P1D', seed: 5, arms: [{ name: 'current' }] }, 'application/json', access.tokens.patient);
    expect([200, 202]).toContain(mine.status);
    const id = (mine.body as Job).id;
    const done = await waitFor(async () => (await getJson(`${url}/v1/simulations/${id}`, access.tokens.patient)).body as Job, (j) => j.status === 'done' || j.status === 'failed', 240_000, 500);
    expect(done.status).toBe('done');
    expect((await getJson(`${url}/v1/simulations/${id}`, access.tokens.other)).status).toBe(403);
    expect((await postJson(`${url}/v1/me/simulations`, { horizon: 'P1D', arms: [{ name: 'current' }] }, 'application/json', access.tokens.admin)).status).toBe(403);
    const plan = await getJson(`${url}/v1/me/recommendations`, access.tokens.patient);
    expect(plan.status).toBe(200);
    expect(Array.isArray(plan.body)).toBe(true);
  });

  it('should cancel a job on DELETE', async () => {
    // every run slot held until released, so the job is still waiting when the DELETE comes (a 30-day what-if can end
    // within the POST's second on an idle machine); cancelling a running job: the jobs' unit spec
    const jobs = embedded.platform.app.get(SimulationJobsService);
    const releases: (() => void)[] = [];
    const held = Array.from({ length: 2 }, () => jobs.inRunSlot(() => new Promise<void>((resolve) => releases.push(resolve))));
    try {
      const started = await post({ horizon: 'P30D', arms: [{ name: 'current' }, { name: 'b', changes: [{ kind: 'carb-ratio', grams_per_unit: 9 }] }] });
      expect(started.status).toBe(202);
      const res = await fetch(`${url}/v1/simulations/${(started.body as Job).id}`, { method: 'DELETE', headers: { authorization: `Bearer ${access.tokens.patient}` } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as Job).status).toBe('cancelled');
    } finally {
      for (const release of releases) release();
      await Promise.all(held);
    }
  });

  it('should audit the simulation, each read of the job and each refusal', async () => {
    const rows: { actor: string; action: string; patient_id: string; details: { outcome: string } }[] = await embedded.platform.app
      .get(DataSource)
      .query(`SELECT actor, action, patient_id, details FROM audit_log WHERE at >= $1 AND (patient_id = $2 OR patient_id = 'nobody-on-file') ORDER BY id`, [since, P]);
    const seen = rows.map((r) => [r.actor, r.action, r.patient_id, r.details.outcome].join(' '));
    expect(seen).toContain(`patient:${P} simulate-twin ${P} allowed`);
    expect(seen).toContain(`patient:${P} read-twin-simulation ${P} allowed`);
    expect(seen).toContain(`patient:${P} simulate-twin ${P} invalid`);
    expect(seen).toContain(`patient:${P} cancel-twin-simulation ${P} allowed`);
    expect(seen).toContain(`patient:other denied:twin.read ${P} denied`);
    expect(seen).toContain('test-admin simulate-twin nobody-on-file not-found');
  });
});

describe('POST /v1/twins/:patientId/recommendations/t1d-settings (embedded platform)', () => {
  const since = new Date();
  type Option = { rank: number; step_percent: Record<string, number>; outcomes: Record<string, Distribution>; limits: { key: string; value: number; limit: number }[] };
  type Recommendation = Job & { result?: { kind: string; applied: boolean; options: Option[]; current: { outcomes: Record<string, Distribution> }; recommendation_id: string } };
  type Stored = { id: string; kind: string; status: string; output: unknown; headline: string; provenance: { twin: { revision: number; log_mark: string; events_sha256: string; observations: { loinc: string; count: number }[] } } };
  const recommend = (body: unknown, token = access.tokens.patient) => postJson(`${url}/v1/twins/${P}/recommendations/t1d-settings`, body, 'application/json', token);

  it('should answer ranked options inside the limits, improving time in range, never applied', async () => {
    const first = await recommend({ horizon: 'P3D', seed: 5, limits: { max_step_percent: 15 } });
    expect([200, 202]).toContain(first.status);
    const id = (first.body as Recommendation).id;
    const done = await waitFor(async () => (await getJson(`${url}/v1/simulations/${id}`, access.tokens.patient)).body as Recommendation, (j) => j.status === 'done' || j.status === 'failed', 240_000, 500);
    expect(done.status).toBe('done');
    const result = done.result!;
    expect(result).toMatchObject({ kind: 't1d-settings', applied: false });
    for (const option of result.options) {
      for (const step of Object.values(option.step_percent)) expect(Math.abs(step)).toBeLessThanOrEqual(15);
      for (const limit of option.limits) expect(limit.value).toBeLessThanOrEqual(limit.limit + 1e-9);
      expect(option.outcomes.time_in_range.mean).toBeGreaterThan(result.current.outcomes.time_in_range.mean);
    }

    // stored with what it rests on, awaiting a clinician's decision, and re-run bit for bit from the twin's log
    const mine = await getJson(`${url}/v1/recommendations/${result.recommendation_id}`, access.tokens.patient);
    expect(mine.status).toBe(200);
    const record = mine.body as Stored;
    const { recommendation_id: _id, ...output } = result;
    expect(record).toMatchObject({ kind: 't1d-settings', status: 'awaiting-decision', output });
    expect(record.provenance.twin.observations.find((o) => o.loinc === '99504-3')?.count).toBeGreaterThan(500);
    const rerun = await postJson(`${url}/v1/recommendations/${record.id}/rerun`, {}, 'application/json', access.tokens.patient);
    expect(rerun.status).toBe(200);
    expect(rerun.body).toMatchObject({ reproduced: true, differences: [] });
    const provenance = await getJson(`${url}/v1/recommendations/${record.id}/provenance`, access.tokens.patient);
    expect(fhirR4SchemaErrors(provenance.body)).toEqual([]);
    expect(JSON.stringify(provenance.body)).toContain(record.provenance.twin.events_sha256);
    const decided = await postJson(`${url}/v1/recommendations/${record.id}/decision`, { decision: 'overridden', reason: 'wait for two weeks of CGM' }, 'application/json', access.tokens.admin);
    expect(decided.body).toMatchObject({ status: 'overridden' });
  }, 400_000);

  it.each([
    ['limits.max_step_percent', { limits: { max_step_percent: 80 } }],
    ['horizon', { horizon: 'P100Y' }],
    ['current[0].grams_per_unit', { current: [{ kind: 'carb-ratio', grams_per_unit: -3 }] }],
    ['current[0].end', { current: [{ kind: 'carb-ratio', grams_per_unit: 9, start: '2027-01-02T00:00:00Z', end: '2027-01-01T00:00:00Z' }] }],
  ])('should answer 400 naming %s, and start no job', async (field, body) => {
    const before = await stored();
    const res = await recommend(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ field });
    expect(await stored()).toEqual(before);
  });

  it("should refuse another patient's token and audit the recommendation", async () => {
    expect((await recommend({}, access.tokens.other)).status).toBe(403);
    const rows: { action: string; details: { outcome: string } }[] = await embedded.platform.app
      .get(DataSource)
      .query(`SELECT action, details FROM audit_log WHERE at >= $1 AND patient_id = $2 AND action = 'recommend-twin' ORDER BY id`, [since, P]);
    expect(rows.map((r) => r.details.outcome)).toEqual(['allowed', 'invalid', 'invalid', 'invalid', 'invalid']);
  });
});

describe('GET /v1/me/health-plan and /v1/patients/:patientId/health-plan (embedded platform)', () => {
  const since = new Date();
  type Plan = {
    patient_id: string;
    headline: string;
    targets: { id: string; current: number | null; status: string }[];
    actions: { id: string; effect: string; predicted: { difference: Distribution } }[];
    not_offered: { id: string; reason: string }[];
    applied: boolean;
    rests_on: { twin_revision: number; components: string[]; observations: { loinc: string; count: number }[] };
  };

  it('should give me my targets from my own CGM and the actions my twin simulated, the same twice, and the clinician the same plan', async () => {
    const mine = await getJson(`${url}/v1/me/health-plan?utc_offset=%2B01:00`, access.tokens.patient);
    expect(mine.status).toBe(200);
    const plan = mine.body as Plan;
    expect(plan).toMatchObject({ patient_id: P, applied: false, rests_on: { components: [expect.stringMatching(/^uva-padova-s2008@/)] } });
    expect(plan.rests_on.observations.find((o) => o.loinc === '99504-3')?.count).toBeGreaterThan(500);
    expect(plan.targets.map((t) => t.id)).toEqual(['time-in-range', 'time-below-70', 'time-below-54', 'time-above-180', 'time-above-250', 'glucose-variability', 'gmi']);
    for (const t of plan.targets) expect(t.current).toBeTypeOf('number');
    // the pre-bolus is always weighed: offered with its simulated gain, or listed with the reason it is not
    expect([...plan.actions.map((a) => a.id), ...plan.not_offered.map((n) => n.id)]).toContain('pre-bolus');
    for (const a of plan.actions) expect(a.predicted.difference.mean).toBeGreaterThan(0);
    expect((await getJson(`${url}/v1/me/health-plan?utc_offset=%2B01:00`, access.tokens.patient)).body).toEqual(plan);
    expect((await getJson(`${url}/v1/patients/${P}/health-plan?utc_offset=%2B01:00`, access.tokens.admin)).body).toEqual(plan);
  }, 120_000);

  it('should export the plan as a FHIR R4 CarePlan with contained Goals', async () => {
    const res = await getJson(`${url}/v1/me/health-plan?format=fhir`, access.tokens.patient);
    expect(res.status).toBe(200);
    expect(fhirR4SchemaErrors(res.body)).toEqual([]);
    expect(res.body).toMatchObject({ resourceType: 'CarePlan', status: 'draft', intent: 'proposal', subject: { reference: `Patient/${P}` } });
    expect((res.body as { contained: unknown[] }).contained).toHaveLength(7);
  }, 120_000);

  it("should refuse another patient's token, name a bad parameter, answer an unknown twin 404, and audit every read", async () => {
    expect((await getJson(`${url}/v1/patients/${P}/health-plan`, access.tokens.other)).status).toBe(403);
    const bad = await getJson(`${url}/v1/me/health-plan?format=xml`, access.tokens.patient);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: 'format' });
    expect((await getJson(`${url}/v1/patients/nobody-on-file/health-plan`, access.tokens.admin)).status).toBe(404);
    const rows: { actor: string; details: { outcome: string } }[] = await embedded.platform.app
      .get(DataSource)
      .query(`SELECT actor, details FROM audit_log WHERE at >= $1 AND patient_id = $2 AND action = 'read-health-plan' ORDER BY id`, [since, P]);
    expect(rows.map((r) => `${r.actor} ${r.details.outcome}`)).toEqual([`patient:${P} allowed`, `patient:${P} allowed`, 'test-admin allowed', `patient:${P} allowed`, `patient:${P} invalid`]);
  });
});
