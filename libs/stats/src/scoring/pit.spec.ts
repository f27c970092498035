import { describe, expect, it } from 'vitest';
import { randomStream } from '../random/seeded-random';
import { pitHistogram, pitSample } from './pit';

describe(pitSample.name, () => {
  it('should place an outcome by its rank among the members', () => {
    expect(pitSample([1, 2, 3, 4, 5, 6, 7, 8, 9], 4.5, 0.5)).toBe(0.45);
    expect(pitSample([1, 2, 3], 0, 0)).toBe(0);
    expect(pitSample([1, 2, 3], 9, 1)).toBe(1);
  });

  it('should spread ties over the tied ranks', () => {
    // 1 below, 2 equal: u ∈ [1/5, 4/5]
    expect(pitSample([0, 5, 5, 9], 5, 0)).toBe(0.2);
    expect(pitSample([0, 5, 5, 9], 5, 1)).toBe(0.8);
  });

  it('should be uniform when the outcome and the members are exchangeable', () => {
    const rng = randomStream(5);
    const u: number[] = [];
    for (let r = 0; r < 20_000; r++) {
      const x = Float64Array.from({ length: 64 }, () => rng.normal()).sort();
      u.push(pitSample(x, rng.normal(), rng.uniform()));
    }
    for (const share of pitHistogram(u)) expect(Math.abs(share - 0.1)).toBeLessThan(0.008);
  });
});

describe(pitHistogram.name, () => {
  it('should count into equal bins with 1 in the last', () => {
    expect(pitHistogram([0, 0.05, 0.5, 1], 2)).toEqual([0.5, 0.5]);
  });

  it('should refuse a value outside [0, 1]', () => {
    expect(() => pitHistogram([1.2])).toThrow(/not in/);
  });
});
