import { normalCdf, randomStream } from '@shuji/stats';
import { describe, expect, it } from 'vitest';
import { fitAri, forecastAri, selectAri } from './ari-cls';

/** An ARIMA(1, 1, 0): differences w_t = φ·w_{t−1} + σ·ε_t, summed from 100. */
function ari1(n: number, phi: number, sigma: number, seed: number): Float64Array {
  const rng = randomStream(seed);
  const x = new Float64Array(n);
  x[0] = 100;
  let w = 0;
  for (let t = 1; t < n; t++) {
    w = phi * w + sigma * rng.normal();
    x[t] = x[t - 1] + w;
  }
  return x;
}

describe(fitAri.name, () => {
  it('should recover φ and σ² of an ARIMA(1,1,0) by conditional least squares', () => {
    const sut = fitAri(ari1(20_000, 0.6, 2, 1), 1);
    expect(sut.phi[0]).toBeCloseTo(0.6, 1);
    expect(Math.abs(sut.phi[0] - 0.6)).toBeLessThan(0.02);
    expect(sut.sigma2).toBeCloseTo(4, 0);
  });

  it('should refuse too short a history', () => {
    expect(() => fitAri([1, 2, 3, 4], 3)).toThrow(/differences/);
  });
});

describe(selectAri.name, () => {
  it('should choose p = 1 for an ARIMA(1,1,0) and p = 0 for a random walk by AICc', () => {
    expect(selectAri(ari1(3000, 0.6, 2, 2), 6).p).toBe(1);
    expect(selectAri(ari1(3000, 0, 2, 3), 6).p).toBe(0);
  });
});

describe(forecastAri.name, () => {
  it('should give σ√h for a random walk and σ²(1 + (1 + φ)²) at two steps of an ARIMA(1,1,0)', () => {
    const walk = forecastAri({ p: 0, phi: new Float64Array(0), sigma2: 4, aicc: 0, n: 100 }, [5, 7], 4);
    expect([...walk.mean]).toEqual([7, 7, 7, 7]);
    expect(walk.sd[3]).toBeCloseTo(2 * 2, 12);
    const fit = { p: 1, phi: Float64Array.of(0.5), sigma2: 1, aicc: 0, n: 100 };
    const sut = forecastAri(fit, [100, 104], 2);
    // the last change 4 decays by 0.5 a step: 102, then 101
    expect([...sut.mean]).toEqual([106, 107]);
    expect(sut.sd[0]).toBeCloseTo(1, 12);
    expect(sut.sd[1]).toBeCloseTo(Math.sqrt(1 + 1.5 ** 2), 12);
  });

  it('should cover 80 % of fresh 6-step-ahead values with its 10–90 % interval', () => {
    const x = ari1(40_000, 0.7, 1.5, 4);
    const fit = fitAri(x.subarray(0, 10_000), 1);
    let inside = 0;
    let count = 0;
    const z90 = 1.2815515655;
    for (let end = 10_100; end + 6 <= x.length; end += 7) {
      const f = forecastAri(fit, x, 6, end);
      const z = (x[end + 5] - f.mean[5]) / f.sd[5];
      if (Math.abs(z) <= z90) inside++;
      count++;
    }
    expect(inside / count).toBeCloseTo(0.8, 1);
    expect(Math.abs(inside / count - 0.8)).toBeLessThan(0.02);
    expect(normalCdf(z90)).toBeCloseTo(0.9, 6);
  });
});
