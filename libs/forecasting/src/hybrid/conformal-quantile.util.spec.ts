import { describe, expect, it } from 'vitest';
import { conformalQuantile } from './conformal-quantile.util';

describe(conformalQuantile.name, () => {
  it('should take the ⌈(n+1)·level⌉-th smallest score when n is large enough', () => {
    const scores = Array.from({ length: 19 }, (_, i) => 19 - i); // 1…19, unsorted
    expect(conformalQuantile(scores, 0.9)).toBe(18); // ⌈20·0.9⌉ = 18
    expect(conformalQuantile(scores, 0.5)).toBe(10);
  });

  it('should be infinite when n is too small for the level', () => {
    expect(conformalQuantile([1, 2, 3], 0.9)).toBe(Number.POSITIVE_INFINITY);
  });

  it('should cover at least the level on fresh exchangeable scores when calibrated on a sample', () => {
    // deterministic pseudo-uniform scores; the marginal guarantee is P(score ≤ q) ≥ level
    const draw = (i: number): number => ((i * 0.6180339887498949) % 1) * 10;
    const q = conformalQuantile(Array.from({ length: 999 }, (_, i) => draw(i)), 0.8);
    const fresh = Array.from({ length: 5000 }, (_, i) => draw(i + 1000));
    const share = fresh.filter((s) => s <= q).length / fresh.length;
    expect(share).toBeGreaterThanOrEqual(0.79);
    expect(share).toBeLessThan(0.82);
  });

  it('should refuse a level outside (0, 1)', () => {
    expect(() => conformalQuantile([1], 1)).toThrow(/level/);
  });
});
