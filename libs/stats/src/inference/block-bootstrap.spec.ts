import { describe, expect, it } from 'vitest';
import { randomStream } from '../random/seeded-random';
import { blockBootstrap, lossRatio, rmseRatio } from './block-bootstrap';

const mean = (x: readonly number[]): number => x.reduce((a, b) => a + b, 0) / x.length;

describe(blockBootstrap.name, () => {
  it('should give an interval of zero width when every block is the same', () => {
    const sut = blockBootstrap([2, 2, 2, 2], mean);
    expect([sut.estimate, sut.lower, sut.upper]).toEqual([2, 2, 2]);
  });

  it('should approximate the normal-theory interval of a mean when blocks are independent normals', () => {
    const rng = randomStream(7);
    const x = Array.from({ length: 400 }, () => 10 + 3 * rng.normal());
    const m = mean(x);
    const se = Math.sqrt(x.reduce((a, v) => a + (v - m) ** 2, 0) / (x.length - 1) / x.length);
    const sut = blockBootstrap(x, mean, { replicates: 4000, seed: 3 });
    expect(sut.estimate).toBeCloseTo(m, 12);
    expect(sut.lower).toBeCloseTo(m - 1.96 * se, 1);
    expect(sut.upper).toBeCloseTo(m + 1.96 * se, 1);
  });

  it('should cover the true mean in about 95 % of repeated experiments', () => {
    let covered = 0;
    for (let k = 0; k < 200; k++) {
      const rng = randomStream(100 + k);
      const x = Array.from({ length: 40 }, () => rng.normal());
      const ci = blockBootstrap(x, mean, { replicates: 400, seed: k });
      if (ci.lower <= 0 && ci.upper >= 0) covered++;
    }
    // percentile intervals of n = 40 undercover slightly; 200 trials: binomial SD ≈ 1.5 points
    expect(covered / 200).toBeGreaterThan(0.88);
    expect(covered / 200).toBeLessThan(0.99);
  });

  it('should be reproducible with a seed and refuse fewer than 2 blocks', () => {
    const x = [1, 5, 2, 8, 3];
    expect(blockBootstrap(x, mean, { seed: 9 })).toEqual(blockBootstrap(x, mean, { seed: 9 }));
    expect(() => blockBootstrap([1], mean)).toThrow(/at least 2 blocks/);
  });
});

describe(rmseRatio.name, () => {
  it('should pool squared errors over blocks before the ratio', () => {
    // A: se 4 + 12 = 16, B: 1 + 3 = 4 → √4 = 2
    expect(rmseRatio([{ seA: 4, seB: 1, n: 1 }, { seA: 12, seB: 3, n: 3 }])).toBe(2);
  });
});

describe(lossRatio.name, () => {
  it('should divide the summed losses, the square of the RMSE ratio for squared errors', () => {
    const blocks = [
      { seA: 1, seB: 4, n: 2 },
      { seA: 3, seB: 4, n: 2 },
    ];
    expect(lossRatio(blocks)).toBe(0.5);
    expect(rmseRatio(blocks) ** 2).toBeCloseTo(0.5, 12);
  });
});
