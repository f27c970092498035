import { describe, expect, it } from 'vitest';
import { segmentCgm } from './cgm-segments';
import { glucobenchScore, windowErrors } from './glucobench-score';

const MIN = 60_000;

describe('segmentCgm', () => {
  const opts = { stepMin: 5, maxGapMin: 30, minPoints: 3 };

  it('should interpolate a short gap onto the 5-min grid and end a segment at a long one', () => {
    const readings = [
      { timeMs: 0, value: 100 },
      { timeMs: 5 * MIN, value: 110 },
      { timeMs: 25 * MIN, value: 150 }, // 20-min gap: interpolated
      { timeMs: 30 * MIN, value: 160 },
      { timeMs: 70 * MIN, value: 90 }, // 40-min gap: a new segment
      { timeMs: 75 * MIN, value: 95 },
    ];
    const segments = segmentCgm(readings, opts);
    expect(segments).toHaveLength(1); // the second has 2 points, under minPoints
    expect(Array.from(segments[0].values)).toEqual([100, 110, 120, 130, 140, 150, 160]);
    expect(segmentCgm(readings, { ...opts, minPoints: 2 })).toHaveLength(2);
  });

  it('should put readings a little off the grid onto it', () => {
    const segments = segmentCgm([{ timeMs: 0, value: 100 }, { timeMs: 5 * MIN + 12_000, value: 110 }, { timeMs: 10 * MIN + 3_000, value: 120 }], opts);
    expect(segments[0].values).toHaveLength(3);
    expect(segments[0].values[1]).toBeCloseTo(100 + (10 * 300) / 312, 9);
  });

  it('should refuse readings out of time order', () => {
    expect(() => segmentCgm([{ timeMs: 10, value: 1 }, { timeMs: 5, value: 1 }], opts)).toThrow(/time order/);
  });
});

describe('glucobenchScore', () => {
  it('should take the square root of the median per-window MSE and the median MAE', () => {
    const windows = [
      { truth: [100, 100], predicted: [101, 99] }, // MSE 1, MAE 1
      { truth: [100, 100], predicted: [102, 102] }, // MSE 4, MAE 2
      { truth: [100, 100], predicted: [190, 10] }, // MSE 8100, MAE 90: an outlier the median ignores
    ];
    expect(windowErrors(windows[1])).toEqual({ mse: 4, mae: 2 });
    expect(glucobenchScore(windows)).toEqual({ rmse: 2, mae: 2, windows: 3 });
  });

  it('should refuse empty and mismatched windows', () => {
    expect(() => glucobenchScore([])).toThrow(/no windows/);
    expect(() => windowErrors({ truth: [1, 2], predicted: [1] })).toThrow(/as many/);
  });
});
