/**
 * Levenberg–Marquardt for small weighted least-squares / MAP problems (Marquardt DW. J Soc Ind Appl Math
 * 1963;11(2):431-441; Nocedal J, Wright SJ. Numerical Optimization, 2nd ed. 2006, §10.3): minimise ½‖r(θ)‖²
 * where r stacks whitened data residuals and prior residuals (θ − μ)/σ. Forward-difference Jacobian, Marquardt's
 * diagonal scaling, bounds by projection. At the optimum the Laplace approximation gives Cov ≈ (JᵀJ)⁻¹, from
 * which come parameter SDs, correlations and the identifiability flags (posterior SD barely below the prior SD,
 * or a near-perfect correlation with another parameter).
 */
import { choleskyInverse, choleskySolve } from '@shuji/ode';

export interface LeastSquaresProblem {
  readonly size: number;
  /** Whitened residuals at θ (data and prior terms together). */
  residuals(theta: Float64Array): Float64Array;
  readonly lower?: Float64Array;
  readonly upper?: Float64Array;
  /** Prior SDs, to judge identifiability (posterior SD / prior SD). */
  readonly priorSd?: Float64Array;
}

export interface LmOptions {
  readonly maxIterations?: number;
  /** Stop when the relative cost decrease falls below this (default 1e-8). */
  readonly tolerance?: number;
  /** Posterior/prior SD ratio above which a parameter counts as not identified by the data (default 0.7). */
  readonly identifiabilityRatio?: number;
  /** |correlation| above which two parameters are flagged as confounded (default 0.95). */
  readonly maxCorrelation?: number;
  /**
   * Relative step of the forward-difference Jacobian, h = step · max(1, |θ_j|) (default 1e-6, for residuals exact
   * to rounding). Residuals from an adaptive ODE solve carry the solver's error, which is not smooth in θ: take
   * step ≈ √(relative error of the residuals) (Gill PE, Murray W, Wright MH. Practical Optimization. Academic
   * Press 1981, §8.6), or the noise divided by h swamps the derivative.
   */
  readonly jacobianStep?: number;
}

export interface LmResult {
  readonly theta: Float64Array;
  readonly cost: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** Row-major k×k (JᵀJ)⁻¹ at the optimum. */
  readonly covariance: Float64Array;
  readonly sd: Float64Array;
  readonly correlation: Float64Array;
  readonly identifiable: readonly boolean[];
}

function cost(r: Float64Array): number {
  let s = 0;
  for (const x of r) s += x * x;
  return 0.5 * s;
}

function jacobian(problem: LeastSquaresProblem, theta: Float64Array, r0: Float64Array, step: number): Float64Array {
  const k = problem.size;
  const m = r0.length;
  const J = new Float64Array(m * k);
  for (let j = 0; j < k; j++) {
    const h = step * Math.max(1, Math.abs(theta[j]));
    const t = Float64Array.from(theta);
    t[j] += h;
    const r = problem.residuals(t);
    for (let i = 0; i < m; i++) J[i * k + j] = (r[i] - r0[i]) / h;
  }
  return J;
}

function normalEquations(J: Float64Array, r: Float64Array, k: number): { JtJ: Float64Array; Jtr: Float64Array } {
  const m = r.length;
  const JtJ = new Float64Array(k * k);
  const Jtr = new Float64Array(k);
  for (let i = 0; i < m; i++) {
    for (let a = 0; a < k; a++) {
      const ja = J[i * k + a];
      Jtr[a] += ja * r[i];
      for (let b = 0; b <= a; b++) JtJ[a * k + b] += ja * J[i * k + b];
    }
  }
  for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) JtJ[a * k + b] = JtJ[b * k + a];
  return { JtJ, Jtr };
}

function project(problem: LeastSquaresProblem, theta: Float64Array): void {
  for (let j = 0; j < theta.length; j++) {
    if (problem.lower !== undefined) theta[j] = Math.max(problem.lower[j], theta[j]);
    if (problem.upper !== undefined) theta[j] = Math.min(problem.upper[j], theta[j]);
  }
}

export function levenbergMarquardt(problem: LeastSquaresProblem, theta0: Float64Array, options: LmOptions = {}): LmResult {
  const k = problem.size;
  if (theta0.length !== k) throw new RangeError(`theta0: expected ${k} values`);
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-8;
  const step = options.jacobianStep ?? 1e-6;
  if (!(step > 0)) throw new RangeError('jacobianStep: must be positive');
  const theta = Float64Array.from(theta0);
  project(problem, theta);
  let r = problem.residuals(theta);
  let c = cost(r);
  let lambda = 1e-3;
  let converged = false;
  let iterations = 0;
  while (iterations < maxIterations && !converged) {
    iterations++;
    const J = jacobian(problem, theta, r, step);
    const { JtJ, Jtr } = normalEquations(J, r, k);
    let improved = false;
    for (let attempt = 0; attempt < 12 && !improved; attempt++) {
      const A = Float64Array.from(JtJ);
      for (let a = 0; a < k; a++) A[a * k + a] += lambda * Math.max(JtJ[a * k + a], 1e-12);
      const delta = choleskySolve(A, Jtr.map((x) => -x), k);
      if (delta === null) {
        lambda *= 10;
        continue;
      }
      const trial = Float64Array.from(theta, (x, j) => x + delta[j]);
      project(problem, trial);
      const rt = problem.residuals(trial);
      const ct = cost(rt);
      if (ct < c) {
        converged = (c - ct) / Math.max(c, 1e-300) < tolerance;
        theta.set(trial);
        r = rt;
        c = ct;
        lambda = Math.max(lambda / 10, 1e-12);
        improved = true;
      } else lambda *= 10;
    }
    if (!improved) converged = true; // no downhill step at any damping: a (possibly bounded) minimum
  }
  const J = jacobian(problem, theta, r, step);
  const { JtJ } = normalEquations(J, r, k);
  const covariance = choleskyInverse(JtJ, k);
  const sd = Float64Array.from({ length: k }, (_, j) => Math.sqrt(covariance[j * k + j]));
  const correlation = Float64Array.from({ length: k * k }, (_, ij) => covariance[ij] / (sd[Math.floor(ij / k)] * sd[ij % k]));
  const ratio = options.identifiabilityRatio ?? 0.7;
  const maxCorrelation = options.maxCorrelation ?? 0.95;
  const identifiable = Array.from({ length: k }, (_, j) => {
    const shrinks = problem.priorSd === undefined || sd[j] < ratio * problem.priorSd[j];
    let confounded = false;
    for (let i = 0; i < k; i++) if (i !== j && Math.abs(correlation[i * k + j]) > maxCorrelation) confounded = true;
    return Number.isFinite(sd[j]) && shrinks && !confounded;
  });
  return { theta, cost: c, iterations, converged, covariance, sd, correlation, identifiable };
}
