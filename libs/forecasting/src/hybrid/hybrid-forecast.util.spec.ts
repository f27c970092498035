import { mulberry32, standardNormal } from '@shuji/stats';
import { describe, expect, it } from 'vitest';
import { fitHybridHorizon, hybridAvailable, hybridForecast, simplexLeastSquares, type HybridFitSample } from './hybrid-forecast.util';

/** Box–Muller normals from mulberry32, for synthetic forecast errors. */
const normals = (seed: number): (() => number) => standardNormal(mulberry32(seed));

/** Truth y, and two forecasts whose errors are independent N(0, sa²) and N(0, sb²), reporting too-narrow intervals. */
function samples(n: number, sa: number, sb: number, seed: number): HybridFitSample[] {
  const z = normals(seed);
  return Array.from({ length: n }, () => {
    const y = 150 + 40 * z();
    const a = y + sa * z();
    const b = y + sb * z();
    return { y, twin: { mean: a, q10: a - 0.5 * sa, q50: a, q90: a + 0.5 * sa }, fm: { q10: b - 0.5 * sb, q50: b, q90: b + 0.5 * sb } };
  });
}

describe(hybridForecast.name, () => {
  it('should average the medians and half-widths with the twin weight and scale each side when calibrated', () => {
    const sut = hybridForecast(
      { mean: 100, q10: 90, q50: 101, q90: 120 },
      { q10: 130, q50: 140, q90: 160 },
      { horizonMin: 30, twinWeight: 0.25, lowerScale: 2, upperScale: 0.5, n: 100 },
    );
    const median = 0.25 * 100 + 0.75 * 140;
    expect(sut.q50).toBeCloseTo(median, 12);
    expect(sut.mean).toBeCloseTo(median, 12);
    expect(sut.q10).toBeCloseTo(median - 2 * (0.25 * 11 + 0.75 * 10), 12);
    expect(sut.q90).toBeCloseTo(median + 0.5 * (0.25 * 19 + 0.75 * 20), 12);
  });

  it('should be the twin alone when the twin weight is 1 and the scales are 1', () => {
    const twin = { mean: 100, q10: 90, q50: 100, q90: 115 };
    const sut = hybridForecast(twin, { q10: 0, q50: 500, q90: 900 }, { horizonMin: 60, twinWeight: 1, lowerScale: 1, upperScale: 1, n: 1 });
    expect(sut).toEqual({ mean: 100, q10: 90, q50: 100, q90: 115 });
  });
});

describe(fitHybridHorizon.name, () => {
  it('should recover the Bates–Granger weight sb²/(sa²+sb²) when the errors are independent', () => {
    const sut = fitHybridHorizon(30, samples(20000, 10, 20, 1));
    // optimal w = 400 / 500 = 0.8; sampling SD of the estimate ≈ 0.003 at n = 20000
    expect(sut.twinWeight).toBeCloseTo(0.8, 1);
    expect(Math.abs(sut.twinWeight - 0.8)).toBeLessThan(0.015);
  });

  it('should widen too-narrow intervals to 80 % coverage on fresh samples when fitted on a tuning sample', () => {
    const sut = fitHybridHorizon(30, samples(5000, 10, 20, 2));
    expect(sut.lowerScale).toBeGreaterThan(1);
    const fresh = samples(5000, 10, 20, 3);
    const inside = fresh.filter((s) => {
      const f = hybridForecast(s.twin, s.fm, sut);
      return s.y >= f.q10 && s.y <= f.q90;
    }).length;
    // binomial SD at n = 5000 is 0.6 %
    expect(inside / fresh.length).toBeGreaterThan(0.78);
    expect(inside / fresh.length).toBeLessThan(0.82);
  });

  it('should give a lower RMSE than either forecast on fresh samples when both carry information', () => {
    const cal = fitHybridHorizon(60, samples(5000, 15, 18, 4));
    const fresh = samples(5000, 15, 18, 5);
    const rmse = (f: (s: HybridFitSample) => number): number => Math.sqrt(fresh.reduce((acc, s) => acc + (f(s) - s.y) ** 2, 0) / fresh.length);
    const hybrid = rmse((s) => hybridForecast(s.twin, s.fm, cal).q50);
    expect(hybrid).toBeLessThan(rmse((s) => s.twin.mean));
    expect(hybrid).toBeLessThan(rmse((s) => s.fm?.q50 ?? Number.NaN));
  });

  it('should refuse to fit fewer than 10 samples', () => {
    expect(() => fitHybridHorizon(30, samples(5, 1, 1, 6))).toThrow(/at least 10/);
  });
});

