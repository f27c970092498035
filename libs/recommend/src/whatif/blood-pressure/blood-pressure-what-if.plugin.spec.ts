import { BLOOD_PRESSURE_TWIN_SETTINGS, BloodPressureComponent, BodyWeightComponent, CompositeComponent, type TwinEngine } from '@shuji/twin';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultWhatIfRegistry } from '../default-what-if-registry';
import { parseWhatIfRequest } from '../parse-what-if-request';
import { executeWhatIf, planWhatIf, type WhatIfResult } from '../run-what-if';
import { bloodPressureLog, bodyWeightLog, DAY_MS, twinOf } from '../testing/slow-twins.fixtures';
import { BloodPressureWhatIfPlugin } from './blood-pressure-what-if.plugin';

const registry = defaultWhatIfRegistry();
const run = (twin: TwinEngine, arms: unknown[], horizon = 'P28D'): Promise<WhatIfResult> =>
  executeWhatIf(planWhatIf(twin, parseWhatIfRequest({ horizon, seed: 7, arms }, registry), registry));
const bpOf = (r: WhatIfResult) => r.components.find((c) => c.plugin === 'blood-pressure')!;

describe(BloodPressureWhatIfPlugin.name, () => {
  let twin: TwinEngine;
  beforeAll(() => {
    twin = twinOf('bp', new BloodPressureComponent(), bloodPressureLog('bp'), 32, BLOOD_PRESSURE_TWIN_SETTINGS);
  });

  it('should give two identical arms identical outcomes and a difference of exactly 0 (common random numbers)', async () => {
    const sut = bpOf(await run(twin, [{ name: 'a' }, { name: 'b' }]));
    expect(sut.arms[1].outcomes).toEqual(sut.arms[0].outcomes);
    expect(sut.arms[1].difference!.mean_sbp).toEqual({ mean: 0, q10: 0, q50: 0, q90: 0 });
    expect(sut.assumptions).toMatchObject({ regimen: { amlodipine: { mg_per_day: 5, adherence: 1 } } });
  });

  it('should lower every member’s pressure and raise the days at target with 10 mg instead of 5, and raise it when stopped', async () => {
    const sut = bpOf(
      await run(twin, [
        { name: 'current' },
        { name: '10 mg', changes: [{ kind: 'amlodipine', mg_per_day: 10 }] },
        { name: 'stop', changes: [{ kind: 'amlodipine', mg_per_day: 0 }] },
      ]),
    );
    const [, more, stop] = sut.arms;
    expect(sut.arms[0].outcomes.mean_sbp.mean).toBeGreaterThan(120);
    expect(sut.arms[0].outcomes.mean_sbp.mean).toBeLessThan(160);
    expect(more.difference!.mean_sbp.q90).toBeLessThan(0);
    expect(more.difference!.mean_dbp.q90).toBeLessThan(0);
    expect(more.difference!.days_at_target.mean).toBeGreaterThanOrEqual(0);
    expect(stop.difference!.mean_sbp.q10).toBeGreaterThan(0);
  });

  it('should take a change from its start only, and count a stated adherence', async () => {
    const start = new Date(twin.currentTimeMs + 14 * DAY_MS).toISOString();
    const sut = bpOf(
      await run(twin, [
        { name: 'current' },
        { name: 'later', changes: [{ kind: 'amlodipine', mg_per_day: 10, start }] },
        { name: 'half', changes: [{ kind: 'amlodipine', mg_per_day: 5, adherence: 0.5 }] },
      ]),
    );
    const [, later, half] = sut.arms;
    expect(later.difference!.sbp_end.q90).toBeLessThan(0);
    expect(half.difference!.mean_sbp.q10).toBeGreaterThan(0);
  });

  it('should refuse, naming the field, a dose above the label’s 10 mg a day or an adherence above 1', () => {
    expect(() => parseWhatIfRequest({ horizon: 'P7D', arms: [{ name: 'a', changes: [{ kind: 'amlodipine', mg_per_day: 20 }] }] }, registry)).toThrow(/^arms\[0\]\.changes\[0\]\.mg_per_day: must be a number in \[0, 10\]/);
    expect(() => parseWhatIfRequest({ horizon: 'P7D', arms: [{ name: 'a', changes: [{ kind: 'amlodipine', mg_per_day: 5, adherence: 2 }] }] }, registry)).toThrow(/^arms\[0\]\.changes\[0\]\.adherence: /);
  });

  it('should run on a weight + blood-pressure composite, both plug-ins each on its part', async () => {
    const log = [...bloodPressureLog('both'), ...bodyWeightLog('both')];
    const composite = twinOf('both', new CompositeComponent([new BodyWeightComponent(), new BloodPressureComponent()]), log, 16, BLOOD_PRESSURE_TWIN_SETTINGS);
    const sut = await run(composite, [{ name: 'current' }, { name: '10 mg', changes: [{ kind: 'amlodipine', mg_per_day: 10 }] }], 'P14D');
    expect(sut.components.map((c) => c.plugin).sort()).toEqual(['blood-pressure', 'body-weight']);
    expect(bpOf(sut).arms[1].difference!.mean_sbp.q90).toBeLessThan(0);
  });

  describe('plan', () => {
    it('should state the target below 130/80 with the last 14 days’ mean, and suggest a dose every day when doses are missed', () => {
      const missing = twinOf('m', new BloodPressureComponent(), bloodPressureLog('m', (d) => d % 4 !== 0), 8, BLOOD_PRESSURE_TWIN_SETTINGS);
      const sut = new BloodPressureWhatIfPlugin().plan(missing, { nowMs: missing.currentTimeMs, utcOffsetMin: 0 });
      expect(sut.targets.map((t) => [t.id, t.high])).toEqual([
        ['systolic-below-130', 130],
        ['diastolic-below-80', 80],
      ]);
      expect(sut.targets[0].current).toBeGreaterThan(135);
      expect(sut.targets[0].current).toBeLessThan(150);
      expect(sut.suggestions.map((s) => s.id)).toEqual(['amlodipine-every-day', 'amlodipine-next-step']);
      expect(sut.suggestions[0].changes[0].value).toEqual({ mgPerDay: 5, adherence: 1 });
      expect(sut.suggestions[1].changes[0].value).toEqual({ mgPerDay: 10, adherence: null });
      for (const s of sut.suggestions) expect(s.title.length).toBeLessThanOrEqual(80);
      for (const s of sut.suggestions) expect(s.detail.length).toBeLessThanOrEqual(400);
    });
  });
});
