/**
 * The default CGM forecast of a person who does not inject insulin, as a volatility-dependent choice between two
 * members of personal-cgm-forecast.ts: in calm stretches the damped-trend model's exact Kalman filter alone
 * (KALMAN_FILTER_CGM_SETTINGS), which keeps quiet windows quiet; once the glucose moves (the root mean square of the last
 * `differences` 5-min differences above `thresholdMgDl`) the correction with the population prior
 * (POPULATION_PRIOR_CGM_SETTINGS: the population ridge AR as a stacked member), which knows from other people how a
 * rise or a fall goes on. Combination weights that change with an observed state variable: Deutsch M, Granger CWJ,
 * Teräsvirta T. The combination of forecasts using changing weights. International Journal of Forecasting
 * 1994;10:47–57; a hard threshold on the state, as in threshold autoregression (Tong H, Lim KS. Threshold
 * autoregression, limit cycles and cyclical data. JRSS B 1980;42:245–292).
 *
 * The gate's settings were chosen on GlucoBench's in-distribution validation part of the Hall 2018 CGM only
 * (`npm run validate:real-cgm -- --tune-gate`, docs/validation.md, "Real CGM"). With `daily`, the person's own
 * time-of-day pattern of the filter's errors (daily-residual-pattern.ts) is added to the chosen member's forecast.
 */
import { DEFAULT_DAMPED_TREND, type DampedTrendSettings } from '@shuji/twin';
import { segmentCgm, type CgmReading } from '../evaluation/cgm-segments';
import { DAILY_PATTERN_SETTINGS, dailyResidualPattern, type DailyPatternSettings } from './daily-residual-pattern';
import { KALMAN_FILTER_CGM_SETTINGS, POPULATION_PRIOR_CGM_SETTINGS, personalCgmForecast, type PersonalCgmForecast, type PersonalCgmSettings } from './personal-cgm-forecast';

export interface GatedCgmSettings {
  /** 5-min differences the volatility looks at (the last ones before the forecast's origin). */
  readonly differences: number;
  /** Root mean square of those differences (mg/dL per 5 min) above which the volatile member answers. */
  readonly thresholdMgDl: number;
  readonly calm: PersonalCgmSettings;
  readonly volatile: PersonalCgmSettings;
  /** The person's time-of-day pattern of the filter's errors, added to either member's forecast (daily-residual-pattern.ts). */
  readonly daily?: DailyPatternSettings;
}

/**
 * The product's default: 3 differences (15 min), 2.35 mg/dL per 5 min (the validation windows' 60th percentile of it),
 * chosen by `--tune-gate` on the in-distribution validation part (criterion 1.861 against 1.953 for the previous
 * default and 1.954 for the prior in every window).
 */
export const GATED_CGM_SETTINGS: GatedCgmSettings = { differences: 3, thresholdMgDl: 2.35, calm: KALMAN_FILTER_CGM_SETTINGS, volatile: POPULATION_PRIOR_CGM_SETTINGS };

/**
 * personal-cgm-forecast@3, the product's default since 2026-12-04 night: the gate plus the person's daily pattern
 * (±60 min, d₀ 10), chosen by `--explore-daily` on the validation part (criterion 1.788 against 1.863 for the gate
 * alone; mean squared 60-min error 231 against 237); the test part, scored once after, through the API: GlucoBench
 * 7.06 / 5.92 against the gate's 7.19 / 6.00 (docs/validation.md, "Real CGM").
 */
export const DAILY_GATED_CGM_SETTINGS: GatedCgmSettings = { ...GATED_CGM_SETTINGS, daily: DAILY_PATTERN_SETTINGS };

const STEP_MIN = 5;

/**
 * Root mean square of the last `n` 5-min differences of the gridded stream up to `nowMs` (gaps ≤ 30 min
 * interpolated, as the forecast's own segments); undefined while the last segment holds fewer than n + 1 readings.
 */
export function recentVolatility(readings: readonly CgmReading[], nowMs: number, n: number): number | undefined {
  const recent = readings.filter((r) => r.timeMs <= nowMs && r.timeMs >= nowMs - (n + 8) * STEP_MIN * 60_000 && Number.isFinite(r.value)).sort((a, b) => a.timeMs - b.timeMs);
  const x = segmentCgm(recent, { stepMin: STEP_MIN, maxGapMin: 30, minPoints: 1 }).at(-1)?.values;
  if (x === undefined || x.length < n + 1) return undefined;
  let s = 0;
  for (let j = 0; j < n; j++) s += (x[x.length - 1 - j] - x[x.length - 2 - j]) ** 2;
  return Math.sqrt(s / n);
}

/** The forecast of the member the recent volatility chooses (the calm one while it cannot be measured). */
export function gatedCgmForecast(
  readings: readonly CgmReading[],
  nowMs: number,
  horizonsMin: readonly number[],
  model: DampedTrendSettings = DEFAULT_DAMPED_TREND,
  gate: GatedCgmSettings = GATED_CGM_SETTINGS,
): (PersonalCgmForecast & { readonly member: 'calm' | 'volatile' }) | undefined {
  const vol = recentVolatility(readings, nowMs, gate.differences);
  const member = vol !== undefined && vol > gate.thresholdMgDl ? 'volatile' : 'calm';
  const f = personalCgmForecast(readings, nowMs, horizonsMin, model, member === 'calm' ? gate.calm : gate.volatile);
  if (f === undefined) return undefined;
  if (gate.daily === undefined) return { ...f, member };
  const { offsets } = dailyResidualPattern(readings, nowMs, model, gate.daily);
  // the offset of the 5-min step a horizon falls on (none beyond the pattern's steps); the interval moves with the mean
  const points = f.points.map((q) => {
    const d = offsets[Math.round(q.horizonMin / STEP_MIN) - 1] ?? 0;
    return { ...q, mean: q.mean + d, q10: q.q10 + d, q50: q.q50 + d, q90: q.q90 + d };
  });
  return { ...f, points, member };
}
