import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { midRanks, spearmanRho } from './rank-correlation';

describe(spearmanRho.name, () => {
  it('should give scipy.stats.spearmanr\'s value for its documented example', () => {
    // scipy 1.11 docs: spearmanr([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) → 0.8207826816681233
    expect(spearmanRho([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(0.8207826816681233, 14);
  });

  it('should give mid-ranks to ties', () => {
    expect([...midRanks([10, 20, 20, 5, 20])]).toEqual([2, 4, 4, 1, 4]);
  });

  it('should be ±1 for any strictly monotone relation and NaN for a constant sample', () => {
    expect(spearmanRho([1, 2, 3, 4], [1, 8, 27, 64])).toBe(1);
    expect(spearmanRho([1, 2, 3, 4], [Math.exp(4), Math.exp(3), Math.exp(2), Math.exp(1)])).toBe(-1);
    expect(spearmanRho([1, 2, 3], [7, 7, 7])).toBeNaN();
  });

  it('should stay within [−1, 1], be symmetric and ignore monotone transforms (property)', () => {
    const pairs = fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 })), { minLength: 3, maxLength: 40 });
    fc.assert(
      fc.property(pairs, (p) => {
        const x = p.map(([a]) => a);
        const y = p.map(([, b]) => b);
        const rho = spearmanRho(x, y);
        if (Number.isNaN(rho)) return new Set(x).size === 1 || new Set(y).size === 1;
        return rho >= -1 - 1e-12 && rho <= 1 + 1e-12 && Math.abs(rho - spearmanRho(y, x)) < 1e-12 && Math.abs(rho - spearmanRho(x.map((v) => v ** 3), y)) < 1e-12;
      }),
    );
  });

  it('should refuse samples of different lengths or non-finite values', () => {
    expect(() => spearmanRho([1, 2], [1])).toThrow(RangeError);
    expect(() => spearmanRho([1, Number.NaN], [1, 2])).toThrow(RangeError);
  });
});
