import { BodyWeightComponent, type TwinEngine } from '@shuji/twin';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultWhatIfRegistry } from '../default-what-if-registry';
import { parseWhatIfRequest } from '../parse-what-if-request';
import { executeWhatIf, planWhatIf, type WhatIfResult } from '../run-what-if';
import { bodyWeightLog, twinOf } from '../testing/slow-twins.fixtures';
import { BodyWeightWhatIfPlugin } from './body-weight-what-if.plugin';

const registry = defaultWhatIfRegistry();
const run = (twin: TwinEngine, arms: unknown[], horizon = 'P90D', extra: Record<string, unknown> = {}): Promise<WhatIfResult> =>
  executeWhatIf(planWhatIf(twin, parseWhatIfRequest({ horizon, seed: 7, arms, ...extra }, registry), registry));
const weightOf = (r: WhatIfResult) => r.components.find((c) => c.plugin === 'body-weight')!;

describe(BodyWeightWhatIfPlugin.name, () => {
  let twin: TwinEngine;
  beforeAll(() => {
    twin = twinOf('w', new BodyWeightComponent(), bodyWeightLog('w'), 16);
  });

  it('should give two identical arms identical outcomes and a difference of exactly 0 (common random numbers)', async () => {
    const sut = weightOf(await run(twin, [{ name: 'a' }, { name: 'b' }], 'P30D'));
    expect(sut.arms[1].outcomes).toEqual(sut.arms[0].outcomes);
    expect(sut.arms[1].difference!.weight_end).toEqual({ mean: 0, q10: 0, q50: 0, q90: 0 });
    expect(sut.arms[0].outcomes.weight_end.mean).toBeGreaterThan(85);
    expect(sut.arms[0].outcomes.weight_end.mean).toBeLessThan(100);
    // the members' heights: the 1.75 m reading, assimilated with its noise over the prior
    expect(sut.arms[0].outcomes.bmi_end.mean).toBeGreaterThan(27);
    expect(sut.arms[0].outcomes.bmi_end.mean).toBeLessThan(35);
  });

  it('should lose about 1 kg a month more with 300 kcal a day less, more with more activity, and reach a goal sooner', async () => {
    const arms = [
      { name: 'current', changes: [{ kind: 'weight-goal', goal_weight_kg: 91 }] },
      { name: 'less', changes: [{ kind: 'weight-goal', goal_weight_kg: 91 }, { kind: 'energy-intake', kcal_per_day_change: -300 }] },
      { name: 'active', changes: [{ kind: 'weight-goal', goal_weight_kg: 91 }, { kind: 'physical-activity', physical_activity_level: 2.0 }] },
    ];
    const sut = weightOf(await run(twin, arms));
    const [, less, active] = sut.arms;
    // Hall 2011: about 1 kg per 100 kJ/d eventually, half of it in about a year: 90 days of −1255 kJ/d is a few kg
    expect(less.difference!.weight_change.mean).toBeLessThan(-1.5);
    expect(less.difference!.weight_change.mean).toBeGreaterThan(-5);
    expect(less.difference!.weight_change.q90).toBeLessThan(0);
    expect(active.difference!.weight_change.q90).toBeLessThan(0);
    expect(less.difference!.days_to_goal.mean).toBeLessThanOrEqual(0);
    expect(less.outcomes.goal_reached.mean).toBeGreaterThanOrEqual(sut.arms[0].outcomes.goal_reached.mean);
  });

  it('should make every member lose on an absolute intake far below what keeps its weight', async () => {
    // 1500 kcal/day is far below what keeps ~95 kg: every member loses
    const sut = weightOf(await run(twin, [{ name: 'current' }, { name: '1500', changes: [{ kind: 'energy-intake', kcal_per_day: 1500 }] }], 'P60D'));
    expect(sut.arms[1].difference!.weight_change.q90).toBeLessThan(-2);
  });

  it('should refuse, naming the field, an intake below 800 kcal, a change beyond 1000 kcal, both or neither, a level above 2.4', () => {
    const bad = (change: Record<string, unknown>) => () => parseWhatIfRequest({ horizon: 'P7D', arms: [{ name: 'a', changes: [change] }] }, registry);
    expect(bad({ kind: 'energy-intake', kcal_per_day: 600 })).toThrow(/^arms\[0\]\.changes\[0\]\.kcal_per_day: must be a number in \[800, 5000\]/);
    expect(bad({ kind: 'energy-intake', kcal_per_day_change: -1500 })).toThrow(/^arms\[0\]\.changes\[0\]\.kcal_per_day_change: /);
    expect(bad({ kind: 'energy-intake', kcal_per_day_change: -300, kcal_per_day: 2000 })).toThrow(/^arms\[0\]\.changes\[0\]\.kcal_per_day_change: give/);
    expect(bad({ kind: 'physical-activity', physical_activity_level: 3 })).toThrow(/^arms\[0\]\.changes\[0\]\.physical_activity_level: /);
  });

  it('should plan against a BMI of 18.5–25 from the latest weighing and height, with 5 % in 6 months and two actions at a BMI over 25', () => {
    const sut = new BodyWeightWhatIfPlugin().plan(twin);
    expect(sut.targets[0]).toMatchObject({ id: 'bmi-normal', low: 18.5, high: 25 });
    expect(sut.targets[0].current).toBeCloseTo(92.9 / 1.75 ** 2, 6);
    expect(sut.targets[1]).toMatchObject({ id: 'lose-5-percent', high: -5, outcome: null });
    expect(sut.horizon).toBe('P90D');
    expect(sut.suggestions.map((s) => s.title)).toEqual(['Eat about 300 kcal a day less', 'Walk briskly for 30 minutes a day']);
    const parsed = sut.suggestions.flatMap((s) => s.changes.map((c) => c.kind));
    expect(parsed).toEqual(['energy-intake', 'physical-activity']);
  });
});
