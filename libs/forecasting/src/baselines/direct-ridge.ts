/**
 * The least-squares core the direct multi-step ridge models share (RidgeAr, RidgeArx): accumulate XᵀX and XᵀY over
 * the training windows, add λ to the diagonal except the intercept's (Hoerl & Kennard 1970), and solve one system
 * per horizon step by Cholesky. Returns the weights row-major horizon × k.
 */
import { choleskySolve } from '@shuji/ode';

export interface DirectRidgeShape {
  /** Features per example (intercept first). */
  readonly k: number;
  readonly horizon: number;
  readonly lambda: number;
  /** Names the model in errors. */
  readonly label: string;
}

/** `visit` calls `add(x, target)` once per training window; `target(h)` is the h-th step's target. */
export function fitDirectRidge(shape: DirectRidgeShape, visit: (add: (x: Float64Array, target: (h: number) => number) => void) => void): Float64Array {
  const { k, horizon, lambda, label } = shape;
  const xtx = new Float64Array(k * k);
  const xty = new Float64Array(k * horizon);
  let examples = 0;
  visit((x, target) => {
    for (let h = 0; h < horizon; h++) {
      const y = target(h);
      for (let i = 0; i < k; i++) xty[h * k + i] += x[i] * y;
    }
    for (let i = 0; i < k; i++) for (let j = 0; j <= i; j++) xtx[i * k + j] += x[i] * x[j];
    examples++;
  });
  if (examples <= k) throw new RangeError(`${label}: ${examples} training windows for ${k} weights`);
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) xtx[j * k + i] = xtx[i * k + j];
  for (let i = 1; i < k; i++) xtx[i * k + i] += lambda;
  const weights = new Float64Array(horizon * k);
  for (let h = 0; h < horizon; h++) {
    const w = choleskySolve(xtx, xty.subarray(h * k, (h + 1) * k), k);
    if (w === null) throw new RangeError(`${label}: normal equations not positive definite`);
    weights.set(w, h * k);
  }
  return weights;
}

/** The forecasts `last + w_h·x` of every horizon step from weights fitted by fitDirectRidge. */
export function predictDirect(weights: Float64Array, x: Float64Array, horizon: number, last: number): Float64Array {
  const k = x.length;
  const out = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) {
    let v = 0;
    for (let i = 0; i < k; i++) v += weights[h * k + i] * x[i];
    out[h] = last + v;
  }
  return out;
}
