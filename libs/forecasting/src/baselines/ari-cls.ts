/**
 * ARIMA(p, 1, 0) fitted per person on their own recent history: the differences w_t = x_t − x_{t−1} follow a
 * zero-mean AR(p), w_t = φ₁w_{t−1} + … + φ_p w_{t−p} + a_t, fitted by conditional least squares (Box, Jenkins,
 * Reinsel & Ljung 2015, Time Series Analysis, 5th ed., §7.1: the first p differences are conditioned on). The order
 * is chosen by AICc, n·ln σ̂² + 2k + 2k(k + 1)/(n − k − 1) with k = p + 1, over 0…maxP on a common sample
 * (Hyndman & Athanasopoulos, Forecasting: Principles and Practice, 3rd ed., §9.6 and §9.8; from memory). No drift
 * term: over hours a CGM trace has no persistent trend, and a fitted drift would be extrapolated for an hour.
 *
 * Forecasts: the AR recursion on the differences, summed onto the last reading. Their error variance from the ψ
 * weights (Box et al. 2015, §5.1–5.2): for the differences ψ₀ = 1, ψ_j = Σ_i φ_i ψ_{j−i}; for the level the weights
 * are their partial sums Ψ_j = ψ₀ + … + ψ_j, so Var(e_h) = σ²·Σ_{j<h} Ψ_j². Intervals are Gaussian: N(mean, Var).
 */
import { choleskySolve } from '@shuji/ode';

export interface AriFit {
  readonly p: number;
  /** φ₁…φ_p. */
  readonly phi: Float64Array;
  /** Residual variance σ̂² (divisor n, the CLS/ML value). */
  readonly sigma2: number;
  readonly aicc: number;
  /** Differences the fit used. */
  readonly n: number;
}

export interface AriForecast {
  /** Step 1…horizon. */
  readonly mean: Float64Array;
  readonly sd: Float64Array;
}

/** Conditional least squares AR(p) on the differences of x[from..end−1], conditioning on the first `skip` ≥ p. */
export function fitAri(x: ArrayLike<number>, p: number, options: { from?: number; end?: number; skip?: number } = {}): AriFit {
  const from = options.from ?? 0;
  const end = options.end ?? x.length;
  const skip = options.skip ?? p;
  if (!Number.isInteger(p) || p < 0) throw new RangeError('p: must be a non-negative integer');
  if (skip < p) throw new RangeError('skip: must be at least p');
  const w = new Float64Array(end - from - 1);
  for (let t = 0; t < w.length; t++) w[t] = x[from + t + 1] - x[from + t];
  const n = w.length - skip;
  if (n <= p + 2) throw new RangeError(`ARIMA(${p},1,0): ${n} differences for ${p} coefficients`);
  const phi = new Float64Array(p);
  if (p > 0) {
    const xtx = new Float64Array(p * p);
    const xty = new Float64Array(p);
    for (let t = skip; t < w.length; t++) {
      for (let i = 0; i < p; i++) {
        xty[i] += w[t - 1 - i] * w[t];
        for (let j = 0; j <= i; j++) xtx[i * p + j] += w[t - 1 - i] * w[t - 1 - j];
      }
    }
    for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) xtx[j * p + i] = xtx[i * p + j];
    // a flat stretch (no change at all) makes XᵀX singular: a negligible ridge keeps the system solvable
    for (let i = 0; i < p; i++) xtx[i * p + i] += 1e-9 * (1 + xtx[i * p + i]);
    const solved = choleskySolve(xtx, xty, p);
    if (solved === null) throw new RangeError(`ARIMA(${p},1,0): normal equations not positive definite`);
    phi.set(solved);
  }
  let sse = 0;
  for (let t = skip; t < w.length; t++) {
    let e = w[t];
    for (let i = 0; i < p; i++) e -= phi[i] * w[t - 1 - i];
    sse += e * e;
  }
  // a constant series has σ̂² = 0; a floor keeps the log and the intervals finite
  const sigma2 = Math.max(sse / n, 1e-6);
  const k = p + 1;
  const aicc = n * Math.log(sigma2) + 2 * k + (2 * k * (k + 1)) / (n - k - 1);
  return { p, phi, sigma2, aicc, n };
}

/** The AICc-best ARIMA(p, 1, 0), p = 0…maxP, all fitted on the same differences (the first maxP conditioned on). */
export function selectAri(x: ArrayLike<number>, maxP: number, options: { from?: number; end?: number } = {}): AriFit {
  let best: AriFit | undefined;
  for (let p = 0; p <= maxP; p++) {
    const fit = fitAri(x, p, { ...options, skip: maxP });
    if (best === undefined || fit.aicc < best.aicc) best = fit;
  }
  return best as AriFit;
}

/** Forecasts 1…horizon steps after x[end − 1] (end defaults to x.length) with Gaussian error sd. */
export function forecastAri(fit: AriFit, x: ArrayLike<number>, horizon: number, end = x.length): AriForecast {
  const { p, phi, sigma2 } = fit;
  if (end < p + 1) throw new RangeError(`ARIMA(${p},1,0) needs ${p + 1} readings before the forecast`);
  // the last p differences, most recent first, then the forecast ones appended in front
  const recent: number[] = [];
  for (let i = 0; i < p; i++) recent.push(x[end - 1 - i] - x[end - 2 - i]);
  const mean = new Float64Array(horizon);
  const sd = new Float64Array(horizon);
  const psi: number[] = [];
  let level = x[end - 1];
  let cumPsi = 0;
  let variance = 0;
  for (let h = 0; h < horizon; h++) {
    let dw = 0;
    for (let i = 0; i < p; i++) dw += phi[i] * recent[i];
    recent.unshift(dw);
    recent.length = p;
    level += dw;
    mean[h] = level;
    let ps = h === 0 ? 1 : 0;
    for (let i = 1; i <= Math.min(p, h); i++) ps += phi[i - 1] * psi[h - i];
    psi.push(ps);
    cumPsi += ps;
    variance += cumPsi * cumPsi;
    sd[h] = Math.sqrt(sigma2 * variance);
  }
  return { mean, sd };
}
