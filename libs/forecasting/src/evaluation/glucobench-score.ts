/**
 * GlucoBench's accuracy summary (Sergazinov et al. 2023, section "Metrics"): per forecast window the MSE and MAE
 * over its steps (12 × 5 min for a 60-min horizon); over windows, the square root of the median MSE and the
 * median MAE, which keep a few bad windows (sensor faults) from dominating.
 */
import { quantile } from '@shuji/stats';

export interface WindowForecast {
  readonly truth: ArrayLike<number>;
  readonly predicted: ArrayLike<number>;
}

export interface GlucobenchScore {
  /** √(median per-window MSE), mg/dL. */
  readonly rmse: number;
  /** Median per-window MAE, mg/dL. */
  readonly mae: number;
  readonly windows: number;
}

/** Per-window MSE and MAE. */
export function windowErrors(w: WindowForecast): { mse: number; mae: number } {
  if (w.truth.length !== w.predicted.length || w.truth.length === 0) throw new RangeError('a window needs as many predictions as true values, at least one');
  let se = 0;
  let ae = 0;
  for (let i = 0; i < w.truth.length; i++) {
    const d = w.predicted[i] - w.truth[i];
    se += d * d;
    ae += Math.abs(d);
  }
  return { mse: se / w.truth.length, mae: ae / w.truth.length };
}

export function glucobenchScore(windows: readonly WindowForecast[]): GlucobenchScore {
  if (windows.length === 0) throw new RangeError('no windows to score');
  const errors = windows.map(windowErrors);
  return {
    rmse: Math.sqrt(quantile(errors.map((e) => e.mse), 0.5)),
    mae: quantile(errors.map((e) => e.mae), 0.5),
    windows: windows.length,
  };
}
