/**
 * The default CGM forecast of a person who does not inject insulin (the twin's glucose-damped-trend component): the
 * exact Kalman filter of the damped-trend glucose model (glucose-damped-trend.model.ts: mean reversion after Bergman
 * 1979, damped trend after Gardner & McKenzie 1985, a linear stochastic CGM model with a Kalman filter as in Sparacino
 * et al. IEEE TBME 2007;54:931 and Facchinetti et al. IEEE TBME 2010;57:634), corrected per person by a ridge
 * regression learnt from that person's own past stream alone, and given split-conformal intervals from that person's
 * own past errors.
 *
 * The correction, per step k = 1…STEPS ahead (5 min each): the change x[t+k] − x[t] regressed on the filter's
 * forecast change, the population ridge AR's forecast change (once the segment holds its 84 readings) and the last
 * `lags` 5-min differences, with the ridge penalty λ‖β − β₀‖² pulling β towards the population prior β₀
 * (cgm-population-prior.ts; the numbers in cgm-population-prior.hall2018.ts, fitted on other people's CGM): with
 * little history the answer is the population's stack of the mechanistic and the AR forecast, with more the person's
 * own dynamics bend it (stacked regressions: Breiman L. Machine Learning 1996;24:49–64; ridge towards a prior mean:
 * Hoerl AE, Kennard RW. Technometrics 1970;12:55–67). Without a population prior, β₀ = (1, 0, …): the mechanistic
 * forecast. Only pairs whose outcome is already read (x[t+k] at or before the latest reading) are used: nothing
 * after the forecast's origin.
 *
 * The interval at step k: the forecast plus the 10 % and 90 % split-conformal quantiles of the person's past
 * residuals at step k (Lei et al. JASA 2018;113:1094; conformal-quantile.util.ts). The residuals are in-sample for
 * the 3 coefficients per step fitted on the same pairs (a little optimistic, stated in docs/validation.md); with
 * fewer than MIN_RESIDUALS of them, and beyond STEPS, the Kalman filter's own Gaussian interval.
 *
 * The settings (lags 2, λ 10⁵ without the population prior; λ 10⁴ with it) were chosen on GlucoBench's
 * in-distribution validation part of the Hall 2018 CGM only (`npm run validate:real-cgm -- --tune-personal` and
 * `-- --tune-population`, docs/validation.md); the product carries the numbers, not the data. The product's default
 * chooses between the filter alone and the correction with the prior by the recent volatility (gated-cgm-forecast.ts)
 * and adds the person's own time-of-day pattern of the filter's errors (daily-residual-pattern.ts).
 */
import { dampedTrendFilter, dampedTrendReadingVariances, DEFAULT_DAMPED_TREND, type DampedTrendSettings, type ForecastPoint } from '@shuji/twin';
import { RidgeAr } from '../baselines/ridge-ar';
import { segmentCgm, type CgmReading } from '../evaluation/cgm-segments';
import { conformalQuantile } from '../hybrid/conformal-quantile.util';
import { correctionFeatures, featureCount, meanPath, segmentPaths, visitPairs } from './cgm-correction-features';
import { accumulate, solveRidge, type CgmPopulationPrior } from './cgm-population-prior';
import { HALL_2018_CGM_PRIOR } from './cgm-population-prior.hall2018';

export interface PersonalCgmSettings {
  /** 5-min differences among the correction's features. */
  readonly lags: number;
  /** Ridge penalty towards the prior coefficients (the population's, or the mechanistic forecast's), (mg/dL)². */
  readonly lambda: number;
  /** Steps (5 min) the correction and the conformal intervals reach; further, the Kalman filter alone. */
  readonly steps: number;
  /** History looked at (days before the forecast's origin). */
  readonly historyDays: number;
  /** Past residuals a step needs before its conformal interval replaces the filter's. */
  readonly minResiduals: number;
  /** The population prior (cgm-population-prior.ts); without it the prior is the filter's forecast, β₀ = (1, 0, …). */
  readonly population?: CgmPopulationPrior;
}

/** The correction shrunk towards the filter's forecast, no population prior (the default until 2026-12-04). */
export const PERSONAL_CGM_SETTINGS: PersonalCgmSettings = { lags: 2, lambda: 1e5, steps: 12, historyDays: 14, minResiduals: 100 };

/**
 * The Kalman filter alone (λ → ∞: the coefficients are the prior (1, 0, …), the filter's forecast), with conformal
 * intervals from its own past residuals: the default's calm member (gated-cgm-forecast.ts).
 */
export const KALMAN_FILTER_CGM_SETTINGS: PersonalCgmSettings = { ...PERSONAL_CGM_SETTINGS, lambda: 1e12 };

/**
 * The correction with the Hall 2018 population prior (λ 10⁴, person-weighted prior, chosen by `--tune-population`):
 * alone it did not win the validation criterion; it is the default's volatile member (gated-cgm-forecast.ts).
 */
export const POPULATION_PRIOR_CGM_SETTINGS: PersonalCgmSettings = { ...PERSONAL_CGM_SETTINGS, lambda: 1e4, population: HALL_2018_CGM_PRIOR };

