/**
 * RidgeAr with exogenous inputs (ARX): each of the `horizon` future readings is a linear function of the last
 * `lags` readings (features as in RidgeAr: the last level and the earlier readings as differences from it) and of
 * `exogenous` features known at the forecast time, fitted by ridge regression (Hoerl & Kennard 1970; intercept
 * unpenalised). For CGM the exogenous features are insulin and carbohydrates on board (onBoardFeatures), the inputs
 * the ridge/AR baseline of issue 14 asks for.
 */
import { fitDirectRidge, predictDirect } from './direct-ridge';

export interface ArxSeries {
  readonly values: ArrayLike<number>;
  /** Row k: the exogenous features known right after reading k (all rows the same length). */
  readonly exogenous: readonly ArrayLike<number>[];
}

export interface RidgeArxOptions {
  readonly lags: number;
  readonly horizon: number;
  readonly lambda?: number;
  readonly stride?: number;
}

const LEVEL_SCALE = 100;

/** A fitted RidgeArx as plain numbers (what a calibration file stores). */
export interface RidgeArxJson {
  readonly lags: number;
  readonly horizon: number;
  readonly exogenousCount: number;
  /** Row-major horizon × (lags + 1 + exogenousCount). */
  readonly weights: readonly number[];
}

export class RidgeArx {
  private constructor(
    readonly lags: number,
    readonly horizon: number,
    readonly exogenousCount: number,
    private readonly weights: Float64Array,
  ) {}

  static fit(series: readonly ArxSeries[], options: RidgeArxOptions): RidgeArx {
    const { lags, horizon } = options;
    const m = series[0]?.exogenous[0]?.length ?? 0;
    const k = lags + 1 + m;
    const lambda = options.lambda ?? 1;
    const stride = options.stride ?? 1;
    const x = new Float64Array(k);
    const weights = fitDirectRidge({ k, horizon, lambda, label: 'ridge ARX' }, (add) => {
      for (const s of series) {
        if (s.exogenous.length !== s.values.length) throw new RangeError('ridge ARX: one exogenous row per reading');
        for (let end = lags; end + horizon <= s.values.length; end += stride) {
          arxFeatures(s, end, lags, m, x);
          const last = s.values[end - 1];
          add(x, (h) => s.values[end + h] - last);
        }
      }
    });
    return new RidgeArx(lags, horizon, m, weights);
  }

  static fromJSON(json: RidgeArxJson): RidgeArx {
    const { lags, horizon, exogenousCount, weights } = json;
    if (![lags, horizon, exogenousCount].every((n) => Number.isInteger(n) && n >= 0) || lags < 1 || horizon < 1) throw new RangeError('ridge ARX: bad lags, horizon or exogenousCount');
    if (!Array.isArray(weights) || weights.length !== horizon * (lags + 1 + exogenousCount) || !weights.every((w) => Number.isFinite(w))) {
      throw new RangeError(`ridge ARX: weights must be ${horizon} × ${lags + 1 + exogenousCount} finite numbers`);
    }
    return new RidgeArx(lags, horizon, exogenousCount, Float64Array.from(weights));
  }

  toJSON(): RidgeArxJson {
    return { lags: this.lags, horizon: this.horizon, exogenousCount: this.exogenousCount, weights: [...this.weights] };
  }

