import fc from 'fast-check';
import { uvaPadovaSubjects } from '@shuji/models';
import { BloodPressureComponent, CompositeComponent, DEFAULT_TWIN_SETTINGS, generateVirtualPatient, T1dGlucoseComponent, TwinEngine } from '@shuji/twin';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultWhatIfRegistry } from '../whatif/default-what-if-registry';
import { WhatIfUnavailableError } from '../whatif/run-what-if';
import type { WhatIfTwin } from '../whatif/what-if-plugin';
import { optimisePlans, planOptimisation, type OptimiseRequest, type OptimiseResult, type OptimiseSettings } from './optimise-plans';
import { parseOptimiseRequest } from './parse-optimise-request';
import { PATTERN_WINDOW_DAYS } from '../whatif/t1d/t1d-recent-pattern';
import { forbiddenDirections, t1dCgmPatternOf, type ForbiddenDirection } from './t1d/t1d-cgm-pattern';
import { T1dSettingsOptimiserPlugin } from './t1d/t1d-settings-optimiser.plugin';

const registry = defaultWhatIfRegistry();
const plugin = new T1dSettingsOptimiserPlugin();
const SMALL: OptimiseSettings = { screenMembers: 4, screenHorizonMin: 180, maxEvaluations: 8, finalists: 2, minGain: 0.1, minImprovementProbability: 0.5 };

const twinOf = (index: number): TwinEngine => {
  const vp = generateVirtualPatient({ index, days: 1, seed: 31 });
  const prior = uvaPadovaSubjects().find((s) => s.name === vp.baseSubject)?.parameters ?? {};
  const twin = new TwinEngine(vp.patientId, new T1dGlucoseComponent({ prior }), { ...DEFAULT_TWIN_SETTINGS, ensembleSize: 8 });
  for (const e of vp.events) twin.apply(e);
  return twin;
};
const requestOf = (body: Record<string, unknown>): OptimiseRequest => parseOptimiseRequest({ horizon: 'PT6H', ...body }, plugin, registry);