describe(simplexLeastSquares.name, () => {
  it('should recover weights on the simplex when y is an exact mix, and clip a useless forecast to zero', () => {
    const z = normals(7);
    const a = Array.from({ length: 500 }, () => z());
    const b = Array.from({ length: 500 }, () => z());
    const c = Array.from({ length: 500 }, () => z());
    const y = a.map((x, i) => 0.6 * x + 0.4 * b[i]);
    const sut = simplexLeastSquares(y, [a, b, c]);
    expect(sut[0]).toBeCloseTo(0.6, 9);
    expect(sut[1]).toBeCloseTo(0.4, 9);
    expect(sut[2]).toBeCloseTo(0, 9);
  });

  it('should keep every weight ≥ 0 when the unconstrained fit wants a negative one', () => {
    const z = normals(8);
    const a = Array.from({ length: 500 }, () => z());
    const b = a.map((x) => x + 0.1 * z());
    const y = a.map((x, i) => 2 * x - b[i]);
    const sut = simplexLeastSquares(y, [a, b]);
    expect(sut).toEqual([1, 0]);
  });
});

describe('hybrid with a stacked ridge ARX', () => {
  const cal = { horizonMin: 30, twinWeight: 0.5, fmWeight: 0.2, ridgeWeight: 0.3, lowerScale: 1, upperScale: 1, n: 100 };
  const twin = { mean: 100, q10: 90, q50: 100, q90: 110 };
  const fm = { q10: 100, q50: 120, q90: 140 };

  it('should stack the three medians with their weights and take the half-widths from the twin and the FM', () => {
    const sut = hybridForecast(twin, fm, cal, 150);
    expect(sut.q50).toBeCloseTo(0.5 * 100 + 0.2 * 120 + 0.3 * 150, 12);
    expect(sut.q90 - sut.q50).toBeCloseTo((0.5 / 0.7) * 10 + (0.2 / 0.7) * 20, 12);
  });

  it('should give the ridge share to the twin and the FM in proportion when no ridge forecast exists', () => {
    expect(hybridForecast(twin, fm, cal, undefined).q50).toBeCloseTo((0.5 / 0.7) * 100 + (0.2 / 0.7) * 120, 12);
    expect(hybridForecast(twin, fm, cal, Number.NaN).q50).toBeCloseTo((0.5 / 0.7) * 100 + (0.2 / 0.7) * 120, 12);
  });

  it('should fit a ridge weight only when every sample carries a ridge forecast, and beat the two-way fit when the ridge knows more', () => {
    const z = normals(9);
    const make = (n: number): HybridFitSample[] =>
      Array.from({ length: n }, () => {
        const y = 150 + 40 * z();
        const a = y + 15 * z();
        const b = y + 18 * z();
        return { y, twin: { mean: a, q10: a - 10, q50: a, q90: a + 10 }, fm: { q10: b - 10, q50: b, q90: b + 10 }, ridge: y + 10 * z() };
      });
    const train = make(4000);
    const three = fitHybridHorizon(30, train);
    const two = fitHybridHorizon(30, train.map(({ ridge: _, ...s }) => s));
    expect(three.ridgeWeight).toBeGreaterThan(0.3);
    expect(three.twinWeight + (three.fmWeight ?? 0) + (three.ridgeWeight ?? 0)).toBeCloseTo(1, 12);
    expect(two.ridgeWeight).toBeUndefined();
    const fresh = make(4000);
    const rmse = (c: typeof three): number => Math.sqrt(fresh.reduce((acc, s) => acc + (hybridForecast(s.twin, s.fm, c, s.ridge).q50 - s.y) ** 2, 0) / fresh.length);
    expect(rmse(three)).toBeLessThan(rmse(two));
  });
});

