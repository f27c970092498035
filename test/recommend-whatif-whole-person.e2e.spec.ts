import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '@shuji/access';
import { InProcessBroker } from '@shuji/messaging';
import { freePort } from '@shuji/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeTestTokens } from './support/access-tokens.testing';
import { useEmbeddedPlatform } from './support/embedded-platform.testing';
import { getJson, postJson, waitFor } from './support/http.testing';

/**
 * Issue 15, what-if on a whole-person twin through the embedded platform: a person's 4 weeks of blood-pressure pairs,
 * weighings and amlodipine tablets posted as a device app sends them make a weight + blood-pressure twin (a composite);
 * one what-if over 8 weeks with an arm of amlodipine 10 mg and 300 kcal a day less answers both plug-ins' outcomes,
 * each on its part of the twin, and bad changes are refused naming the field.
 */
const P = 'whole-whatif';
const access = writeTestTokens({ patient: { id: `patient:${P}`, role: Role.Patient, patients: [P] } });
const dataDir = mkdtempSync(join(tmpdir(), 'shuji-whatif-whole-'));
const embedded = useEmbeddedPlatform(dataDir, async () => ({ SHUJI_ACCESS_TOKENS_FILE: access.file, SHUJI_PG_PORT: String(await freePort()), PORT: '0', SHUJI_DEMO: 'false' }));

type Distribution = { mean: number; q10: number; q50: number; q90: number };
type Component = { plugin: string; assumptions: Record<string, unknown>; arms: { name: string; outcomes: Record<string, Distribution>; difference: Record<string, Distribution> | null }[] };
type Job = { id: string; status: string; result?: { members: number; components: Component[] } };

const DAY_MS = 86_400_000;
const now = Date.now();
const at = (daysAgo: number, hour: number): string => new Date(Math.floor(now / DAY_MS) * DAY_MS - daysAgo * DAY_MS + hour * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const item = (id: string, time: string, code: string, value: number, unit: string) => ({ patient_id: P, time, event_id: id, source: 'virtual-device-app', code, value, unit });

/** 28 days: a morning BP pair about 148/91, amlodipine 5 mg after it, a weighing each Monday from 96 kg. */
function deviceItems(): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  for (let d = 28; d >= 1; d--) {
    const wobble = 3 * Math.sin(d * 1.3);
    items.push(item(`sbp-${d}`, at(d, 7), '8480-6', Math.round(148 + wobble), 'mm[Hg]'), item(`dbp-${d}`, at(d, 7), '8462-4', Math.round(91 + wobble / 2), 'mm[Hg]'));
    items.push(item(`aml-${d}`, at(d, 8), 'http://www.whocc.no/atc|C08CA01', 5, 'mg'));
    if (d % 7 === 0) items.push(item(`wt-${d}`, at(d, 6), '29463-7', 96 - 0.1 * (28 - d), 'kg'));
  }
  return items;
}

const post = (body: unknown) => postJson(`${embedded.url}/v1/twins/${P}/simulations`, body, 'application/json', access.tokens.patient);

async function resultOf(res: { status: number; body: unknown }): Promise<Job> {
  expect([200, 202]).toContain(res.status);
  const id = (res.body as Job).id;
  return waitFor(async () => (await getJson(`${embedded.url}/v1/simulations/${id}`, access.tokens.patient)).body as Job, (j) => j.status === 'done' || j.status === 'failed', 240_000, 500);
}

beforeAll(async () => {
  const res = await postJson(`${embedded.url}/v1/ingest/observations`, deviceItems(), 'application/json', access.tokens.admin);
  expect(res.status).toBe(202);
  await embedded.platform.app.get(InProcessBroker).whenIdle();
}, 300_000);