describe(optimisePlans.name, () => {
  let twins: TwinEngine[];
  beforeAll(() => {
    // an adolescent, an adult and a child
    twins = [4, 14, 24].map(twinOf);
  });

  it('should rank options that improve time in range on the current plan, each with its outcomes, paired difference and limits, and be the same twice', async () => {
    const request = requestOf({ current: [{ kind: 'carb-ratio', grams_per_unit: 30 }], options: 3 });
    // any mean gain offered: on 8 members the default improvement probability leaves nothing to rank here
    const settings = { ...SMALL, minImprovementProbability: 0 };
    const sut = await optimisePlans(twins[1], request, plugin, registry, settings);
    expect(sut).toMatchObject({ kind: 't1d-settings', applied: false, members: 8, screening: { members: 4, horizon_min: 180 } });
    expect(sut.screening.evaluated).toBeLessThanOrEqual(8);
    const tirNow = sut.current.outcomes.time_in_range.mean;
    sut.options.forEach((o, i) => {
      expect(o.rank).toBe(i + 1);
      expect(o.outcomes.time_in_range.mean).toBeGreaterThan(tirNow);
      expect(o.difference.time_in_range.mean).toBeCloseTo(o.outcomes.time_in_range.mean - tirNow, 9);
      expect(o.limits.map((l) => l.key)).toEqual(['time_below_54_mean', 'time_below_70_mean', 'time_below_70_rise_probability', 'severe_hypo_probability']);
      if (i > 0) expect(o.outcomes.time_in_range.mean).toBeLessThanOrEqual(sut.options[i - 1].outcomes.time_in_range.mean);
      // what the gain rests on: the twin's estimated parameters, ranked by |ρ| with the members' gain
      expect(o.sensitivity.effect).toBe('time_in_range (option − current)');
      expect(o.sensitivity.parameters.length).toBeGreaterThan(0);
      const rhos = o.sensitivity.parameters.map((p) => Math.abs(p.rank_correlation));
      expect(rhos).toEqual([...rhos].sort((a, b) => b - a));
      expect(o.sensitivity.parameters.every((p) => p.sd > 0)).toBe(true);
    });
    expect(sut.options.length).toBeGreaterThan(0);
    expect(sut.dropped.every((d) => d.reasons.length > 0)).toBe(true);
    expect(await optimisePlans(twins[1], request, plugin, registry, settings)).toEqual(sut);
  });

  it("should not move a setting in a direction the person's own CGM forbids, and state the rule with the data behind it", async () => {
    const request = requestOf({ current: [{ kind: 'carb-ratio', grams_per_unit: 30 }], options: 3, limits: { follow_cgm_pattern: true } });
    const sut = await optimisePlans(twins[1], request, plugin, registry, { ...SMALL, minImprovementProbability: 0 });
    const off = await optimisePlans(twins[1], requestOf({ current: [{ kind: 'carb-ratio', grams_per_unit: 30 }], options: 3 }), plugin, registry, { ...SMALL, minImprovementProbability: 0 });
    // off by default: no direction stated, no pattern read
    expect(off.hard_limits.dimensions.every((d) => (d.forbidden ?? []).length === 0)).toBe(true);
    expect(off.assumptions.cgm_pattern).toBeUndefined();
    const pattern = forbiddenDirections(t1dCgmPatternOf(twins[1].events, twins[1].currentTimeMs, PATTERN_WINDOW_DAYS));
    expect(pattern.length).toBeGreaterThan(0);
    const stated = sut.hard_limits.dimensions.flatMap((d) => (d.forbidden ?? []).map((f) => f.reason));
    expect(stated).toEqual(pattern.map((f) => f.reason));
    expect(sut.assumptions.cgm_pattern).toMatchObject({ readings: expect.any(Number) });
    // nothing screened or offered moves a forbidden way
    const keys = { basal: 'basal_units_per_day', carb_ratio: 'carb_ratio_g_per_unit', correction_factor: 'correction_factor_mg_dl_per_unit' } as const;
    const current = sut.current.settings;
    for (const plan of [...sut.options.map((o) => o.settings), ...sut.dropped.filter((d) => d.stage === 'final').map((d) => d.settings)]) {
      for (const f of pattern) expect(f.direction === 'increase' ? plan[keys[f.setting]] - current[keys[f.setting]] : current[keys[f.setting]] - plan[keys[f.setting]]).toBeLessThanOrEqual(1e-9);
    }
  });

  it('should answer "no change" when no plan improves time in range for enough of the members, naming why', async () => {
    const request = requestOf({ current: [{ kind: 'carb-ratio', grams_per_unit: 30 }], options: 3 });
    const sut = await optimisePlans(twins[1], request, plugin, registry, { ...SMALL, minImprovementProbability: 1.01 });
    expect(sut.options).toEqual([]);
    const final = sut.dropped.filter((d) => d.stage === 'final');
    expect(final.length).toBeGreaterThan(0);
    for (const d of final) expect(d.reasons).toContainEqual(expect.stringMatching(/^improves time_in_range for \d+ % of the members, fewer than 101 %$/));
  });

  it("should check the twin against the person's recent CGM, and offer nothing when it does not reproduce it", async () => {
    const loose = await optimisePlans(twins[1], requestOf({ current: [{ kind: 'carb-ratio', grams_per_unit: 30 }] }), plugin, registry, SMALL);
    expect(loose.adequacy.map((a) => a.outcome)).toEqual(['mean_glucose', 'time_in_range', 'time_below_70']);
    expect(loose.adequacy.every((a) => a.passed && Number.isFinite(a.observed))).toBe(true);
    const mismatch = Math.abs(loose.adequacy[0].predicted - loose.adequacy[0].observed);
    const tight = await optimisePlans(
      twins[1],
      requestOf({ current: [{ kind: 'carb-ratio', grams_per_unit: 30 }], limits: { adequacy_mean_glucose_mg_dl: Math.max(1, mismatch / 2) } }),
      plugin,
      registry,
      SMALL,
    );
    expect(mismatch).toBeGreaterThan(2);
    expect(tight.adequacy[0].passed).toBe(false);
    expect(tight.options).toEqual([]);
    for (const d of tight.dropped.filter((x) => x.stage === 'final')) expect(d.reasons[0]).toMatch(/^the twin does not reproduce the person's mean glucose/);
  });

  it("should optimise a whole-person twin's T1D part exactly as a T1D twin holding that part's slices", async () => {
    // a composite with another component first: the T1D entries sit at an offset in every member
    const t1d = twins[1];
    const bp = new BloodPressureComponent();
    const composite: WhatIfTwin = {
      patientId: t1d.patientId,
      component: new CompositeComponent([bp, t1d.component]),
      events: t1d.events,
      currentTimeMs: t1d.currentTimeMs,
      ensemble: t1d.ensemble.map((m) => Float64Array.from([...new Float64Array(bp.size).fill(1), ...m])),
    };
    const request = requestOf({ current: [{ kind: 'carb-ratio', grams_per_unit: 30 }], options: 2 });
    const settings = { ...SMALL, minImprovementProbability: 0 };
    expect(await optimisePlans(composite, request, plugin, registry, settings)).toEqual(await optimisePlans(t1d, request, plugin, registry, settings));
  });

  it('should refuse a twin with no state and current settings it cannot search from, before anything runs', () => {
    expect(() => planOptimisation(new TwinEngine('empty', twins[0].component), requestOf({}), plugin, registry, SMALL)).toThrow(WhatIfUnavailableError);
    const windowed = requestOf({ current: [{ kind: 'carb-ratio', grams_per_unit: 12, start: '2030-01-01T00:00:00Z' }] });
    expect(() => planOptimisation(twins[0], windowed, plugin, registry, SMALL)).toThrow(/^current\[0\]\.start: /);
    const noMeals = new TwinEngine(twins[0].patientId, twins[0].component, { ...DEFAULT_TWIN_SETTINGS, ensembleSize: 4 });
    for (const e of twins[0].events.filter((x) => x.kind === 'observation').slice(0, 20)) noMeals.apply(e);
    expect(() => planOptimisation(noMeals, requestOf({}), plugin, registry, SMALL)).toThrow(/^current: /);
  });

  it('should never offer a plan that breaks a hard limit, over random twins, current settings and limits (property)', async () => {
    // caps as factors of the current settings, so that some bind, some exclude the current setting, some leave room
    const limits = fc.record({
      max_step_percent: fc.integer({ min: 1, max: 50 }),
      basalCap: fc.double({ min: 0.8, max: 2, noNaN: true }),
      cr: fc.tuple(fc.double({ min: 0.5, max: 1.1, noNaN: true }), fc.double({ min: 0.9, max: 2, noNaN: true })),
      cf: fc.tuple(fc.double({ min: 0.5, max: 1.1, noNaN: true }), fc.double({ min: 0.9, max: 2, noNaN: true })),
      max_time_below_54_percent: fc.double({ min: 0, max: 5, noNaN: true }),
      max_time_below_70_percent: fc.double({ min: 0, max: 10, noNaN: true }),
      max_time_below_70_rise_points: fc.double({ min: 0, max: 4, noNaN: true }),
      max_time_below_70_rise_probability: fc.double({ min: 0, max: 1, noNaN: true }),
      time_below_70_rise_above_target_points: fc.double({ min: 0, max: 1, noNaN: true }),
      time_below_54_rise_above_target_points: fc.double({ min: 0, max: 1, noNaN: true }),
      max_severe_hypo_probability: fc.double({ min: 0, max: 1, noNaN: true }),
      follow_cgm_pattern: fc.boolean(),
    });
    const current = fc.record({
      basal: fc.array(fc.double({ min: 0.05, max: 3, noNaN: true }), { minLength: 1, maxLength: 3 }),
      cr: fc.double({ min: 2, max: 40, noNaN: true }),
      cf: fc.double({ min: 10, max: 200, noNaN: true }),
    });
    let offered = 0;
    let dropped = 0;
    let ruled = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 }), current, limits, fc.integer({ min: 1, max: 1000 }), async (t, now, lim, seed) => {
        const { cr, cf, basalCap, ...rest } = lim;
        const between = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
        const body = {
          seed,
          current: [
            { kind: 'basal-profile', rates: now.basal.map((r, i) => ({ from: `${String(i * 8).padStart(2, '0')}:00`, units_per_hour: r })) },
            { kind: 'carb-ratio', grams_per_unit: now.cr },
            { kind: 'correction-factor', mg_dl_per_unit: now.cf },
          ],
          limits: {
            ...rest,
            max_basal_units_per_hour: between(basalCap * Math.max(...now.basal), 0.05, 15),
            min_carb_ratio_g_per_unit: between(Math.min(...cr) * now.cr, 1, 200),
            max_carb_ratio_g_per_unit: between(Math.max(...cr) * now.cr, 1, 200),
            min_correction_factor_mg_dl_per_unit: between(Math.min(...cf) * now.cf, 5, 400),
            max_correction_factor_mg_dl_per_unit: between(Math.max(...cf) * now.cf, 5, 400),
          },
          options: 3,
        };
        // any mean gain may be offered (the improvement rule is not a hard limit), so that plans reach the limits
        const sut = await optimisePlans(twins[t], requestOf(body), plugin, registry, { ...SMALL, minImprovementProbability: 0 });
        assertWithinLimits(sut, body);
        // the directions the person's own data forbid, recomputed from the twin's log (not read from the answer)
        const forbidden = body.limits.follow_cgm_pattern ? forbiddenDirections(t1dCgmPatternOf(twins[t].events, twins[t].currentTimeMs, PATTERN_WINDOW_DAYS)) : [];
        assertFollowsPattern(sut, body, forbidden);
        ruled += sut.options.length > 0 ? forbidden.length : 0;
        offered += sut.options.length;
        dropped += sut.dropped.length;
      }),
      { numRuns: 16, seed: 2027 },
    );
    // the property was exercised: plans were offered and plans were dropped
    expect(offered).toBeGreaterThan(0);
    expect(dropped).toBeGreaterThan(0);
    // and directions were forbidden where plans were offered
    expect(ruled).toBeGreaterThan(0);
  });
});

