/**
 * The default CGM forecast of a person who does not inject insulin (the twin's glucose-damped-trend component): the
 * exact Kalman filter of the damped-trend glucose model (glucose-damped-trend.model.ts: mean reversion after Bergman
 * 1979, damped trend after Gardner & McKenzie 1985, a linear stochastic CGM model with a Kalman filter as in Sparacino
 * et al. IEEE TBME 2007;54:931 and Facchinetti et al. IEEE TBME 2010;57:634), corrected per person by a ridge
 * regression learnt from that person's own past stream alone, and given split-conformal intervals from that person's
 * own past errors.
 *
 * The correction, per step k = 1…STEPS ahead (5 min each): the change x[t+k] − x[t] regressed on the filter's
 * forecast change and the last `lags` 5-min differences, with the ridge penalty λ‖β − β₀‖² pulling β towards
 * β₀ = (1, 0, …): with little history the answer is the mechanistic forecast, with more the person's own dynamics
 * bend it (stacking a mechanistic forecast with a data-driven one by shrinkage to the former: Breiman L. Stacked
 * regressions. Machine Learning 1996;24:49–64; ridge towards a prior mean: Hoerl AE, Kennard RW. Technometrics
 * 1970;12:55–67). Only pairs whose outcome is already read (x[t+k] at or before the latest reading) are used: nothing
 * after the forecast's origin.
 *
 * The interval at step k: the forecast plus the 10 % and 90 % split-conformal quantiles of the person's past
 * residuals at step k (Lei et al. JASA 2018;113:1094; conformal-quantile.util.ts). The residuals are in-sample for
 * the 3 coefficients per step fitted on the same pairs (a little optimistic, stated in docs/validation.md); with
 * fewer than MIN_RESIDUALS of them, and beyond STEPS, the Kalman filter's own Gaussian interval.
 *
 * The settings (lags 2, λ 10⁵) were chosen on GlucoBench's in-distribution validation part of the Hall 2018 CGM only
 * (`npm run validate:real-cgm -- --tune-personal`, docs/validation.md); the product carries the numbers, not the data.
 */
import { dampedTrendFilter, dampedTrendMean, dampedTrendReadingVariances, DEFAULT_DAMPED_TREND, type DampedTrendSettings, type ForecastPoint } from '@shuji/twin';
import { segmentCgm, type CgmReading } from '../evaluation/cgm-segments';
import { conformalQuantile } from '../hybrid/conformal-quantile.util';

export interface PersonalCgmSettings {
  /** 5-min differences among the correction's features. */
  readonly lags: number;
  /** Ridge penalty towards the mechanistic forecast, (mg/dL)². */
  readonly lambda: number;
  /** Steps (5 min) the correction and the conformal intervals reach; further, the Kalman filter alone. */
  readonly steps: number;
  /** History looked at (days before the forecast's origin). */
  readonly historyDays: number;
  /** Past residuals a step needs before its conformal interval replaces the filter's. */
  readonly minResiduals: number;
}

export const PERSONAL_CGM_SETTINGS: PersonalCgmSettings = { lags: 2, lambda: 1e5, steps: 12, historyDays: 14, minResiduals: 100 };

const STEP_MIN = 5;
const STEP_MS = STEP_MIN * 60_000;
/** As GlucoBench's Hall preparation: gaps up to 30 min are interpolated, a longer one starts a new segment. */
const MAX_GAP_MIN = 30;
/** z of the normal's 90 % quantile (the filter's own interval). */
const Z90 = 1.2815515655446004;

export interface PersonalCgmForecast {
  readonly points: ForecastPoint[];
  /** Per step the correction's coefficients (forecast change, then the lag differences). */
  readonly coefficients: number[][];
  /** Past (origin, step) pairs the correction learnt from. */
  readonly pairs: number;
}

/**
 * The forecast at `horizonsMin` after `nowMs` from the person's CGM readings up to `nowMs` (any order; later ones are
 * ignored). Undefined without a reading within the last 30 min.
 */
