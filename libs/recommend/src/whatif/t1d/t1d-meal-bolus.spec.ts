import { generateVirtualPatient, type TwinEngine, type TwinEvent } from '@shuji/twin';
import { beforeAll, describe, expect, it } from 'vitest';
import { virtualT1dTwin } from './testing/virtual-t1d-twin';
import { defaultWhatIfRegistry } from '../default-what-if-registry';
import { parseWhatIfRequest } from '../parse-what-if-request';
import { executeWhatIf, planWhatIf, type WhatIfResult } from '../run-what-if';
import { t1dHabitsOf } from './t1d-habits';

const registry = defaultWhatIfRegistry();
const vp = generateVirtualPatient({ index: 3, days: 3, seed: 11 });
const twinOf = (events: readonly TwinEvent[]): TwinEngine => virtualT1dTwin(vp, events);
const request = (arms: unknown[]) => parseWhatIfRequest({ horizon: 'P1D', seed: 5, arms }, registry);
const run = (twin: TwinEngine, arms: unknown[]): Promise<WhatIfResult> => executeWhatIf(planWhatIf(twin, request(arms), registry), { threads: 1 });
const arm = (name: string, mealBolus: Record<string, unknown>) => ({ name, changes: [{ kind: 'meal-bolus', ...mealBolus }] });

describe('the meal-bolus change (pre-bolus and bolus lapses)', () => {
  // every second logged bolus left out: the person misses about half of them
  const boluses = vp.events.filter((e) => e.kind === 'insulin-bolus');
  const lapsing = vp.events.filter((e) => e.kind !== 'insulin-bolus' || boluses.indexOf(e) % 2 === 0);
  let twin: TwinEngine;
  beforeAll(() => {
    twin = twinOf(lapsing);
  });

  it('should read the log as one that misses boluses (the premise of the next cases)', () => {
    expect(t1dHabitsOf(twin.events, twin.currentTimeMs).missedBolusShare).toBeGreaterThan(0.3);
  });

  it('should leave the outcomes exactly as they are for a change that states the current behaviour', async () => {
    const sut = await run(twin, [{ name: 'current' }, arm('same', { minutes_before_meal: 0, lapses: 'as-logged' })]);
    for (const d of Object.values(sut.components[0].arms[1].difference!)) expect(d).toEqual({ mean: 0, q10: 0, q50: 0, q90: 0 });
    expect(sut.components[0].assumptions).toMatchObject({ baseline: { meal_bolus: { minutes_before_meal: 0, lapses: 'as-logged' } } });
  });

  it('should lower glucose for most members when every meal is bolused, and lower the post-meal highs with a pre-bolus', async () => {
    const sut = await run(twin, [{ name: 'current' }, arm('every meal', { lapses: 'none' }), arm('every meal, 20 min before', { lapses: 'none', minutes_before_meal: 20 })]);
    const [, everyMeal, early] = sut.components[0].arms;
    expect(everyMeal.difference!.mean_glucose.q50).toBeLessThan(-5);
    expect(everyMeal.difference!.time_above_180.mean).toBeLessThan(0);
    expect(early.outcomes.time_above_180.mean).toBeLessThan(everyMeal.outcomes.time_above_180.mean);
  });

  it('should refuse a change without fields, a lead beyond 30 min and an unknown lapse rule, naming the field', () => {
    expect(() => request([arm('a', {})])).toThrow(/^arms\[0\]\.changes\[0\]: must give minutes_before_meal, lapses or both/);
    expect(() => request([arm('a', { minutes_before_meal: 45 })])).toThrow(/^arms\[0\]\.changes\[0\]\.minutes_before_meal: /);
    expect(() => request([arm('a', { lapses: 'sometimes' })])).toThrow(/^arms\[0\]\.changes\[0\]\.lapses: must be one of as-logged, none/);
  });
});