/** No option moves a setting in a direction the person's data forbid (insulin added where the rule says none). */
function assertFollowsPattern(sut: OptimiseResult, body: { current: { rates?: { units_per_hour: number }[]; grams_per_unit?: number; mg_dl_per_unit?: number }[] }, forbidden: readonly ForbiddenDirection[]): void {
  for (const option of sut.options) {
    const plan = option.plan as { basal_profile: { units_per_hour: number }[]; carb_ratio_g_per_unit: number; correction_factor_mg_dl_per_unit: number };
    const moves: Record<ForbiddenDirection['setting'], number[]> = {
      basal: plan.basal_profile.map((s, i) => s.units_per_hour - body.current[0].rates![i].units_per_hour),
      carb_ratio: [plan.carb_ratio_g_per_unit - body.current[1].grams_per_unit!],
      correction_factor: [plan.correction_factor_mg_dl_per_unit - body.current[2].mg_dl_per_unit!],
    };
    for (const f of forbidden) for (const d of moves[f.setting]) expect(f.direction === 'increase' ? d : -d).toBeLessThanOrEqual(1e-9);
  }
}

/** Every option checked against the request's limits directly (not through HardLimits). */
function assertWithinLimits(sut: OptimiseResult, body: { current: { rates?: { units_per_hour: number }[]; grams_per_unit?: number; mg_dl_per_unit?: number }[]; limits: Record<string, unknown> }): void {
  const lim = body.limits as Record<string, number>;
  const f = lim.max_step_percent / 100;
  const basalNow = body.current[0].rates!;
  const step = (value: number, now: number): void => expect(Math.abs(value - now)).toBeLessThanOrEqual(f * now + 1e-9);
  for (const option of sut.options) {
    const plan = option.plan as { basal_profile: { units_per_hour: number }[]; carb_ratio_g_per_unit: number; correction_factor_mg_dl_per_unit: number };
    plan.basal_profile.forEach((s, i) => {
      expect(s.units_per_hour).toBeLessThanOrEqual(lim.max_basal_units_per_hour + 1e-9);
      step(s.units_per_hour, basalNow[i].units_per_hour);
    });
    expect(plan.basal_profile.some((s) => s.units_per_hour > 0)).toBe(true);
    expect(plan.carb_ratio_g_per_unit).toBeGreaterThanOrEqual(lim.min_carb_ratio_g_per_unit - 1e-9);
    expect(plan.carb_ratio_g_per_unit).toBeLessThanOrEqual(lim.max_carb_ratio_g_per_unit + 1e-9);
    step(plan.carb_ratio_g_per_unit, body.current[1].grams_per_unit!);
    expect(plan.correction_factor_mg_dl_per_unit).toBeGreaterThanOrEqual(lim.min_correction_factor_mg_dl_per_unit - 1e-9);
    expect(plan.correction_factor_mg_dl_per_unit).toBeLessThanOrEqual(lim.max_correction_factor_mg_dl_per_unit + 1e-9);
    step(plan.correction_factor_mg_dl_per_unit, body.current[2].mg_dl_per_unit!);
    const now = sut.current.outcomes;
    const o = option.outcomes;
    // at most the ceiling, or where the current plan already breaks it, the current plan's value plus the request's tolerance
    const ceiling = (value: number, current: number, max: number, tolerance: number): void => expect(value <= max + 1e-9 || value <= current + tolerance + 1e-9).toBe(true);
    ceiling(o.time_below_54.mean, now.time_below_54.mean, lim.max_time_below_54_percent, lim.time_below_54_rise_above_target_points);
    ceiling(
      o.time_below_70.mean,
      now.time_below_70.mean,
      Math.min(lim.max_time_below_70_percent, now.time_below_70.mean + lim.max_time_below_70_rise_points),
      lim.time_below_70_rise_above_target_points,
    );
    // the chance constraint on a rise of time < 70 (paired per member, so read from the option's own check)
    const rise = option.limits.find((l) => l.key === 'time_below_70_rise_probability')!;
    expect(rise.limit).toBe(lim.max_time_below_70_rise_probability);
    expect(rise.value).toBeLessThanOrEqual(lim.max_time_below_70_rise_probability + 1e-9);
    const probability = option.limits.find((l) => l.key === 'severe_hypo_probability')!;
    expect(probability.value <= lim.max_severe_hypo_probability + 1e-9 || probability.value <= probability.limit + 1e-9).toBe(true);
    expect(probability.value).toBeLessThanOrEqual(probability.limit + 1e-9);
  }
}

