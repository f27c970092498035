import { describe, expect, it } from 'vitest';
import { clipToWindow, rosendaalShare } from './rosendaal';

describe(rosendaalShare.name, () => {
  it('should count the worked example: 1.5 → 2.5 → 3.5 over 10 + 10 days is 5 + 5 days in 2–3, 50 %', () => {
    const points = [
      { t: 0, inr: 1.5 },
      { t: 10, inr: 2.5 },
      { t: 20, inr: 3.5 },
    ];
    expect(rosendaalShare(points, 2, 3)).toBeCloseTo(50, 12);
    // above 3: 3.0 → 3.5 is the last 5 days; below 2: the first 5
    expect(rosendaalShare(points, 3, Number.POSITIVE_INFINITY)).toBeCloseTo(25, 12);
    expect(rosendaalShare(points, Number.NEGATIVE_INFINITY, 2)).toBeCloseTo(25, 12);
  });

  it('should weigh segments by their length and count a segment crossing the whole range', () => {
    // 1 → 4 over 30 days: 10 days in range; then 2.5 flat for 10 days: all in range → 20 of 40
    const points = [
      { t: 0, inr: 1 },
      { t: 30, inr: 4 },
      { t: 30, inr: 2.5 },
      { t: 40, inr: 2.5 },
    ];
    expect(rosendaalShare(points, 2, 3)).toBeCloseTo(50, 12);
    expect(rosendaalShare([{ t: 0, inr: 2 }], 2, 3)).toBeNull();
  });
});

describe(clipToWindow.name, () => {
  it('should interpolate the window’s edges and keep the points inside', () => {
    const points = [
      { t: 0, inr: 1 },
      { t: 10, inr: 3 },
      { t: 20, inr: 2 },
    ];
    expect(clipToWindow(points, 5, 15)).toEqual([
      { t: 5, inr: 2 },
      { t: 10, inr: 3 },
      { t: 15, inr: 2.5 },
    ]);
    expect(clipToWindow(points, -5, 30)).toEqual(points);
  });
});
