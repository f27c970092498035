import { describe, expect, it } from 'vitest';
import { bisect } from './bisect.util';

describe(bisect.name, () => {
  it('should find √2 within the tolerance when the bracket holds one root', () => {
    expect(Math.abs(bisect((x) => x * x - 2, 0, 2, 1e-10) - Math.SQRT2)).toBeLessThan(1e-10);
  });

  it('should find the root of a decreasing function (sign order does not matter)', () => {
    expect(bisect((x) => 3 - x, 0, 10, 1e-9)).toBeCloseTo(3, 8);
  });

  it('should refuse a bracket without a sign change', () => {
    expect(() => bisect((x) => x * x + 1, -1, 1, 1e-6)).toThrow(/do not bracket/);
  });
});
