import { describe, expect, it } from 'vitest';
import { quantile, quantileOfSorted } from './quantile';

describe(quantile.name, () => {
  it("should match R's quantile(type = 7) when values are unsorted", () => {
    // R: quantile(c(4, 1, 3, 2), c(0, 0.1, 0.5, 0.9, 1)) → 1.0 1.3 2.5 3.7 4.0
    expect([0, 0.1, 0.5, 0.9, 1].map((q) => quantile([4, 1, 3, 2], q))).toEqual([1, 1.3, 2.5, 3.7, 4].map((x) => expect.closeTo(x, 12)));
  });

  it('should return the value itself when there is one', () => {
    expect(quantile(Float64Array.of(7), 0.9)).toBe(7);
  });

  it('should agree with quantileOfSorted on the sorted copy', () => {
    const values = [5, 3, 9, 1, 7, 2];
    expect(quantile(values, 0.37)).toBe(quantileOfSorted([...values].sort((a, b) => a - b), 0.37));
  });
});
