import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HardLimits } from './hard-limits';
import type { OutcomeCeiling, PlanDimension, PlanSpace } from './optimise-plugin';

const spaceOf = (dimensions: PlanDimension[], ceilings: OutcomeCeiling[], planViolations: PlanSpace['planViolations'] = () => []): PlanSpace => ({
  dimensions,
  ceilings,
  objective: { outcome: 'tir', direction: 'maximise' },
  current: [],
  assumptions: {},
  normalise: (v) => [...v],
  changesOf: () => [],
  planViolations,
  describe: () => ({}),
});
const dim = (key: string, current: number, min = 0, max = 100, maxStepFraction = 0.2): PlanDimension => ({ key, unit: 'u', current, min, max, maxStepFraction });
const members = (...tbr: number[]): Float64Array[] => tbr.map((x) => Float64Array.of(50, x));
const tbrMean: OutcomeCeiling = { key: 'tbr_mean', description: 'mean', outcome: 'tbr', statistic: 'mean', max: 1 };

describe(HardLimits.name, () => {
  it('should name the dimension a step or a cap breaks, and accept a plan exactly at ±20 %', () => {
    const sut = new HardLimits(spaceOf([dim('cr', 10, 5, 11.5), dim('cf', 50)], []), ['tir', 'tbr']);
    expect(sut.planReasons([12.5, 61])).toEqual([
      'cr 12.5 u is outside the caps [5, 11.5]',
      'cr 12.5 u changes 25 % from 10, more than ±20 %',
      'cf 61 u changes 22 % from 50, more than ±20 %',
    ]);
    expect(sut.planReasons([11.5, 60])).toEqual([]);
    expect(sut.planReasons([8, 40])).toEqual([]);
    expect(sut.planReasons([Number.NaN, 50])).toEqual(['cr: not a finite number']);
  });

  it('should drop a plan that moves a setting in a forbidden direction, by any amount, naming the reason, and allow the other way', () => {
    const basal: PlanDimension = { ...dim('basal', 20), forbidden: [{ direction: 'increase', reason: 'lows in the data' }] };
    const sut = new HardLimits(spaceOf([basal, dim('cr', 10)], []), ['tir', 'tbr']);
    expect(sut.planReasons([20.01, 10])).toEqual(['basal 20.01 u increases from 20, which the data forbid: lows in the data']);
    expect(sut.planReasons([20, 12])).toEqual([]);
    expect(sut.planReasons([16, 8])).toEqual([]);
  });

  it("should add the plug-in's own plan limits", () => {
    const sut = new HardLimits(spaceOf([dim('basal', 20)], [], (v) => (v[0] > 21 ? ['basal rate above the cap'] : [])), ['tir', 'tbr']);
    expect(sut.planReasons([22])).toEqual(['basal rate above the cap']);
  });

  it('should bound the mean by the ceiling, or by the current plan where that already breaks it', () => {
    const sut = new HardLimits(spaceOf([dim('cr', 10)], [tbrMean]), ['tir', 'tbr']);
    expect(sut.limit(tbrMean, members(0, 0.5))).toBe(1);
    expect(sut.limit(tbrMean, members(3, 5))).toBe(4);
    expect(sut.outcomeReasons(members(1, 2), members(0, 0))).toEqual([expect.stringMatching(/^tbr_mean 1\.5 is above its limit 1/)]);
    expect(sut.outcomeReasons(members(3, 4), members(3, 5))).toEqual([]);
  });

  it("should allow a plan the ceiling's tolerance over the current plan where that already breaks the ceiling, and no more", () => {
    const tolerant: OutcomeCeiling = { ...tbrMean, riseWhenAbove: 0.1 };
    const sut = new HardLimits(spaceOf([dim('cr', 10)], [tolerant]), ['tir', 'tbr']);
    expect(sut.limit(tolerant, members(0, 0.5))).toBe(1);
    expect(sut.limit(tolerant, members(3, 5))).toBeCloseTo(4.1, 12);
    expect(sut.outcomeReasons(members(3, 5.2), members(3, 5))).toEqual([]);
    expect(sut.outcomeReasons(members(3, 5.4), members(3, 5))).toEqual([expect.stringMatching(/^tbr_mean 4\.2 is above its limit 4\.1/)]);
  });

  it("should cap a rise over the current plan's value and read a share above a threshold as a probability", () => {
    const rise: OutcomeCeiling = { ...tbrMean, key: 'rise', max: 4, maxRiseOverCurrent: 0.25 };
    const share: OutcomeCeiling = { key: 'p', description: 'share', outcome: 'tbr', statistic: 'share-above', threshold: 1, max: 0.25 };
    const sut = new HardLimits(spaceOf([dim('cr', 10)], [rise, share]), ['tir', 'tbr']);
    expect(sut.limit(rise, members(1, 1))).toBe(1.25);
    expect(sut.statistic(share, members(0, 2, 0.5, 1.5))).toBe(0.5);
    expect(sut.ceilings(members(0, 2, 0.5, 1.5), members(0, 0, 0, 0))).toEqual([
      { key: 'rise', value: 1, limit: 0.25 },
      { key: 'p', value: 0.5, limit: 0.25 },
    ]);
  });

  it('should read a share-rising ceiling member by member against the current plan, never against the members sorted apart', () => {
    const rising: OutcomeCeiling = { key: 'rise_p', description: 'share rising', outcome: 'tbr', statistic: 'share-rising', threshold: 0.25, max: 0.25 };
    const sut = new HardLimits(spaceOf([dim('cr', 10)], [rising]), ['tir', 'tbr']);
    // the same set of values, paired differently: only the pairing decides
    expect(sut.statistic(rising, members(1, 2, 3, 4), members(1, 2, 3, 4))).toBe(0);
    expect(sut.statistic(rising, members(1, 2, 3, 4), members(4, 3, 2, 1))).toBe(0.5);
    expect(sut.limit(rising, members(4, 3, 2, 1))).toBe(0.25);
    expect(sut.outcomeReasons(members(1, 2, 3, 4), members(4, 3, 2, 1))).toEqual([expect.stringMatching(/^rise_p 0\.5 is above its limit 0\.25/)]);
    expect(sut.outcomeReasons(members(1.2, 2, 3, 4), members(1, 2, 3, 4))).toEqual([]);
    expect(() => sut.statistic(rising, members(1, 2), members(1))).toThrow(/same members/);
  });

  it('should refuse a ceiling on an outcome the plug-in does not report', () => {
    expect(() => new HardLimits(spaceOf([dim('cr', 10)], [{ ...tbrMean, outcome: 'nope' }]), ['tir'])).toThrow(/no outcome "nope"/);
  });

  it('should pass no plan that breaks a limit, whatever the dimensions, plans, outcomes and ceilings (property)', () => {
    // caps as factors of the current setting; `around`: the caps hold the current setting (else they may exclude it)
    const dimension = fc.record({
      current: fc.double({ min: 0.1, max: 500, noNaN: true }),
      lo: fc.double({ min: 0, max: 2, noNaN: true }),
      hi: fc.double({ min: 0, max: 2, noNaN: true }),
      f: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
      around: fc.boolean(),
    });
    const ceiling = fc.record({
      max: fc.double({ min: 0, max: 10, noNaN: true }),
      rise: fc.option(fc.double({ min: 0, max: 2, noNaN: true })),
      above: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
      share: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(dimension, { minLength: 1, maxLength: 3 }),
        fc.array(ceiling, { maxLength: 3 }),
        // plans anywhere, or within a few % of the current plan so that the outcome ceilings decide
        fc.oneof(fc.array(fc.double({ min: 0, max: 3, noNaN: true }), { minLength: 4, maxLength: 4 }), fc.constant([1, 1, 1, 1])),
        fc.array(fc.double({ min: 0, max: 12, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.double({ min: 0, max: 12, noNaN: true }), { minLength: 3, maxLength: 3 }),
        // half the plans near the current plan (within ±1 point per member), where the limits' edges lie
        fc.option(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 })),
        (dims, cs, factors, free, tbrNow, near) => {
          const tbrPlan = near === null ? free : tbrNow.map((x, i) => Math.max(0, x + near[i]));
          const caps = (d: (typeof dims)[number]): [number, number] => (d.around ? [Math.min(d.lo, d.hi, 1), Math.max(d.lo, d.hi, 1)] : [Math.min(d.lo, d.hi), Math.max(d.lo, d.hi)]);
          const dimensions = dims.map((d, i) => dim(`d${i}`, d.current, d.current * caps(d)[0], d.current * caps(d)[1], d.f));
          const ceilings = cs.map((c, i): OutcomeCeiling => ({ key: `c${i}`, description: '', outcome: 'tbr', statistic: c.share ? 'share-above' : 'mean', threshold: 1, max: c.max, maxRiseOverCurrent: c.rise ?? undefined, riseWhenAbove: c.above ?? undefined }));
          const sut = new HardLimits(spaceOf(dimensions, ceilings), ['tir', 'tbr']);
          const plan = dimensions.map((d, i) => d.current * factors[i]);
          const [perPlan, now] = [members(...tbrPlan), members(...tbrNow)];
          if (sut.reasons(plan, perPlan, now).length > 0) return;
          // passed: check each limit independently of HardLimits' own arithmetic
          dimensions.forEach((d, i) => {
            expect(plan[i]).toBeGreaterThanOrEqual(d.min * (1 - 1e-9));
            expect(plan[i]).toBeLessThanOrEqual(d.max * (1 + 1e-9));
            expect(Math.abs(plan[i] / d.current - 1)).toBeLessThanOrEqual(d.maxStepFraction + 1e-8);
          });
          ceilings.forEach((c) => {
            const stat = (xs: number[]): number => (c.statistic === 'mean' ? xs.reduce((s, x) => s + x, 0) / xs.length : xs.filter((x) => x > 1).length / xs.length);
            const [value, current] = [stat(tbrPlan), stat(tbrNow)];
            // above the ceiling (or above the current plan by more than its rise) only within the tolerance over the current plan
            const tolerance = c.riseWhenAbove ?? 0;
            expect(value <= c.max + 1e-9 || value <= current + tolerance + 1e-9).toBe(true);
            if (c.maxRiseOverCurrent !== undefined) expect(value <= current + Math.max(c.maxRiseOverCurrent, tolerance) + 1e-9).toBe(true);
          });
        },
      ),
      { numRuns: 2000, seed: 15 },
    );
  });
});
