import { mulberry32 } from '@shuji/stats';
import { DEFAULT_DAMPED_TREND } from '@shuji/twin';
import { describe, expect, it } from 'vitest';
import { RidgeAr } from '../baselines/ridge-ar';
import { correctionFeatures, segmentPaths } from './cgm-correction-features';
import { fitCgmPopulationPrior, solveRidge, type PopulationSeries } from './cgm-population-prior';

/** Glucose-like series that keep momentum and revert to a level near 110 (what the filter alone under-uses); seeded. */
function series(n: number, seed: number): Float64Array {
  const rng = mulberry32(seed);
  const out = new Float64Array(n);
  let d = 0;
  let g = 110;
  for (let t = 0; t < n; t++) {
    d = 0.97 * d + (rng() - 0.5) - 0.02 * (g - 110);
    g += d;
    out[t] = g + 2 * (rng() - 0.5);
  }
  return out;
}
const OPTIONS = { model: DEFAULT_DAMPED_TREND, lags: 2, steps: 6, arLags: 12, arLambda: 10 };
const people = (seed: number, n: number): PopulationSeries[] => Array.from({ length: n }, (_, i) => ({ person: `p${i}`, values: series(800, seed + i) }));

describe('solveRidge', () => {
  it('should give least squares without a penalty and the prior under an overwhelming one', () => {
    const A = [Float64Array.of(4, 1), Float64Array.of(1, 3)];
    const b = Float64Array.of(1, 2);
    const ols = solveRidge(A, b, 0, [0, 0]);
    expect(4 * ols[0] + ols[1]).toBeCloseTo(1, 12);
    expect(ols[0] + 3 * ols[1]).toBeCloseTo(2, 12);
    const shrunk = solveRidge(A, b, 1e12, [1, -1]);
    expect(shrunk[0]).toBeCloseTo(1, 9);
    expect(shrunk[1]).toBeCloseTo(-1, 9);
  });
});

describe('fitCgmPopulationPrior', () => {
  const prior = fitCgmPopulationPrior(people(100, 5), OPTIONS, 'synthetic');

  it('should store an AR that rebuilds and per-step coefficients of both feature sets', () => {
    expect(prior.source).toBe('synthetic');
    expect(prior.ar.weights).toHaveLength(6 * 13);
    expect(RidgeAr.fromWeights(12, 6, prior.ar.weights).predict(series(50, 1), 50)).toHaveLength(6);
    expect(prior.withAr.map((r) => r.length)).toEqual(Array(6).fill(4));
    expect(prior.withoutAr.map((r) => r.length)).toEqual(Array(6).fill(3));
  });

  it('should forecast people it never saw better than the filter alone, by its coefficients alone', () => {
    const ar = RidgeAr.fromWeights(12, 6, prior.ar.weights);
    const f = new Float64Array(4);
    let stacked = 0;
    let filter = 0;
    for (const { values } of people(900, 3)) {
      const p = segmentPaths(DEFAULT_DAMPED_TREND, values, 6, ar);
      for (let t = 100; t + 6 < values.length; t += 7) {
        const mean = values[t] + prior.withAr[5].reduce((s, c, i) => s + c * correctionFeatures(values, p.filter[t], p.ar[t], t, 5, 2, f)[i], 0);
        stacked += (mean - values[t + 6]) ** 2;
        filter += (p.filter[t][5] - values[t + 6]) ** 2;
      }
    }
    expect(stacked).toBeLessThan(0.9 * filter);
  });
});
