import { describe, expect, it } from 'vitest';
import { addValue, CELL, mergeCells } from './moments';

const cellOf = (xs: readonly number[]) => {
  const c = new Float64Array(CELL);
  xs.forEach((x) => addValue(c, 0, x));
  return c;
};

describe(mergeCells.name, () => {
  it('should give the count, mean and M2 of the whole when two parts are merged', () => {
    const xs = [3.5, 1e8 + 1, 1e8 + 2, -7, 0.25, 12];
    const sut = cellOf(xs.slice(0, 2));
    mergeCells(sut, cellOf(xs.slice(2)));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const m2 = xs.reduce((a, b) => a + (b - mean) ** 2, 0);
    expect(sut[0]).toBe(6);
    expect(sut[1]).toBeCloseTo(mean, 6);
    expect(sut[2] / m2).toBeCloseTo(1, 12);
  });

  it('should leave a cell unchanged when merging an empty one, and copy when merging into an empty one', () => {
    const sut = cellOf([1, 2, 3]);
    mergeCells(sut, new Float64Array(CELL));
    expect(Array.from(sut)).toEqual([3, 2, 2]);
    const empty = new Float64Array(CELL);
    mergeCells(empty, sut);
    expect(Array.from(empty)).toEqual([3, 2, 2]);
  });
});
