import { seededRandom } from '@shuji/stats';
import { describe, expect, it } from 'vitest';
import { activityChangeAt, activityChangesWithin, advanceIntake } from './energy-intake-process';

describe('energy-intake-process', () => {
  const process = { tauDays: 250, sdKjPerDay: 1000 };

  it('should decay the mean as exp(−Δ/τ) when the draw is 0', () => {
    expect(advanceIntake(process, -2000, 250, 0)).toBeCloseTo(-2000 * Math.exp(-1), 10);
    expect(advanceIntake(process, -2000, 0, 0)).toBe(-2000);
  });

  it('should keep the stationary SD over many steps whatever the step (exact discretisation)', () => {
    for (const dt of [1, 7]) {
      const rng = seededRandom('ou', dt);
      let x = 0;
      let sum2 = 0;
      const n = 40_000;
      for (let k = 0; k < n; k++) {
        x = advanceIntake(process, x, dt, rng.normal());
        sum2 += x * x;
      }
      // the effective sample is n·dt/(2τ) ≈ 80–560 independent draws: the SD within ±15 %
      expect(Math.sqrt(sum2 / n)).toBeGreaterThan(850);
      expect(Math.sqrt(sum2 / n)).toBeLessThan(1150);
    }
  });

  it('should give the activity change relative to the first logged level, 0 before it or without any', () => {
    const activity = [
      { tMin: 100, pal: 1.7 },
      { tMin: 0, pal: 1.5 },
    ];
    expect(activityChangeAt(undefined, 50)).toBe(0);
    expect(activityChangeAt([], 50)).toBe(0);
    expect(activityChangeAt(activity, -1)).toBe(0);
    expect(activityChangeAt(activity, 50)).toBe(0);
    expect(activityChangeAt(activity, 100)).toBeCloseTo(0.2, 12);
    expect(activityChangeAt(activity, 1e6)).toBeCloseTo(0.2, 12);
  });

  it('should list the activity changes strictly inside an interval, ascending', () => {
    const activity = [
      { tMin: 300, pal: 1.6 },
      { tMin: 100, pal: 1.7 },
      { tMin: 0, pal: 1.5 },
    ];
    expect(activityChangesWithin(activity, 0, 300)).toEqual([100]);
    expect(activityChangesWithin(activity, -1, 301)).toEqual([0, 100, 300]);
    expect(activityChangesWithin(undefined, 0, 10)).toEqual([]);
  });
});
