/**
 * A direct multi-step linear autoregression: each of the `horizon` future readings is a linear function of the
 * last `lags` readings and an intercept, fitted by ridge regression (least squares with penalty λ‖w‖², intercept
 * unpenalised) on windows of training series. It is GlucoBench's "Linear" baseline (Sergazinov et al. 2023,
 * input length 84 for the Hall data) with a small ridge penalty for conditioning; ridge regression: Hoerl &
 * Kennard, Technometrics 1970. Features: the last reading's level (for mean reversion) and the earlier readings as
 * differences from it; the targets are changes from it.
 */
import { fitDirectRidge, predictDirect } from './direct-ridge';

export interface RidgeArOptions {
  readonly lags: number;
  readonly horizon: number;
  /** Penalty on the lag weights, in the units of the centred inputs (default 1). */
  readonly lambda?: number;
  /** Every `stride`-th window of each series is a training example (default 1). */
  readonly stride?: number;
}

export class RidgeAr {
  private constructor(
    readonly lags: number,
    readonly horizon: number,
    /** Row-major horizon × (lags + 1): intercept first. */
    private readonly weights: Float64Array,
  ) {}

  static fit(series: readonly ArrayLike<number>[], options: RidgeArOptions): RidgeAr {
    const { lags, horizon } = options;
    const k = lags + 1;
    const lambda = options.lambda ?? 1;
    const stride = options.stride ?? 1;
    const x = new Float64Array(k);
    const weights = fitDirectRidge({ k, horizon, lambda, label: 'ridge AR' }, (add) => {
      for (const s of series) {
        for (let end = lags; end + horizon <= s.length; end += stride) {
          features(s, end, lags, x);
          const last = s[end - 1];
          add(x, (h) => s[end + h] - last);
        }
      }
    });
    return new RidgeAr(lags, horizon, weights);
  }

  /** A model from weights stored by `weightRows` (row-major horizon × (lags + 1), intercept first). */
  static fromWeights(lags: number, horizon: number, weights: ArrayLike<number>): RidgeAr {
    if (weights.length !== horizon * (lags + 1)) throw new RangeError(`ridge AR: ${weights.length} weights for ${horizon} × ${lags + 1}`);
    return new RidgeAr(lags, horizon, Float64Array.from(weights));
  }

  /** The fitted weights, row-major horizon × (lags + 1), intercept first (to store and rebuild by `fromWeights`). */
  weightRows(): number[] {
    return Array.from(this.weights);
  }

  /** The next `horizon` readings after `s[end - 1]`, from `s[end - lags .. end - 1]`. */
  predict(s: ArrayLike<number>, end: number): Float64Array {
    if (end < this.lags) throw new RangeError(`ridge AR needs ${this.lags} readings before the forecast`);
    const k = this.lags + 1;
    const x = features(s, end, this.lags, new Float64Array(k));
    return predictDirect(this.weights, x, this.horizon, s[end - 1]);
  }
}

/** Scale of the level feature, so one penalty suits it and the differences. */
const LEVEL_SCALE = 100;

/** Intercept, the last reading's level, then the lags before it as differences from it (oldest first). */
function features(s: ArrayLike<number>, end: number, lags: number, x: Float64Array): Float64Array {
  const last = s[end - 1];
  x[0] = 1;
  x[1] = last / LEVEL_SCALE;
  for (let i = 0; i < lags - 1; i++) x[i + 2] = s[end - lags + i] - last;
  return x;
}