describe('hybrid with a stacked ridge ARX and GBT ARX (version 3)', () => {
  const cal = { horizonMin: 30, twinWeight: 0.1, fmWeight: 0.2, ridgeWeight: 0.3, gbtWeight: 0.4, lowerScale: 1, upperScale: 1, n: 100 };
  const twin = { mean: 100, q10: 90, q50: 100, q90: 110 };
  const fm = { q10: 100, q50: 120, q90: 140 };

  it('should stack the four medians with their weights, and give a missing GBT share to the others in proportion', () => {
    expect(hybridForecast(twin, fm, cal, 150, 160).q50).toBeCloseTo(0.1 * 100 + 0.2 * 120 + 0.3 * 150 + 0.4 * 160, 12);
    expect(hybridForecast(twin, fm, cal, 150, Number.NaN).q50).toBeCloseTo((0.1 * 100 + 0.2 * 120 + 0.3 * 150) / 0.6, 12);
    expect(hybridForecast(twin, fm, cal, undefined, 160).q50).toBeCloseTo((0.1 * 100 + 0.2 * 120 + 0.4 * 160) / 0.7, 12);
  });

  it('should fit a GBT weight when every sample carries one, and beat the three-way fit on fresh samples when the trees know more', () => {
    const z = normals(10);
    const make = (n: number): HybridFitSample[] =>
      Array.from({ length: n }, () => {
        const y = 150 + 40 * z();
        const a = y + 15 * z();
        const b = y + 18 * z();
        const shared = 8 * z();
        // the ridge and the trees share part of their error, as two models on the same features do
        return { y, twin: { mean: a, q10: a - 10, q50: a, q90: a + 10 }, fm: { q10: b - 10, q50: b, q90: b + 10 }, ridge: y + shared + 8 * z(), gbt: y + shared + 5 * z() };
      });
    const train = make(4000);
    const four = fitHybridHorizon(30, train);
    const three = fitHybridHorizon(30, train.map(({ gbt: _, ...s }) => s));
    expect(four.gbtWeight).toBeGreaterThan(four.ridgeWeight ?? 1);
    expect(four.twinWeight + (four.fmWeight ?? 0) + (four.ridgeWeight ?? 0) + (four.gbtWeight ?? 0)).toBeCloseTo(1, 12);
    expect(three.gbtWeight).toBeUndefined();
    const fresh = make(4000);
    const rmse = (c: typeof four): number => Math.sqrt(fresh.reduce((acc, s) => acc + (hybridForecast(s.twin, s.fm, c, s.ridge, s.gbt).q50 - s.y) ** 2, 0) / fresh.length);
    expect(rmse(four)).toBeLessThan(0.97 * rmse(three));
  });

  it('should be available below 30 min (no FM) from the GBT alone when the ridge has no forecast', () => {
    const short = { horizonMin: 5, twinWeight: 0.2, fmWeight: 0, ridgeWeight: 0.4, gbtWeight: 0.4, lowerScale: 1, upperScale: 1, n: 1 };
    expect(hybridAvailable(short, undefined, undefined, 120)).toBe(true);
    expect(hybridAvailable(short, undefined, undefined, Number.NaN)).toBe(false);
    expect(hybridForecast(twin, undefined, short, undefined, 130).q50).toBeCloseTo((0.2 * 100 + 0.4 * 130) / 0.6, 12);
  });
});

describe(hybridAvailable.name, () => {
  const fm = { q10: 1, q50: 2, q90: 3 };
  it('should need the FM where it has weight, and something besides the twin everywhere', () => {
    expect(hybridAvailable({ horizonMin: 30, twinWeight: 0.5, lowerScale: 1, upperScale: 1, n: 1 }, undefined, undefined)).toBe(false);
    expect(hybridAvailable({ horizonMin: 30, twinWeight: 0.5, lowerScale: 1, upperScale: 1, n: 1 }, fm, undefined)).toBe(true);
    const short = { horizonMin: 5, twinWeight: 0.2, fmWeight: 0, ridgeWeight: 0.8, lowerScale: 1, upperScale: 1, n: 1 };
    expect(hybridAvailable(short, undefined, undefined)).toBe(false);
    expect(hybridAvailable(short, undefined, Number.NaN)).toBe(false);
    expect(hybridAvailable(short, undefined, 120)).toBe(true);
  });
});