  /**
   * This model adapted to one person's own series: ridge regression of the person's residuals from this model,
   * the correction shrunk towards zero with `lambda` (i.e. the person's weights have a Gaussian prior centred on the
   * population's: Hoerl & Kennard 1970; the same as regularised multi-task learning's bias towards the shared
   * weights, Evgeniou & Pontil 2004, KDD). Only windows whose targets lie in the series are used; the population
   * model itself when there are too few of them.
   */
  personalise(s: ArxSeries, lambda: number): RidgeArx {
    const { lags, horizon } = this;
    const k = lags + 1 + this.exogenousCount;
    if (s.values.length - lags - horizon + 1 <= 2 * k) return this;
    const x = new Float64Array(k);
    const delta = fitDirectRidge({ k, horizon, lambda, label: 'personal ridge ARX' }, (add) => {
      for (let end = lags; end + horizon <= s.values.length; end++) {
        arxFeatures(s, end, lags, this.exogenousCount, x);
        const last = s.values[end - 1];
        const f = predictDirect(this.weights, x, horizon, last);
        add(x, (h) => s.values[end + h] - f[h]);
      }
    });
    for (let i = 0; i < delta.length; i++) delta[i] += this.weights[i];
    return new RidgeArx(lags, horizon, this.exogenousCount, delta);
  }

  /** The next `horizon` readings after reading `end − 1`. */
  predict(s: ArxSeries, end: number): Float64Array {
    if (end < this.lags) throw new RangeError(`ridge ARX needs ${this.lags} readings before the forecast`);
    const k = this.lags + 1 + this.exogenousCount;
    const x = arxFeatures(s, end, this.lags, this.exogenousCount, new Float64Array(k));
    return predictDirect(this.weights, x, this.horizon, s.values[end - 1]);
  }
}

/** Intercept, the last reading / 100, the lags before it as differences from it, then the exogenous row at end − 1. */
export function arxFeatures(s: ArxSeries, end: number, lags: number, m: number, x: Float64Array): Float64Array {
  const v = s.values;
  const last = v[end - 1];
  x[0] = 1;
  x[1] = last / LEVEL_SCALE;
  for (let i = 0; i < lags - 1; i++) x[i + 2] = v[end - lags + i] - last;
  const row = s.exogenous[end - 1];
  for (let j = 0; j < m; j++) x[lags + 1 + j] = row[j];
  return x;
}

/**
 * The fraction of a dose not yet absorbed t minutes after it entered a chain of two equal first-order compartments
 * with time-to-peak τ: (1 + t/τ)·e^{−t/τ}. It is the s.c. insulin and the gut glucose absorption of Hovorka et al.
 * 2004 (Physiol Meas 25:905, eqs. 9–13); we use τ = 55 min for insulin (tmaxI) and 40 min for carbohydrates (tmaxG),
 * their Table 1 values.
 */
export function remainingFraction(tMin: number, tauMin: number): number {
  if (tMin < 0) return 1;
  return (1 + tMin / tauMin) * Math.exp(-tMin / tauMin);
}

export const INSULIN_TAU_MIN = 55;
export const CARBS_TAU_MIN = 40;

/**
 * Insulin on board (U) and carbohydrates on board (per 10 g) at `tMin`, and how much of each will be absorbed in the
 * next 30 and 60 min: six features known at the forecast time from the logged doses up to it.
 */
export function onBoardFeatures(tMin: number, boluses: readonly { tMin: number; units: number }[], meals: readonly { tMin: number; carbsG: number }[]): Float64Array {
  const out = new Float64Array(6);
  for (const b of boluses) {
    if (b.tMin > tMin) continue;
    const now = b.units * remainingFraction(tMin - b.tMin, INSULIN_TAU_MIN);
    out[0] += now;
    out[1] += now - b.units * remainingFraction(tMin + 30 - b.tMin, INSULIN_TAU_MIN);
    out[2] += now - b.units * remainingFraction(tMin + 60 - b.tMin, INSULIN_TAU_MIN);
  }
  for (const m of meals) {
    if (m.tMin > tMin) continue;
    const now = (m.carbsG / 10) * remainingFraction(tMin - m.tMin, CARBS_TAU_MIN);
    out[3] += now;
    out[4] += now - (m.carbsG / 10) * remainingFraction(tMin + 30 - m.tMin, CARBS_TAU_MIN);
    out[5] += now - (m.carbsG / 10) * remainingFraction(tMin + 60 - m.tMin, CARBS_TAU_MIN);
  }
  return out;
}