describe('what-if on a weight + blood-pressure twin (embedded platform)', () => {
  it('should answer both plug-ins: amlodipine 10 mg lowers the pressure, 300 kcal a day less lowers the weight', async () => {
    const job = await resultOf(
      await post({
        horizon: 'P56D',
        seed: 4,
        arms: [
          { name: 'current', changes: [{ kind: 'weight-goal', goal_weight_kg: 92 }] },
          { name: 'plan', changes: [{ kind: 'weight-goal', goal_weight_kg: 92 }, { kind: 'amlodipine', mg_per_day: 10 }, { kind: 'energy-intake', kcal_per_day_change: -300 }] },
        ],
      }),
    );
    expect(job.status).toBe('done');
    const byPlugin = Object.fromEntries(job.result!.components.map((c) => [c.plugin, c]));
    expect(Object.keys(byPlugin).sort()).toEqual(['blood-pressure', 'body-weight']);
    const bp = byPlugin['blood-pressure'];
    expect(bp.assumptions).toMatchObject({ regimen: { amlodipine: { mg_per_day: 5 } } });
    expect(bp.arms[0].outcomes.mean_sbp.mean).toBeGreaterThan(115);
    expect(bp.arms[0].outcomes.mean_sbp.mean).toBeLessThan(160);
    expect(bp.arms[1].difference!.mean_sbp.q90).toBeLessThan(0);
    expect(bp.arms[1].difference!.days_at_target.mean).toBeGreaterThanOrEqual(0);
    const weight = byPlugin['body-weight'];
    expect(weight.arms[0].outcomes.weight_end.mean).toBeGreaterThan(85);
    expect(weight.arms[0].outcomes.weight_end.mean).toBeLessThan(105);
    expect(weight.arms[1].difference!.weight_change.q90).toBeLessThan(0);
    expect(weight.arms[1].difference!.days_to_goal.mean).toBeLessThanOrEqual(0);
  }, 300_000);

  it.each([
    ['arms[1].changes[0].mg_per_day', { kind: 'amlodipine', mg_per_day: 20 }],
    ['arms[1].changes[0].adherence', { kind: 'amlodipine', mg_per_day: 5, adherence: 1.5 }],
    ['arms[1].changes[0].kcal_per_day', { kind: 'energy-intake', kcal_per_day: 500 }],
    ['arms[1].changes[0].physical_activity_level', { kind: 'physical-activity', physical_activity_level: 4 }],
    ['arms[1].changes[0].kind', { kind: 'warfarin-dose', mg_per_day: 5 }],
  ])('should answer 400 naming %s', async (field, change) => {
    const res = await post({ horizon: 'P14D', arms: [{ name: 'current' }, { name: 'bad', changes: [change] }] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ field });
  });
});

describe('health plan of a weight + blood-pressure twin (embedded platform)', () => {
  type Plan = { targets: { id: string; component: string; current: number | null; status: string }[]; actions: { id: string; component: string; effect: string }[]; not_offered: { id: string; reason: string }[] };

  it('should set each component its targets from the person’s data and offer the next amlodipine step with its simulated effect', async () => {
    const res = await getJson(`${embedded.url}/v1/me/health-plan`, access.tokens.patient);
    expect(res.status).toBe(200);
    const plan = res.body as Plan;
    const bp = plan.targets.filter((t) => t.component === 'blood-pressure');
    expect(bp.map((t) => [t.id, t.status])).toEqual([['systolic-below-130', 'not-met'], ['diastolic-below-80', 'not-met']]);
    expect(bp[0].current).toBeGreaterThan(140);
    expect(plan.targets.some((t) => t.component === 'body-weight')).toBe(true);
    // 148/91 on 5 mg a day, taken every day: the next titration step, 10 mg, lowers the pressure in the twin
    const step = plan.actions.find((a) => a.id === 'amlodipine-next-step');
    expect(step, JSON.stringify(plan.not_offered)).toBeDefined();
    expect(step!.component).toBe('blood-pressure');
    expect(step!.effect).toMatch(/^mean sbp −\d+\.\d mm\[Hg\] over \d+ days/);
  }, 120_000);
});
