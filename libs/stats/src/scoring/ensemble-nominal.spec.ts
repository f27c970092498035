import { describe, expect, it } from 'vitest';
import { quantileOfSorted } from '../quantile';
import { randomStream } from '../random/seeded-random';
import { ensembleIntervalCoverage, quantileOfSortedType6 } from './ensemble-nominal';

/** Share of new draws inside [q(pLo), q(pHi)] of 64-member ensembles from the same normal. */
function simulatedCoverage(quantileOf: (s: Float64Array, p: number) => number, pLo: number, pHi: number): number {
  const rng = randomStream(11);
  let inside = 0;
  const runs = 20_000;
  for (let r = 0; r < runs; r++) {
    const x = Float64Array.from({ length: 64 }, () => rng.normal()).sort();
    const y = rng.normal();
    if (y >= quantileOf(x, pLo) && y <= quantileOf(x, pHi)) inside++;
  }
  return inside / runs;
}

describe(ensembleIntervalCoverage.name, () => {
  it('should give 63·0.8/65 = 77.5 % for a 64-member 10–90 % interval and 87.2 % for 5–95 %', () => {
    expect(ensembleIntervalCoverage(64, 0.1, 0.9)).toBeCloseTo(0.77538, 5);
    expect(ensembleIntervalCoverage(64, 0.05, 0.95)).toBeCloseTo(0.87231, 5);
  });

  it('should match what type-7 quantiles of exchangeable members cover in simulation', () => {
    // standard error of a share of 20,000 near 0.8: 0.003
    expect(simulatedCoverage(quantileOfSorted, 0.1, 0.9)).toBeCloseTo(ensembleIntervalCoverage(64, 0.1, 0.9), 2);
    expect(simulatedCoverage(quantileOfSorted, 0.05, 0.95)).toBeCloseTo(ensembleIntervalCoverage(64, 0.05, 0.95), 2);
  });

  it('should refuse levels out of order', () => {
    expect(() => ensembleIntervalCoverage(64, 0.9, 0.1)).toThrow(/levels/);
  });
});

describe(quantileOfSortedType6.name, () => {
  it('should put level p at rank (M + 1)p', () => {
    // M = 9: p = 0.1 is rank 1, p = 0.25 rank 2.5
    const x = [10, 20, 30, 40, 50, 60, 70, 80, 90];
    expect(quantileOfSortedType6(x, 0.1)).toBe(10);
    expect(quantileOfSortedType6(x, 0.25)).toBe(25);
    expect(quantileOfSortedType6(x, 0.5)).toBe(50);
    expect(quantileOfSortedType6(x, 0.99)).toBe(90);
  });

  it('should make a 64-member 10–90 % interval cover 80 % in simulation', () => {
    expect(simulatedCoverage(quantileOfSortedType6, 0.1, 0.9)).toBeCloseTo(0.8, 2);
    expect(simulatedCoverage(quantileOfSortedType6, 0.05, 0.95)).toBeCloseTo(0.9, 2);
  });
});
