/**
 * A person's own time-of-day pattern of the forecast's errors: people eat and sleep at much the same hours, so the
 * damped-trend Kalman filter (glucose-damped-trend.model.ts) misses the same rise at the same clock time day after
 * day. Per step k ahead, the offset is the mean of the filter's k-step residuals (reading minus the filter's mean
 * path) from the person's past origins whose clock time lies within ±`bandMin` of the forecast origin's, on earlier
 * days only (at least `minAgeH` before the origin, within `historyDays`), shrunk towards 0 by days / (days + d₀),
 * `days` the number of earlier days that gave residuals. A seasonal component of period one day (Winters PR.
 * Forecasting sales by exponentially weighted moving averages. Management Science 1960;6:324–342), here of the
 * mechanistic forecast's residuals, with the shrinkage of a random-effects mean towards 0 (James W, Stein C.
 * Estimation with quadratic loss. Proc. Fourth Berkeley Symposium 1961;1:361–379).
 *
 * The clock time is the offset between two instants modulo 24 h, so the pattern needs no time zone (a change of
 * daylight-saving time shifts it by an hour for the days before). Settings chosen on GlucoBench's in-distribution
 * validation part of the Hall 2018 CGM only (`npm run validate:real-cgm -- --explore-daily`, docs/validation.md).
 */
import type { DampedTrendSettings } from '@shuji/twin';
import { segmentCgm, type CgmReading } from '../evaluation/cgm-segments';
import { segmentPaths } from './cgm-correction-features';

export interface DailyPatternSettings {
  /** Half-width of the clock-time band around the origin's clock time (minutes). */
  readonly bandMin: number;
  /** d₀ of the shrinkage days / (days + d₀). */
  readonly shrinkDays: number;
  /** Past origins used are at least this old (hours): earlier days only, with their outcomes read. */
  readonly minAgeH: number;
  /** History looked at (days before the origin). */
  readonly historyDays: number;
  /** Steps (5 min) the pattern reaches. */
  readonly steps: number;
}

/** ±60 min, d₀ 10, chosen by `--explore-daily` on the validation part (criterion 1.788 against the gate's 1.863). */
export const DAILY_PATTERN_SETTINGS: DailyPatternSettings = { bandMin: 60, shrinkDays: 10, minAgeH: 20, historyDays: 14, steps: 12 };

const STEP_MS = 300_000;
const DAY_MS = 86_400_000;

export interface DailyPattern {
  /** Per step k (5·(k+1) min ahead of the origin), the offset to add to the forecast (mg/dL). */
  readonly offsets: Float64Array;
  /** Earlier days that gave residuals. */
  readonly days: number;
}

/** The pattern's offsets for a forecast from `originMs`, from the readings before it (later ones are ignored). */
export function dailyResidualPattern(readings: readonly CgmReading[], originMs: number, model: DampedTrendSettings, settings: DailyPatternSettings = DAILY_PATTERN_SETTINGS): DailyPattern {
  const { bandMin, shrinkDays, minAgeH, historyDays, steps } = settings;
  const latestOrigin = originMs - minAgeH * 3_600_000;
  const usable = readings.filter((r) => r.timeMs >= originMs - historyDays * DAY_MS && r.timeMs <= originMs && Number.isFinite(r.value)).sort((a, b) => a.timeMs - b.timeMs);
  const sum = new Float64Array(steps);
  let n = 0;
  const days = new Set<number>();
  for (const seg of segmentCgm(usable, { stepMin: 5, maxGapMin: 30, minPoints: steps + 1 })) {
    if (seg.startMs > latestOrigin) continue;
    const paths = segmentPaths(model, seg.values, steps, undefined);
    for (let t = 0; t + steps < seg.values.length; t++) {
      const at = seg.startMs + t * STEP_MS;
      if (at > latestOrigin) break;
      const clock = (((at - originMs) % DAY_MS) + DAY_MS) % DAY_MS;
      if (Math.min(clock, DAY_MS - clock) > bandMin * 60_000) continue;
      for (let k = 0; k < steps; k++) sum[k] += seg.values[t + k + 1] - paths.filter[t][k];
      n++;
      days.add(Math.round((originMs - at) / DAY_MS));
    }
  }
  const shrink = days.size / (days.size + shrinkDays);
  return { offsets: sum.map((v) => (n === 0 ? 0 : (shrink * v) / n)), days: days.size };
}
