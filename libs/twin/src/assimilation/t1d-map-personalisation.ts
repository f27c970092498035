/**
 * Batch personalisation of the T1D component: a MAP fit of log θ over a window of CGM readings by
 * Levenberg–Marquardt, starting from a given member state (e.g. the filter's mean at the window start), under
 * the known inputs. The CGM error is the Breton & Kovatchev AR(1) in its moment-matched Gaussian form, so the
 * residuals are whitened (prewhitening of an AR(1) error, e.g. Seber & Wild, Nonlinear Regression 1989, §6.2)
 * before they enter the sum of squares; the prior N(μ, σ²) on log θ adds (θ − μ)/σ. Returns the fit, its
 * Laplace SDs and the identifiability flags; `reanchor` redraws an ensemble's parameters from it.
 *
 * The Laplace covariance assumes the model is right. Two corrections make it honest under model error:
 * - residual-based data weight: the whitened residuals at the optimum should be white with unit variance.
 *   Unannounced meals, carb-count error and other model error leave slow, correlated residuals instead. Their
 *   long-run variance c = s²·(1+ρ̂)/(1−ρ̂) (variance s², lag-1 autocorrelation ρ̂: the AR(1) spectral density at
 *   frequency 0, Andrews DWK. Econometrica 1991;59:817-858) is what a least-squares estimate with smooth
 *   regressors feels (Bayley GV, Hammersley JM. J R Stat Soc Suppl 1946;8:184-197), so the data information is
 *   divided by max(1, c); the prior keeps its full weight;
 * - consider covariance for the component's consider parameters φ (Tapley BD, Schutz BE, Born GH. Statistical
 *   Orbit Determination. Elsevier 2004, §6.3): θ̂ moves with φ by S = −I⁻¹ J_θᵀJ_φ / c, so the unestimated
 *   parameters' population spread Σ_φ adds S Σ_φ Sᵀ to the covariance.
 * Identifiability is then judged on that covariance (SD ≤ 0.7 × prior SD, no |correlation| > 0.95).
 */
import type { KnownInputs } from '../composition/known-inputs';
import { ObservationCodes } from '../composition/observation-codes';
import type { T1dGlucoseComponent } from '../composition/t1d-glucose.component';
import { johnsonMoments, sensorAutocorrelation } from '@shuji/models';
import type { SeededRandom } from '../random/seeded-random.util';
import { choleskySolve, levenbergMarquardt, type LmResult } from './levenberg-marquardt';

export interface CgmReading {
  readonly tMin: number;
  readonly value: number;
}

export interface PersonalisationResult extends LmResult {
  readonly names: readonly string[];
  /** Number of readings in the window. */
  readonly readings: number;
  /** The model-only Laplace SDs, before the residual and consider corrections. */
  readonly nominalSd: Float64Array;
  /** Whitened-residual variance and lag-1 autocorrelation at the optimum, and the data-weight divisor c. */
  readonly residualVariance: number;
  readonly residualAutocorrelation: number;
  readonly dataWeightDivisor: number;
}

export interface PersonalisationOptions {
  /** Posterior/prior SD ratio above which a parameter is flagged not identified (default 0.7). */
  readonly identifiabilityRatio?: number;
  /** |correlation| above which two parameters are flagged confounded (default 0.95). */
  readonly maxCorrelation?: number;
  readonly maxIterations?: number;
}

