import { uvaPadovaSubjects } from '@shuji/models';
import { DEFAULT_TWIN_SETTINGS, generateVirtualPatient, T1dGlucoseComponent, TwinEngine, type TwinEvent } from '@shuji/twin';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultWhatIfRegistry } from './default-what-if-registry';
import { parseWhatIfRequest } from './parse-what-if-request';
import { executeWhatIf, planWhatIf, WhatIfCancelledError, WhatIfUnavailableError, type WhatIfResult } from './run-what-if';

const registry = defaultWhatIfRegistry();
const vp = generateVirtualPatient({ index: 3, days: 1, seed: 11 });
const twinOf = (events: readonly TwinEvent[]): TwinEngine => {
  const prior = uvaPadovaSubjects().find((s) => s.name === vp.baseSubject)?.parameters ?? {};
  const twin = new TwinEngine(vp.patientId, new T1dGlucoseComponent({ prior }), { ...DEFAULT_TWIN_SETTINGS, ensembleSize: 16 });
  for (const e of events) twin.apply(e);
  return twin;
};
const request = (arms: unknown[], extra: Record<string, unknown> = {}) => parseWhatIfRequest({ horizon: 'PT12H', seed: 5, arms, ...extra }, registry);
const run = (twin: TwinEngine, arms: unknown[], extra?: Record<string, unknown>): Promise<WhatIfResult> => executeWhatIf(planWhatIf(twin, request(arms, extra), registry));

describe(executeWhatIf.name, () => {
  let twin: TwinEngine;
  beforeAll(() => {
    twin = twinOf(vp.events);
  });

  it('should give two identical arms identical outcomes and a difference of exactly 0 (common random numbers)', async () => {
    const sut = await run(twin, [{ name: 'a' }, { name: 'b', changes: [] }]);
    const [a, b] = sut.components[0].arms;
    expect(b.outcomes).toEqual(a.outcomes);
    for (const d of Object.values(b.difference!)) expect(d).toEqual({ mean: 0, q10: 0, q50: 0, q90: 0 });
    expect(a.outcomes.mean_glucose.q90).toBeGreaterThan(a.outcomes.mean_glucose.q10);
    expect(sut).toMatchObject({ patient_id: vp.patientId, members: 16, step_min: 5, horizon: 'PT12H', arms: ['a', 'b'] });
  });

  it('should lower every member’s mean glucose with more insulin per gram, and be the same twice', async () => {
    const arms = [{ name: 'current' }, { name: 'stronger', changes: [{ kind: 'carb-ratio', grams_per_unit: 5 }] }];
    const sut = await run(twin, arms);
    expect(sut.components[0].arms[1].difference!.mean_glucose.q90).toBeLessThan(0);
    expect(await run(twin, arms)).toEqual(sut);
  });

  it('should report the baseline and where each setting came from, explicit current settings included', async () => {
    const sut = await run(twin, [{ name: 'current' }], { current: [{ kind: 'correction-factor', mg_dl_per_unit: 50, target_mg_dl: 130 }] });
    const { baseline, sources } = sut.components[0].assumptions as { baseline: Record<string, unknown>; sources: Record<string, string> };
    expect(baseline).toMatchObject({ correction_factor_mg_dl_per_unit: 50, target_mg_dl: 130 });
    expect(sources.correction_factor).toBe('request (current)');
    expect(sources.carb_ratio).toMatch(/^log/);
  });

  it('should report progress up to 1 and stop when cancelled', async () => {
    const seen: number[] = [];
    await executeWhatIf(planWhatIf(twin, request([{ name: 'a' }]), registry), { yieldEveryMs: 0, onProgress: (p) => seen.push(p) });
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((p, i) => i === 0 || p >= seen[i - 1])).toBe(true);
    const abort = new AbortController();
    const running = executeWhatIf(planWhatIf(twin, request([{ name: 'a' }]), registry), { yieldEveryMs: 0, signal: abort.signal });
    abort.abort();
    await expect(running).rejects.toBeInstanceOf(WhatIfCancelledError);
  });

  it('should refuse a change whose window lies outside the horizon, and a log without meals unless the plan is given', () => {
    const late = new Date(twin.currentTimeMs + 2 * 86_400_000).toISOString();
    expect(() => planWhatIf(twin, request([{ name: 'a', changes: [{ kind: 'carb-ratio', grams_per_unit: 9, start: late }] }]), registry)).toThrow(/^arms\[0\]\.changes\[0\]\.start: /);
    const cgmOnly = twinOf(vp.events.filter((e) => e.kind === 'observation'));
    expect(() => planWhatIf(cgmOnly, request([{ name: 'a' }]), registry)).toThrow(/^current: .*carb-ratio/);
    const plan = { current: [{ kind: 'carb-ratio', grams_per_unit: 10 }, { kind: 'meal-plan', meals: [{ time: '08:00', carbs_g: 50 }] }] };
    expect(planWhatIf(cgmOnly, request([{ name: 'a' }], plan), registry).parts).toHaveLength(1);
    expect(() => planWhatIf(new TwinEngine('empty', twin.component), request([{ name: 'a' }]), registry)).toThrow(WhatIfUnavailableError);
  });
});
