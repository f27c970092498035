/**
 * The Diebold–Mariano test of equal predictive accuracy (Diebold & Mariano 1995, J Bus Econ Stat 13:253) with the
 * small-sample correction of Harvey, Leybourne & Newbold 1997 (Int J Forecast 13:281).
 *
 * d_t = L(e_A,t) − L(e_B,t) are the loss differentials of two forecasts of the same targets (e.g. squared errors);
 * for h-step forecasts d_t is autocorrelated up to lag h − 1, so its long-run variance is
 * γ̂₀ + 2·Σ_{k=1}^{h−1} γ̂_k (autocovariances with divisor n). DM = d̄ / √(LRV / n) is asymptotically N(0, 1). HLN
 * multiply it by √((n + 1 − 2h + h(h − 1)/n) / n) and compare with Student t on n − 1 degrees of freedom; for h = 1
 * that is exactly the paired t-test. When the truncated long-run variance is not positive (it can be, DM 1995 §1.1),
 * γ̂₀ alone is used and `varianceFallback` says so.
 */
import { studentTCdf } from './student-t';

export interface DieboldMarianoOptions {
  /** Forecast horizon in steps of the series (default 1): lags 1…h − 1 enter the variance. */
  readonly horizon?: number;
  /** Harvey–Leybourne–Newbold correction and t(n − 1) reference (default true); false: the original DM with N(0, 1). */
  readonly smallSample?: boolean;
}

export interface DieboldMarianoResult {
  readonly n: number;
  /** Mean loss differential d̄ (negative: the first forecast has the lower loss). */
  readonly meanDifference: number;
  readonly statistic: number;
  /** Two-sided p-value of H0: E[d] = 0. */
  readonly pValue: number;
  /** Degrees of freedom of the reference t (Infinity for the normal). */
  readonly df: number;
  readonly varianceFallback: boolean;
}

export function dieboldMariano(differences: ArrayLike<number>, options: DieboldMarianoOptions = {}): DieboldMarianoResult {
  const n = differences.length;
  const h = options.horizon ?? 1;
  if (!Number.isInteger(h) || h < 1) throw new RangeError('horizon: must be a positive integer');
  if (n < 2) throw new RangeError('dieboldMariano: needs at least 2 loss differentials');
  if (h >= n) throw new RangeError('horizon: must be below the number of loss differentials');
  let mean = 0;
  for (let i = 0; i < n; i++) mean += differences[i];
  mean /= n;
  const autocovariance = (k: number): number => {
    let s = 0;
    for (let i = k; i < n; i++) s += (differences[i] - mean) * (differences[i - k] - mean);
    return s / n;
  };
  const gamma0 = autocovariance(0);
  let lrv = gamma0;
  for (let k = 1; k < h; k++) lrv += 2 * autocovariance(k);
  const varianceFallback = !(lrv > 0);
  if (varianceFallback) lrv = gamma0;
  const smallSample = options.smallSample ?? true;
  let statistic = lrv > 0 ? mean / Math.sqrt(lrv / n) : mean === 0 ? 0 : Math.sign(mean) * Infinity;
  if (smallSample) statistic *= Math.sqrt((n + 1 - 2 * h + (h * (h - 1)) / n) / n);
  const df = smallSample ? n - 1 : Infinity;
  const upper = smallSample ? 1 - studentTCdf(Math.abs(statistic), df) : 1 - normalCdf(Math.abs(statistic));
  return { n, meanDifference: mean, statistic, pValue: Math.min(1, 2 * upper), df, varianceFallback };
}

/**
 * Φ(x) = ½·erfc(−x/√2), erfc by the Chebyshev fit of Press et al., Numerical Recipes (2nd ed., §6.2, erfcc):
 * fractional error below 1.2e-7, ample for a p-value.
 */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(-z * z + poly);
  return x >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}
