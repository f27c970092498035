/**
 * Glucose of a person who does not inject insulin (type 2 diabetes on diet or oral drugs, prediabetes, no diabetes),
 * seen through CGM alone: a linear state-space model, per 5-min step,
 *
 *   g[t+1] = g[t] + d[t] − k (g[t] − b[t]) + w_g      glucose (mg/dL)
 *   d[t+1] = φ d[t] + w_d                             rate of change (mg/dL per step): unannounced meals, activity
 *   b[t+1] = b[t] + w_b                               the person's basal level, learnt from their stream
 *   y[t]   = g[t] + v                                  a CGM reading
 *
 * with w_g, w_d, w_b, v white and Gaussian. The pull k (g − b) back to the basal level is the glucose-effectiveness
 * term of Bergman's minimal model (Bergman RN, Ider YZ, Bowden CR, Cobelli C. Am J Physiol 1979;236:E667–E677), with
 * insulin action folded into it since no insulin is seen; the rate d is a damped trend (Gardner ES, McKenzie E.
 * Management Science 1985;31(10):1237–1246) driven by the meal appearance the oral minimal model writes out (Dalla Man
 * C, Caumo A, Cobelli C. IEEE Trans Biomed Eng 2002;49(5):419–429), here an unannounced disturbance. Linear
 * stochastic models of CGM for prediction and a Kalman filter on them: Sparacino G, Zanderigo F, Corazza S, et al.
 * IEEE Trans Biomed Eng 2007;54(5):931–937; Facchinetti A, Sparacino G, Cobelli C. IEEE Trans Biomed Eng
 * 2010;57(3):634–641 (citations from memory, not re-checked in this session).
 *
 * The settings (φ, k and the four variances) were chosen on the in-distribution validation parts of the Hall et al.
 * 2018 CGM under GlucoBench's split (`npm run validate:real-cgm -- --tune`, docs/validation.md), never on its test
 * part or its out-of-distribution people; the product carries the six numbers only, not the data.
 */

export interface DampedTrendSettings {
  /** Damping of the rate per 5-min step. */
  readonly phi: number;
  /** Pull towards the basal level per 5-min step (k/5 per min: glucose effectiveness with insulin folded in). */
  readonly k: number;
  /** Variances per 5-min step: glucose, rate, basal level ((mg/dL)²). */
  readonly qGlucose: number;
  readonly qRate: number;
  readonly qBasal: number;
  /** White variance of a CGM reading beyond what the process explains ((mg/dL)²). */
  readonly readingVariance: number;
}

/**
 * Chosen on the Hall in-distribution validation windows (GlucoBench split) by √median per-window MSE: the best of
 * `--tune`'s grid (φ 0.5–0.7, k 0.03–0.06, q_rate 2–8, q_glucose 1–2, q_basal 0.1–0.5, reading variance 0.05–0.25),
 * itself drawn round the best of two wider exploratory grids on the same windows (φ 0.5–0.95, k 0–0.08, q_rate
 * 0.05–2, reading variance 0.25–9). The basal level moves (√0.5 mg/dL per step): a slow local level more than a
 * fixed fasting glucose. k = 0.04 per 5 min is 0.008/min, below the minimal model's glucose effectiveness of
 * healthy adults (about 0.02/min; Bergman 1979, from memory), as expected with insulin resistance.
 */
export const DEFAULT_DAMPED_TREND: DampedTrendSettings = { phi: 0.6, k: 0.04, qGlucose: 2, qRate: 4, qBasal: 0.5, readingVariance: 0.05 };

/** Minutes per model step. */
export const DAMPED_TREND_STEP_MIN = 5;

/** The state after `steps` steps (fractional allowed: the step's coefficients raised to that power), noise-free. */
export function dampedTrendMean(s: DampedTrendSettings, state: readonly [number, number, number], steps: number): [number, number, number] {
  let [g, d] = state;
  const b = state[2];
  let left = steps;
  while (left > 1e-9) {
    const f = Math.min(1, left);
    const kf = 1 - (1 - s.k) ** f;
    [g, d] = [g + d * f - kf * (g - b), s.phi ** f * d];
    left -= f;
  }
  return [g, d, b];
}

/** The noise SDs of a step of `f` (0 < f ≤ 1) steps: variances scale with the step's length. */
export function dampedTrendNoiseSd(s: DampedTrendSettings, f: number): [number, number, number] {
  return [Math.sqrt(s.qGlucose * f), Math.sqrt(s.qRate * f), Math.sqrt(s.qBasal * f)];
}

export type Matrix3 = number[][];

const mul = (a: Matrix3, b: Matrix3): Matrix3 => a.map((row) => b[0].map((_, j) => row.reduce((s, x, k) => s + x * b[k][j], 0)));
const transpose = (a: Matrix3): Matrix3 => a[0].map((_, j) => a.map((row) => row[j]));

/**
 * The exact Kalman filter of the model on a gap-free 5-min series, for tuning and checking the ensemble twin: after each
 * reading t, `onFiltered(t, state, covariance)` with the filtered mean [g, d, b] and its covariance. Starts at the first
 * reading with the rate 0 and the basal level at the reading (variance 400).
 */
export function dampedTrendFilter(
  s: DampedTrendSettings,
  series: ArrayLike<number>,
  onFiltered: (t: number, state: [number, number, number], covariance: Matrix3) => void,
): void {
  if (series.length === 0) return;
  const F = dampedTrendTransition(s);
  const Q = [s.qGlucose, s.qRate, s.qBasal];
  let x: [number, number, number] = [series[0], 0, series[0]];
  let P: Matrix3 = [
    [s.readingVariance, 0, 0],
    [0, 1, 0],
    [0, 0, 400],
  ];
  for (let t = 0; t < series.length; t++) {
    if (t > 0) {
      x = dampedTrendMean(s, x, 1);
      P = mul(mul(F, P), transpose(F)).map((row, i) => row.map((v, j) => (i === j ? v + Q[i] : v)));
    }
    const innovationVariance = P[0][0] + s.readingVariance;
    const gain = [P[0][0], P[1][0], P[2][0]].map((c) => c / innovationVariance);
    const innovation = series[t] - x[0];
    x = [x[0] + gain[0] * innovation, x[1] + gain[1] * innovation, x[2] + gain[2] * innovation];
    P = P.map((row, i) => row.map((v, j) => v - gain[i] * P[0][j]));
    onFiltered(t, x, P);
  }
}

/** The one-step transition matrix of the state [g, d, b]. */
export function dampedTrendTransition(s: DampedTrendSettings): Matrix3 {
  return [
    [1 - s.k, 1, s.k],
    [0, s.phi, 0],
    [0, 0, 1],
  ];
}

/**
 * Variances of the predicted reading 1…`steps` steps after a filtered state of covariance `covariance` (P ← F P Fᵀ + Q
 * each step, plus the reading's variance): the exact Kalman filter's forecast spread.
 */
export function dampedTrendReadingVariances(s: DampedTrendSettings, covariance: Matrix3, steps: number): number[] {
  const F = dampedTrendTransition(s);
  const Q = [s.qGlucose, s.qRate, s.qBasal];
  let P = covariance;
  const out: number[] = [];
  for (let h = 0; h < steps; h++) {
    P = mul(mul(F, P), transpose(F)).map((row, i) => row.map((v, j) => (i === j ? v + Q[i] : v)));
    out.push(P[0][0] + s.readingVariance);
  }
  return out;
}
