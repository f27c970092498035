import { describe, expect, it } from 'vitest';
import { DEFAULT_DAMPED_TREND } from '@shuji/twin';
import { dailyResidualPattern } from './daily-residual-pattern';
import { DAILY_GATED_CGM_SETTINGS, GATED_CGM_SETTINGS, gatedCgmForecast, recentVolatility } from './gated-cgm-forecast';
import { personalCgmForecast } from './personal-cgm-forecast';

const STEP = 300_000;
const T0 = Date.UTC(2026, 0, 1);
const HORIZONS = Array.from({ length: 12 }, (_, i) => 5 * (i + 1));
const readingsOf = (values: readonly number[]): { timeMs: number; value: number }[] => values.map((value, i) => ({ timeMs: T0 + i * STEP, value }));
/** 200 readings, a slow wave, then a tail of `tail` readings whose 5-min differences alternate ±step. */
const series = (step: number, tail = 6): number[] => [...Array.from({ length: 200 }, (_, t) => 110 + 20 * Math.sin(t / 40)), ...Array.from({ length: tail }, (_, j) => 110 + (j % 2 === 0 ? step : 0))];

describe('recentVolatility', () => {
  it('should be the root mean square of the last n 5-min differences', () => {
    const values = [100, 101, 103, 100, 104];
    expect(recentVolatility(readingsOf(values), T0 + 4 * STEP, 3)).toBeCloseTo(Math.sqrt((4 + 9 + 16) / 3), 12);
    expect(recentVolatility(readingsOf(values), T0 + 4 * STEP, 4)).toBeCloseTo(Math.sqrt((1 + 4 + 9 + 16) / 4), 12);
  });

  it('should ignore readings after now and be undefined with too few readings in the last segment', () => {
    const values = [100, 101, 103, 100, 104, 200];
    expect(recentVolatility(readingsOf(values), T0 + 4 * STEP, 3)).toBeCloseTo(Math.sqrt(29 / 3), 12);
    expect(recentVolatility(readingsOf(values), T0 + 2 * STEP, 3)).toBeUndefined();
    // a 40-min gap starts a new segment
    const gapped = [...readingsOf([100, 110, 120, 130]), ...readingsOf([140, 141]).map((r) => ({ ...r, timeMs: r.timeMs + 11 * STEP }))];
    expect(recentVolatility(gapped, T0 + 12 * STEP, 3)).toBeUndefined();
  });
});

describe('gatedCgmForecast', () => {
  it('should answer with the calm member below the threshold and the volatile member above it', () => {
    const { differences, thresholdMgDl } = GATED_CGM_SETTINGS;
    const calm = series(0.5 * thresholdMgDl, differences + 1);
    const now = (v: readonly number[]): number => T0 + (v.length - 1) * STEP;
    const c = gatedCgmForecast(readingsOf(calm), now(calm), HORIZONS)!;
    expect(c.member).toBe('calm');
    expect(c.points).toEqual(personalCgmForecast(readingsOf(calm), now(calm), HORIZONS, undefined, GATED_CGM_SETTINGS.calm)!.points);
    const moving = series(3 * thresholdMgDl, differences + 1);
    const v = gatedCgmForecast(readingsOf(moving), now(moving), HORIZONS)!;
    expect(v.member).toBe('volatile');
    expect(v.points).toEqual(personalCgmForecast(readingsOf(moving), now(moving), HORIZONS, undefined, GATED_CGM_SETTINGS.volatile)!.points);
    expect(v.points).not.toEqual(personalCgmForecast(readingsOf(moving), now(moving), HORIZONS, undefined, GATED_CGM_SETTINGS.calm)!.points);
  });

  it('should answer nothing without a recent reading, and with the calm member while the volatility is unknown', () => {
    expect(gatedCgmForecast(readingsOf([100, 120]), T0 + 60 * STEP, HORIZONS)).toBeUndefined();
    expect(gatedCgmForecast(readingsOf([100, 120]), T0 + STEP, HORIZONS)!.member).toBe('calm');
  });

  it('should add the person’s daily pattern to the chosen member’s forecast, mean and interval alike (personal-cgm-forecast@3)', () => {
    // three days of a morning rise the filter misses, then the fourth morning's origin
    const day = 288;
    const values = Array.from({ length: 3 * day + 96 }, (_, i) => {
      const minute = (i * 5) % 1440;
      return 100 + (minute >= 480 && minute < 660 ? 40 * Math.sin((Math.PI * (minute - 480)) / 180) : 0) + 0.3 * Math.sin(i);
    });
    const readings = readingsOf(values);
    const now = T0 + (values.length - 1) * STEP;
    const plain = gatedCgmForecast(readings, now, HORIZONS)!;
    const daily = gatedCgmForecast(readings, now, HORIZONS, undefined, DAILY_GATED_CGM_SETTINGS)!;
    const { offsets, days } = dailyResidualPattern(readings, now, DEFAULT_DAMPED_TREND, DAILY_GATED_CGM_SETTINGS.daily);
    expect(days).toBe(3);
    expect(daily.member).toBe(plain.member);
    daily.points.forEach((q, k) => {
      const p = plain.points[k];
      for (const key of ['mean', 'q10', 'q50', 'q90'] as const) expect(q[key]).toBeCloseTo(p[key] + offsets[k], 9);
    });
    expect(daily.points[11].mean - plain.points[11].mean).toBeGreaterThan(3);
  });
});
