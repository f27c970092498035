import { describe, expect, it } from 'vitest';
import { randomStream } from '../random/seeded-random';
import { crpsFromQuantiles, crpsNormal, crpsSample, quantileScore } from './crps';

const normals = (n: number, seed: number): Float64Array => {
  const rng = randomStream(seed);
  return Float64Array.from({ length: n }, () => rng.normal()).sort();
};

describe(crpsSample.name, () => {
  it('should be the absolute error for a single value', () => {
    expect(crpsSample([3], 5)).toBe(2);
  });

  it('should give ∫(F − 1{x ≥ y})² for a two-point distribution', () => {
    // F = ½ on [0, 1): the integrand is ¼ over a unit interval
    expect(crpsSample([0, 1], 0)).toBe(0.25);
    // fair: the spread term ½·E|X − X′| uses M(M − 1) pairs, 0.5 − 0.5
    expect(crpsSample([0, 1], 0, { fair: true })).toBe(0);
  });

  it('should approach the normal closed form for a large sample of the normal', () => {
    const x = normals(20_000, 3);
    expect(crpsSample(x, 0.7)).toBeCloseTo(crpsNormal(0, 1, 0.7), 2);
  });

  it('should, on average over small ensembles, be unbiased for the distribution only in its fair form', () => {
    // mean over many 8-member ensembles of N(0, 1) scored at y = 0: fair ≈ 0.2337, plain larger by E|X−X'|/(2M)
    let plain = 0;
    let fair = 0;
    const runs = 4000;
    for (let r = 0; r < runs; r++) {
      const x = normals(8, 100 + r);
      plain += crpsSample(x, 0) / runs;
      fair += crpsSample(x, 0, { fair: true }) / runs;
    }
    expect(fair).toBeCloseTo(crpsNormal(0, 1, 0), 2);
    // E|X − X′| = 2/√π for N(0, 1): the plain score is higher by (2/√π)/(2·8)
    expect(plain - fair).toBeCloseTo(1 / Math.sqrt(Math.PI) / 8, 2);
  });

  it('should refuse values out of order', () => {
    expect(() => crpsSample([2, 1], 0)).toThrow(/sorted/);
  });
});

describe(crpsNormal.name, () => {
  it('should equal 2φ(0) − 1/√π = 0.23369 for the standard normal at its mean, scaled by σ', () => {
    expect(crpsNormal(0, 1, 0)).toBeCloseTo(0.233695, 6);
    expect(crpsNormal(10, 3, 10)).toBeCloseTo(3 * 0.233695, 5);
  });

  it('should tend to the absolute error as σ → 0', () => {
    expect(crpsNormal(0, 1e-6, 4)).toBeCloseTo(4, 5);
  });
});

describe(crpsFromQuantiles.name, () => {
  it('should give the pinball loss of each side', () => {
    expect(quantileScore(10, 0.9, 0)).toBeCloseTo(1, 12);
    expect(quantileScore(10, 0.9, 20)).toBeCloseTo(9, 12);
  });

  it('should approach the normal CRPS with many levels', () => {
    const levels = Array.from({ length: 199 }, (_, k) => (k + 1) / 200);
    // quantiles of N(0, 1) from a large sorted sample
    const x = normals(100_000, 9);
    const q = levels.map((p) => x[Math.round(p * (x.length - 1))]);
    expect(crpsFromQuantiles(levels, q, 0.5)).toBeCloseTo(crpsNormal(0, 1, 0.5), 2);
  });
});
