import { ANTICOAGULATION_TWIN_SETTINGS, AnticoagulationComponent, type TwinEngine } from '@shuji/twin';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultWhatIfRegistry } from '../default-what-if-registry';
import { parseWhatIfRequest } from '../parse-what-if-request';
import { executeWhatIf, planWhatIf, type WhatIfResult } from '../run-what-if';
import { twinOf, warfarinLog } from '../testing/slow-twins.fixtures';
import { WarfarinWhatIfPlugin } from './warfarin-what-if.plugin';

const registry = defaultWhatIfRegistry();
const run = (twin: TwinEngine, arms: unknown[], horizon = 'P28D'): Promise<WhatIfResult> =>
  executeWhatIf(planWhatIf(twin, parseWhatIfRequest({ horizon, seed: 7, arms }, registry), registry));
const warfarinOf = (r: WhatIfResult) => r.components.find((c) => c.plugin === 'warfarin')!;

describe(WarfarinWhatIfPlugin.name, () => {
  let twin: TwinEngine;
  beforeAll(() => {
    twin = twinOf('inr', new AnticoagulationComponent(), warfarinLog('inr'), 16, ANTICOAGULATION_TWIN_SETTINGS);
  });

  it('should continue the logged 35 mg a week, identically in identical arms, with a TTR, and raise the INR with a higher dose', async () => {
    const sut = warfarinOf(
      await run(twin, [{ name: 'current' }, { name: 'same' }, { name: '50 mg/week', changes: [{ kind: 'warfarin-dose', mg_per_week: 50 }] }, { name: 'hold', changes: [{ kind: 'warfarin-dose', mg_per_day: 0 }] }]),
    );
    const [current, same, more, hold] = sut.arms;
    expect(sut.assumptions).toMatchObject({ regimen: { mg_per_week: 35, adherence: 1 } });
    expect(same.outcomes).toEqual(current.outcomes);
    expect(current.outcomes.inr_end.mean).toBeGreaterThan(1.5);
    expect(current.outcomes.inr_end.mean).toBeLessThan(3.5);
    expect(current.outcomes.time_in_range.q90).toBeGreaterThan(0);
    expect(more.difference!.inr_end.q10).toBeGreaterThan(0);
    expect(hold.difference!.inr_end.q90).toBeLessThan(0);
    expect(hold.outcomes.days_below_1_5.mean).toBeGreaterThan(current.outcomes.days_below_1_5.mean);
  });

  it('should refuse, naming the field, more than 15 mg a day, and a daily and a weekly dose together', () => {
    const bad = (change: Record<string, unknown>) => () => parseWhatIfRequest({ horizon: 'P7D', arms: [{ name: 'a', changes: [{ kind: 'warfarin-dose', ...change }] }] }, registry);
    expect(bad({ mg_per_day: 20 })).toThrow(/^arms\[0\]\.changes\[0\]\.mg_per_day: must be a number in \[0, 15\]/);
    expect(bad({ mg_per_week: 200 })).toThrow(/^arms\[0\]\.changes\[0\]\.mg_per_week: /);
    expect(bad({ mg_per_week: 35, mg_per_day: 5 })).toThrow(/^arms\[0\]\.changes\[0\]\.mg_per_week: give/);
  });

  it("should plan a TTR of at least 65 % from the person's INRs, with no dose step while the latest INR is in range", () => {
    const sut = new WarfarinWhatIfPlugin().plan(twin, { nowMs: twin.currentTimeMs, utcOffsetMin: 0 });
    expect(sut.targets[0]).toMatchObject({ id: 'inr-time-in-range', low: 65 });
    expect(sut.targets[0].current).toBeGreaterThan(30);
    expect(sut.targets[0].current).toBeLessThan(80);
    expect(sut.suggestions).toEqual([]);
  });
});