const STEP_MIN = 5;
const STEP_MS = STEP_MIN * 60_000;
/** As GlucoBench's Hall preparation: gaps up to 30 min are interpolated, a longer one starts a new segment. */
const MAX_GAP_MIN = 30;
/** z of the normal's 90 % quantile (the filter's own interval). */
const Z90 = 1.2815515655446004;

export interface PersonalCgmForecast {
  readonly points: ForecastPoint[];
  /** Per step the correction's coefficients (forecast change, the population AR's change when used, then the lag differences). */
  readonly coefficients: number[][];
  /** Whether the population AR was a member (the prior is given and the last segment holds the AR's readings). */
  readonly populationAr: boolean;
  /** Past (origin, step) pairs the correction learnt from. */
  readonly pairs: number;
}

const arOf = new WeakMap<CgmPopulationPrior, RidgeAr>();
function populationAr(prior: CgmPopulationPrior): RidgeAr {
  let ar = arOf.get(prior);
  if (ar === undefined) arOf.set(prior, (ar = RidgeAr.fromWeights(prior.ar.lags, prior.ar.steps, prior.ar.weights)));
  return ar;
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

  const { steps, lags, lambda, population } = settings;
  if (population !== undefined && (population.lags !== lags || population.ar.steps < steps)) throw new RangeError(`the population prior has ${population.lags} lags and ${population.ar.steps} steps; the settings ${lags} and ${steps}`);
  const x = lastSeg.values;
  const T = x.length - 1;
  // the population AR is a member once the last segment holds its readings; the pairs then come from such origins only
  const ar = population !== undefined && T + 1 >= population.ar.lags ? populationAr(population) : undefined;
  const withAr = ar !== undefined;
  const nf = featureCount(lags, withAr);
  const prior = (k: number): readonly number[] => (population === undefined ? Array.from({ length: nf }, (_, i) => (i === 0 ? 1 : 0)) : withAr ? population.withAr[k] : population.withoutAr[k]);
  const A = Array.from({ length: steps }, () => Array.from({ length: nf }, () => new Float64Array(nf)));
  const b = Array.from({ length: steps }, () => new Float64Array(nf));
  const paths = segments.map((seg) => segmentPaths(model, seg.values, steps, ar));
  let pairs = 0;
  for (const p of paths)
    visitPairs(p, lags, steps, withAr, (_t, k, f, y) => {
      accumulate(A[k], b[k], f, y);
      pairs++;
    });
  const coefficients = A.map((a, k) => solveRidge(a, b[k], lambda, prior(k)));
  // the person's past residuals per step, for the conformal interval
  const residuals: number[][] = Array.from({ length: steps }, () => []);
  for (const p of paths) visitPairs(p, lags, steps, withAr, (_t, k, f, y) => residuals[k].push(y - dot(coefficients[k], f)));

  let state: [number, number, number] = [x[T], 0, x[T]];
  let covariance: number[][] = [];
  dampedTrendFilter(model, x, (t, m, P) => {
    if (t === T) [state, covariance] = [m, P];
  });
  const maxStep = Math.max(steps, ...horizonsMin.map((h) => stepOf(nowMs, lastMs, h)));
  const mechanistic = meanPath(model, state, maxStep);
  const arPath = paths.at(-1)!.ar[T];
  const variances = dampedTrendReadingVariances(model, covariance, maxStep);
  const f = new Float64Array(nf);
  const points = horizonsMin.map((h): ForecastPoint => {
    const k = stepOf(nowMs, lastMs, h) - 1;
    const timeMs = nowMs + h * 60_000;
    const sd = Math.sqrt(variances[k]);
    if (k >= steps || T < lags) {
      const mean = mechanistic[k];
      return { horizonMin: h, timeMs, mean, q10: mean - Z90 * sd, q50: mean, q90: mean + Z90 * sd };
    }
    const mean = x[T] + dot(coefficients[k], correctionFeatures(x, mechanistic, arPath, T, k, lags, f));
    if (residuals[k].length < settings.minResiduals) return { horizonMin: h, timeMs, mean, q10: mean - Z90 * sd, q50: mean, q90: mean + Z90 * sd };
    const lo = -conformalQuantile(residuals[k].map((r) => -r), 0.9);
    const hi = conformalQuantile(residuals[k], 0.9);
    const mid = conformalQuantile(residuals[k], 0.5);
    return { horizonMin: h, timeMs, mean, q10: mean + lo, q50: mean + mid, q90: mean + hi };
  });
  return { points, coefficients, populationAr: withAr, pairs };
}

/** The 1-based step of the 5-min grid from the last reading that a horizon after `nowMs` falls on (at least 1). */
function stepOf(nowMs: number, lastMs: number, horizonMin: number): number {
  return Math.max(1, Math.round((nowMs + horizonMin * 60_000 - lastMs) / STEP_MS));
}

const dot = (a: readonly number[], b: Float64Array): number => a.reduce((s, v, i) => s + v * b[i], 0);
