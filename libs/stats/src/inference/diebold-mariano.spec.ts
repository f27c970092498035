import { describe, expect, it } from 'vitest';
import { dieboldMariano, normalCdf } from './diebold-mariano';

describe(dieboldMariano.name, () => {
  it('should equal the paired t-test when the horizon is 1 (HLN correction)', () => {
    // d = (1, 2, 4): d̄ = 7/3, s² = 7/3, t = d̄ / (s/√3) = √7; with 2 df, P(T ≤ t) = ½ + t/(2√(2 + t²)) = ½ + √7/6
    const sut = dieboldMariano([1, 2, 4]);
    expect(sut.meanDifference).toBeCloseTo(7 / 3, 12);
    expect(sut.statistic).toBeCloseTo(Math.sqrt(7), 12);
    expect(sut.df).toBe(2);
    expect(sut.pValue).toBeCloseTo(2 * (0.5 - Math.sqrt(7) / 6), 10);
  });

  it('should add the lag autocovariances to the variance when the horizon is above 1', () => {
    // d = (1, 3, 2, 6): d̄ = 3, deviations (−2, 0, −1, 3); γ0 = 14/4, γ1 = (0 + 0 − 3)/4 = −3/4; LRV = 14/4 − 6/4 = 2
    const d = [1, 3, 2, 6];
    const sut = dieboldMariano(d, { horizon: 2, smallSample: false });
    expect(sut.statistic).toBeCloseTo(3 / Math.sqrt(2 / 4), 12);
    // HLN factor √((n + 1 − 2h + h(h − 1)/n)/n) = √((4 + 1 − 4 + 0.5)/4)
    expect(dieboldMariano(d, { horizon: 2 }).statistic).toBeCloseTo((3 / Math.sqrt(2 / 4)) * Math.sqrt(1.5 / 4), 12);
  });

  it('should fall back to the variance alone when the truncated long-run variance is not positive', () => {
    // alternating differentials: γ1 = −γ0·(n − 1)/n, so γ0 + 2γ1 < 0
    const sut = dieboldMariano([1, -1, 1, -1, 1, -1.5], { horizon: 2 });
    expect(sut.varianceFallback).toBe(true);
    expect(Number.isFinite(sut.statistic)).toBe(true);
  });

  it('should not reject when the two forecasts are equally good and reject when one is clearly better', () => {
    const same = Array.from({ length: 200 }, (_, i) => Math.sin(i * 1.7));
    expect(dieboldMariano(same).pValue).toBeGreaterThan(0.2);
    const better = same.map((x) => x - 1);
    expect(dieboldMariano(better).pValue).toBeLessThan(1e-6);
    expect(dieboldMariano(better).meanDifference).toBeLessThan(0);
  });

  it('should refuse a horizon that is not a positive integer or too few differentials', () => {
    expect(() => dieboldMariano([1, 2, 3], { horizon: 0 })).toThrow(/horizon/);
    expect(() => dieboldMariano([1])).toThrow(/at least 2/);
  });
});

describe(normalCdf.name, () => {
  it('should match the normal table', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-2.575829)).toBeCloseTo(0.005, 6);
  });
});