export function personalCgmForecast(
  readings: readonly CgmReading[],
  nowMs: number,
  horizonsMin: readonly number[],
  model: DampedTrendSettings = DEFAULT_DAMPED_TREND,
  settings: PersonalCgmSettings = PERSONAL_CGM_SETTINGS,
): PersonalCgmForecast | undefined {
  const since = nowMs - settings.historyDays * 86_400_000;
  const usable = readings.filter((r) => r.timeMs <= nowMs && r.timeMs >= since && Number.isFinite(r.value)).sort((a, b) => a.timeMs - b.timeMs);
  const segments = segmentCgm(usable, { stepMin: STEP_MIN, maxGapMin: MAX_GAP_MIN, minPoints: 1 });
  const lastSeg = segments.at(-1);
  if (lastSeg === undefined) return undefined;
  const lastMs = lastSeg.startMs + (lastSeg.values.length - 1) * STEP_MS;
  if (nowMs - lastMs > MAX_GAP_MIN * 60_000) return undefined;

  const { steps, lags, lambda } = settings;
  const nf = 1 + lags;
  const A = Array.from({ length: steps }, () => Array.from({ length: nf }, () => new Float64Array(nf)));
  const b = Array.from({ length: steps }, () => new Float64Array(nf));
  // per segment: the filter's forecast path (steps ahead) from every origin
  const paths = segments.map((seg) => {
    const out: Float64Array[] = [];
    dampedTrendFilter(model, seg.values, (_t, x) => out.push(meanPath(model, x, steps)));
    return out;
  });
  const features = (x: Float64Array, path: Float64Array, t: number, k: number, f: Float64Array): void => {
    f[0] = path[k] - x[t];
    for (let j = 0; j < lags; j++) f[1 + j] = x[t - j] - x[t - j - 1];
  };
  const f = new Float64Array(nf);
  let pairs = 0;
  segments.forEach((seg, s) => {
    const x = seg.values;
    for (let t = lags; t < x.length - 1; t++) {
      for (let k = 0; k < steps && t + k + 1 < x.length; k++) {
        features(x, paths[s][t], t, k, f);
        const y = x[t + k + 1] - x[t];
        for (let i = 0; i < nf; i++) {
          b[k][i] += f[i] * y;
          for (let j = 0; j < nf; j++) A[k][i][j] += f[i] * f[j];
        }
        pairs++;
      }
    }
  });
  const coefficients = A.map((a, k) => solve(a.map((row, i) => Array.from(row, (v, j) => v + (i === j ? lambda : 0))), Array.from(b[k], (v, i) => v + (i === 0 ? lambda : 0))));
  // the person's past residuals per step, for the conformal interval
  const residuals: number[][] = Array.from({ length: steps }, () => []);
  segments.forEach((seg, s) => {
    const x = seg.values;
    for (let t = lags; t < x.length - 1; t++) {
      for (let k = 0; k < steps && t + k + 1 < x.length; k++) {
        features(x, paths[s][t], t, k, f);
        residuals[k].push(x[t + k + 1] - x[t] - dot(coefficients[k], f));
      }
    }
  });

  const x = lastSeg.values;
  const T = x.length - 1;
  let state: [number, number, number] = [x[T], 0, x[T]];
  let covariance: number[][] = [];
  dampedTrendFilter(model, x, (t, m, P) => {
    if (t === T) [state, covariance] = [m, P];
  });
  const maxStep = Math.max(steps, ...horizonsMin.map((h) => stepOf(nowMs, lastMs, h)));
  const mechanistic = meanPath(model, state, maxStep);
  const variances = dampedTrendReadingVariances(model, covariance, maxStep);
  const points = horizonsMin.map((h): ForecastPoint => {
    const k = stepOf(nowMs, lastMs, h) - 1;
    const timeMs = nowMs + h * 60_000;
    const sd = Math.sqrt(variances[k]);
    if (k >= steps || T < lags) {
      const mean = mechanistic[k];
      return { horizonMin: h, timeMs, mean, q10: mean - Z90 * sd, q50: mean, q90: mean + Z90 * sd };
    }
    features(x, mechanistic, T, k, f);
    const mean = x[T] + dot(coefficients[k], f);
    if (residuals[k].length < settings.minResiduals) return { horizonMin: h, timeMs, mean, q10: mean - Z90 * sd, q50: mean, q90: mean + Z90 * sd };
    const lo = -conformalQuantile(residuals[k].map((r) => -r), 0.9);
    const hi = conformalQuantile(residuals[k], 0.9);
    const mid = conformalQuantile(residuals[k], 0.5);
    return { horizonMin: h, timeMs, mean, q10: mean + lo, q50: mean + mid, q90: mean + hi };
  });
  return { points, coefficients, pairs };
}

/** The 1-based step of the 5-min grid from the last reading that a horizon after `nowMs` falls on (at least 1). */
function stepOf(nowMs: number, lastMs: number, horizonMin: number): number {
  return Math.max(1, Math.round((nowMs + horizonMin * 60_000 - lastMs) / STEP_MS));
}

function meanPath(model: DampedTrendSettings, x: [number, number, number], steps: number): Float64Array {
  const out = new Float64Array(steps);
  let y = x;
  for (let k = 0; k < steps; k++) out[k] = (y = dampedTrendMean(model, y, 1))[0];
  return out;
}

const dot = (a: readonly number[], b: Float64Array): number => a.reduce((s, v, i) => s + v * b[i], 0);

/** Gaussian elimination with partial pivoting (the systems are 3 × 3, positive definite). */
function solve(a: number[][], y: number[]): number[] {
  const n = y.length;
  const m = a.map((row, i) => [...row, y[i]]);
  for (let i = 0; i < n; i++) {
    let p = i;
    for (let r = i + 1; r < n; r++) if (Math.abs(m[r][i]) > Math.abs(m[p][i])) p = r;
    [m[i], m[p]] = [m[p], m[i]];
    for (let r = i + 1; r < n; r++) {
      const c = m[r][i] / m[i][i];
      for (let j = i; j <= n; j++) m[r][j] -= c * m[i][j];
    }
  }
  const out = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let v = m[i][n];
    for (let j = i + 1; j < n; j++) v -= m[i][j] * out[j];
    out[i] = v / m[i][i];
  }
  return out;
}