export function personaliseT1d(
  component: T1dGlucoseComponent,
  start: Float64Array,
  startMin: number,
  readings: readonly CgmReading[],
  inputs: KnownInputs,
  options: PersonalisationOptions = {},
): PersonalisationResult {
  const k = component.estimated.length;
  const nPhi = component.considered.length;
  const { mean: bias, sd: sensorSd } = johnsonMoments(component.sensor);
  const priorMean = Float64Array.from({ length: k }, (_, j) => component.priorOf(j).mean);
  const priorSd = Float64Array.from({ length: k }, (_, j) => component.priorOf(j).sd);
  const sorted = [...readings].filter((r) => r.tMin > startMin).sort((a, b) => a.tMin - b.tMin);
  const residualsAt = (theta: Float64Array, logPhi: Float64Array | null): Float64Array => {
    const member = Float64Array.from(start);
    member.set(theta, component.iTheta);
    if (logPhi !== null) member.set(logPhi, component.iConsidered);
    member[component.iW] = 0;
    member[component.iE] = 0;
    const out = new Float64Array(sorted.length + k);
    let t = startMin;
    let previous = 0;
    let previousT = startMin;
    sorted.forEach((r, i) => {
      component.propagate([member], t, r.tMin, inputs, null);
      t = r.tMin;
      const e = (r.value - component.interstitialGlucose(member) - bias) / sensorSd;
      if (i === 0) out[i] = e;
      else {
        const phi = sensorAutocorrelation(component.sensor, r.tMin - previousT);
        out[i] = (e - phi * previous) / Math.sqrt(1 - phi * phi);
      }
      previous = e;
      previousT = r.tMin;
    });
    for (let j = 0; j < k; j++) out[sorted.length + j] = (theta[j] - priorMean[j]) / priorSd[j];
    return out;
  };
  const residuals = (theta: Float64Array): Float64Array => residualsAt(theta, null);
  const lower = Float64Array.from({ length: k }, (_, j) => component.logBounds(j)[0]);
  const upper = Float64Array.from({ length: k }, (_, j) => component.logBounds(j)[1]);
  const theta0 = start.slice(component.iTheta, component.iTheta + k);
  const fit = levenbergMarquardt({ size: k, residuals, lower, upper, priorSd }, theta0, {
    maxIterations: options.maxIterations ?? 20,
    tolerance: 1e-6,
  });
  const n = sorted.length;
  const r = residuals(fit.theta);
  let ss = 0;
  let lag = 0;
  for (let i = 0; i < n; i++) {
    ss += r[i] * r[i];
    if (i > 0) lag += r[i] * r[i - 1];
  }
  const s2 = n > k ? ss / (n - k) : 1;
  const rho = ss > 0 ? Math.min(0.98, Math.max(0, lag / ss)) : 0;
  const c = Math.max(1, (s2 * (1 + rho)) / (1 - rho));
  // data Jacobians at the optimum: w.r.t. θ and, for the consider covariance, w.r.t. log φ
  const phi0 = start.slice(component.iConsidered, component.iConsidered + nPhi);
  const column = (perturb: (h: number) => Float64Array, h: number): Float64Array => {
    const rp = perturb(h);
    return Float64Array.from({ length: n }, (_, i) => (rp[i] - r[i]) / h);
  };
  const h = 1e-6;
  const jTheta = Array.from({ length: k }, (_, j) =>
    column((d) => residuals(Float64Array.from(fit.theta, (x, a) => (a === j ? x + d : x))), h),
  );
  const jPhi = Array.from({ length: nPhi }, (_, m) =>
    column((d) => residualsAt(fit.theta, Float64Array.from(phi0, (x, a) => (a === m ? x + d : x))), h),
  );
  const dot = (a: Float64Array, b: Float64Array): number => a.reduce((s, x, i) => s + x * b[i], 0);
  const information = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) information[a * k + b] = dot(jTheta[a], jTheta[b]) / c + (a === b ? 1 / priorSd[a] ** 2 : 0);
  }
  const inverse = invert(information, k);
  const covariance = Float64Array.from(inverse);
  component.considered.forEach((con, m) => {
    // S e_m = −I⁻¹ J_θᵀ J_φm / c
    const g = Float64Array.from({ length: k }, (_, a) => dot(jTheta[a], jPhi[m]) / c);
    const sm = Float64Array.from({ length: k }, (_, a) => -inverse.subarray(a * k, a * k + k).reduce((s, x, b) => s + x * g[b], 0));
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) covariance[a * k + b] += sm[a] * sm[b] * con.logSd ** 2;
  });
  const sd = Float64Array.from({ length: k }, (_, j) => Math.sqrt(covariance[j * k + j]));
  const correlation = Float64Array.from({ length: k * k }, (_, ij) => covariance[ij] / (sd[Math.floor(ij / k)] * sd[ij % k]));
  const ratio = options.identifiabilityRatio ?? 0.7;
  const maxCorrelation = options.maxCorrelation ?? 0.95;
  const identifiable = Array.from({ length: k }, (_, j) => {
    let confounded = false;
    for (let i = 0; i < k; i++) if (i !== j && Math.abs(correlation[i * k + j]) > maxCorrelation) confounded = true;
    return Number.isFinite(sd[j]) && sd[j] <= ratio * priorSd[j] && !confounded;
  });
  return {
    ...fit,
    covariance,
    sd,
    correlation,
    identifiable,
    nominalSd: fit.sd,
    residualVariance: s2,
    residualAutocorrelation: rho,
    dataWeightDivisor: c,
    names: component.estimated.map((e) => e.name),
    readings: n,
  };
}

/** Inverse of a symmetric positive definite k×k matrix (Cholesky, column by column); +∞ where singular. */
function invert(A: Float64Array, k: number): Float64Array {
  const out = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    const e = new Float64Array(k);
    e[j] = 1;
    const col = choleskySolve(A, e, k) ?? new Float64Array(k).fill(Number.POSITIVE_INFINITY);
    for (let i = 0; i < k; i++) out[i * k + j] = col[i];
  }
  return out;
}

/** CGM readings of a log slice, in model minutes. */
export function cgmReadings(events: readonly { kind: string; loinc?: string; value?: number; timeMs: number }[]): CgmReading[] {
  return events
    .filter((e) => e.kind === 'observation' && e.loinc === ObservationCodes.cgmGlucose.loinc && e.value !== undefined)
    .map((e) => ({ tMin: e.timeMs / 60_000, value: e.value as number }));
}

/** Redraws each member's log θ from N(θ_MAP, Cov) (Cholesky of the Laplace covariance): re-anchors a filter. */
export function reanchor(component: T1dGlucoseComponent, members: readonly Float64Array[], fit: LmResult, rng: SeededRandom): void {
  const k = fit.theta.length;
  const L = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = fit.covariance[i * k + j];
      for (let m = 0; m < j; m++) s -= L[i * k + m] * L[j * k + m];
      L[i * k + j] = i === j ? Math.sqrt(Math.max(s, 0)) : L[j * k + j] > 0 ? s / L[j * k + j] : 0;
    }
  }
  for (const member of members) {
    const z = Float64Array.from({ length: k }, () => rng.normal());
    for (let i = 0; i < k; i++) {
      let x = fit.theta[i];
      for (let j = 0; j <= i; j++) x += L[i * k + j] * z[j];
      member[component.iTheta + i] = component.clipLog(i, x);
    }
  }
}
