/**
 * The features of the personal CGM correction (personal-cgm-forecast.ts), shared with the fit of its population prior
 * (cgm-population-prior.ts) so both see exactly the same regression. Per origin t of a gridded segment x and step k
 * (k = 0 … steps − 1 for 5 … 5·steps min ahead), the target is the change x[t+k+1] − x[t] and the features are the
 * damped-trend Kalman filter's forecast change (glucose-damped-trend.model.ts), with a population ridge AR the AR's
 * forecast change (GlucoBench's linear model, ridge-ar.ts), then the last `lags` 5-min differences.
 */
import { dampedTrendFilter, dampedTrendMean, type DampedTrendSettings } from '@shuji/twin';
import type { RidgeAr } from '../baselines/ridge-ar';

/** The filter's and (where it has enough readings) the AR's forecast paths from every origin of one segment. */
export interface SegmentPaths {
  readonly x: Float64Array;
  /** Per origin t, the filter's mean at t+1 … t+steps. */
  readonly filter: Float64Array[];
  /** Per origin t, the AR's forecast at t+1 … t+steps; undefined before the AR's `lags` readings are in (or without an AR). */
  readonly ar: (Float64Array | undefined)[];
}

export function segmentPaths(model: DampedTrendSettings, x: Float64Array, steps: number, ar: RidgeAr | undefined): SegmentPaths {
  const filter: Float64Array[] = [];
  dampedTrendFilter(model, x, (_t, m) => filter.push(meanPath(model, m, steps)));
  const arPaths = Array.from(x, (_v, t) => (ar !== undefined && t + 1 >= ar.lags ? ar.predict(x, t + 1) : undefined));
  return { x, filter, ar: arPaths };
}

/** The filter's mean readings 1 … steps ahead of the state x. */
export function meanPath(model: DampedTrendSettings, x: [number, number, number], steps: number): Float64Array {
  const out = new Float64Array(steps);
  let y = x;
  for (let k = 0; k < steps; k++) out[k] = (y = dampedTrendMean(model, y, 1))[0];
  return out;
}

/** Number of features: the filter's change, the AR's change when used, the lag differences. */
export const featureCount = (lags: number, withAr: boolean): number => 1 + (withAr ? 1 : 0) + lags;

/** Writes the features of origin t, step k into f (filter path and, when withAr, AR path given for that origin). */
export function correctionFeatures(x: ArrayLike<number>, filterPath: ArrayLike<number>, arPath: ArrayLike<number> | undefined, t: number, k: number, lags: number, f: Float64Array): Float64Array {
  let i = 0;
  f[i++] = filterPath[k] - x[t];
  if (arPath !== undefined) f[i++] = arPath[k] - x[t];
  for (let j = 0; j < lags; j++) f[i++] = x[t - j] - x[t - j - 1];
  return f;
}

/**
 * Calls visit(t, k, f, y) for every past pair of the segment whose outcome x[t+k+1] is in it: origins with `lags`
 * differences behind them and, when withAr, the AR's path.
 */
export function visitPairs(p: SegmentPaths, lags: number, steps: number, withAr: boolean, visit: (t: number, k: number, f: Float64Array, y: number) => void): void {
  const { x } = p;
  const f = new Float64Array(featureCount(lags, withAr));
  for (let t = lags; t < x.length - 1; t++) {
    const arPath = withAr ? p.ar[t] : undefined;
    if (withAr && arPath === undefined) continue;
    for (let k = 0; k < steps && t + k + 1 < x.length; k++) visit(t, k, correctionFeatures(x, p.filter[t], arPath, t, k, lags, f), x[t + k + 1] - x[t]);
  }
}
