import { mulberry32 } from '@shuji/stats';
import { DEFAULT_DAMPED_TREND, dampedTrendFilter, dampedTrendMean } from '@shuji/twin';
import { describe, expect, it } from 'vitest';
import { DAILY_PATTERN_SETTINGS, dailyResidualPattern, type DailyPatternSettings } from './daily-residual-pattern';

const STEP = 300_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const PER_DAY = DAY / STEP;

/** `days` days of 5-min glucose: 100 ± noise, with a 40 mg/dL rise over the hour after 08:00 every day (breakfast). */
function days(n: number, seed = 1): { timeMs: number; value: number }[] {
  const rng = mulberry32(seed);
  return Array.from({ length: n * PER_DAY }, (_, i) => {
    const minute = ((i * 5) % 1440) - 480;
    const meal = minute >= 0 && minute < 180 ? 40 * Math.sin((Math.PI * Math.min(minute, 180)) / 180) : 0;
    return { timeMs: T0 + i * STEP, value: 100 + meal + (rng() - 0.5) };
  });
}

/** The mean k-step residual of the filter (run over the whole series) from the origins that `use` selects. */
function meanResidual(readings: readonly { value: number }[], use: (t: number) => boolean, steps: number): number[] {
  const x = Float64Array.from(readings, (r) => r.value);
  const sum = new Array<number>(steps).fill(0);
  let n = 0;
  dampedTrendFilter(DEFAULT_DAMPED_TREND, x, (t, m) => {
    if (!use(t) || t + steps >= x.length) return;
    let y = m;
    for (let k = 0; k < steps; k++) sum[k] += x[t + k + 1] - (y = dampedTrendMean(DEFAULT_DAMPED_TREND, y, 1))[0];
    n++;
  });
  return sum.map((v) => v / n);
}

describe('dailyResidualPattern', () => {
  const noShrink: DailyPatternSettings = { ...DAILY_PATTERN_SETTINGS, shrinkDays: 0 };
  const readings = days(4);
  const breakfast = T0 + 3 * DAY + 8 * 3_600_000; // day 4, 08:00

  it('should be the mean of the filter’s residuals from the same clock time on earlier days', () => {
    const p = dailyResidualPattern(readings, breakfast, DEFAULT_DAMPED_TREND, noShrink);
    expect(p.days).toBe(3);
    // origins within ±60 min of 08:00 on days 1–3
    const expected = meanResidual(readings, (t) => t < 3 * PER_DAY && Math.abs(((t * 5) % 1440) - 480) <= 60, 12);
    p.offsets.forEach((v, k) => expect(v).toBeCloseTo(expected[k], 9));
    // the filter misses the rise that comes every morning: the pattern pushes the hour ahead up
    expect(p.offsets[11]).toBeGreaterThan(10);
  });

  it('should shrink towards 0 by days / (days + d₀)', () => {
    const free = dailyResidualPattern(readings, breakfast, DEFAULT_DAMPED_TREND, noShrink);
    const shrunk = dailyResidualPattern(readings, breakfast, DEFAULT_DAMPED_TREND, { ...noShrink, shrinkDays: 10 });
    shrunk.offsets.forEach((v, k) => expect(v).toBeCloseTo((free.offsets[k] * 3) / 13, 9));
  });

  it('should find nothing at another time of day, without earlier days, and ignore later readings', () => {
    const night = dailyResidualPattern(readings, T0 + 3 * DAY + 22 * 3_600_000, DEFAULT_DAMPED_TREND, noShrink);
    expect(Math.max(...night.offsets.map(Math.abs))).toBeLessThan(1);
    const first = dailyResidualPattern(readings, T0 + 8 * 3_600_000, DEFAULT_DAMPED_TREND, noShrink);
    expect(first.days).toBe(0);
    expect([...first.offsets]).toEqual(new Array(12).fill(0));
    const withFuture = dailyResidualPattern([...readings, ...days(6, 2).slice(4 * PER_DAY).map((r) => ({ ...r, value: r.value + 50 }))], breakfast, DEFAULT_DAMPED_TREND, noShrink);
    expect(withFuture).toEqual(dailyResidualPattern(readings, breakfast, DEFAULT_DAMPED_TREND, noShrink));
  });

  it('should use only origins at least minAgeH before the forecast', () => {
    // at 08:00 on day 2 with minAgeH 30, day 1's 08:00 (24 h before) is too recent
    const p = dailyResidualPattern(readings, T0 + DAY + 8 * 3_600_000, DEFAULT_DAMPED_TREND, { ...noShrink, minAgeH: 30 });
    expect(p.days).toBe(0);
  });
});
