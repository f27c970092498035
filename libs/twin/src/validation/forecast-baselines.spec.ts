import { describe, expect, it } from 'vitest';
import { linearTrendForecast } from './forecast-baselines';

describe(linearTrendForecast.name, () => {
  it('should extrapolate the least-squares line through the readings of the window', () => {
    const line = [0, 1, 2, 3].map((t) => ({ t, value: 2 + 0.5 * t }));
    expect(linearTrendForecast(line, 3, 10, [5, 13])).toEqual([4.5, 8.5]);
    // (0,0) (1,1) (2,0) (3,1): slope Sxy/Sxx = 1/5 through the means (1.5, 0.5), so 0.5 + 0.2·3.5 at t = 5
    const zigzag = [0, 1, 0, 1].map((value, t) => ({ t, value }));
    expect(linearTrendForecast(zigzag, 3, 10, [5])?.[0]).toBeCloseTo(1.2, 12);
  });

  it('should use only the readings in (origin − window, origin]', () => {
    const readings = [
      { t: -10, value: 100 }, // outside the window: would bend the line
      { t: 1, value: 1 },
      { t: 2, value: 2 },
      { t: 9, value: 50 }, // after the origin: unseen
    ];
    expect(linearTrendForecast(readings, 2, 5, [4])).toEqual([4]);
  });

  it('should fall back to the last reading with fewer than two readings or one time in the window', () => {
    const readings = [
      { t: 0, value: 7 },
      { t: 10, value: 9 },
    ];
    expect(linearTrendForecast(readings, 10, 5, [20, 30])).toEqual([9, 9]);
    expect(linearTrendForecast([{ t: 1, value: 3 }, { t: 1, value: 5 }], 1, 5, [2])).toEqual([5]);
  });

  it('should return undefined without a reading at or before the origin and refuse a window that is not positive', () => {
    expect(linearTrendForecast([{ t: 5, value: 1 }], 0, 10, [1])).toBeUndefined();
    expect(() => linearTrendForecast([], 0, 0, [1])).toThrow(/window/);
  });
});
