/**
 * Batch personalisation of the T1D component: a MAP fit of log θ over a window of CGM readings by
 * Levenberg–Marquardt, starting from a given member state (e.g. the filter's mean at the window start), under
 * the known inputs. The CGM error is the Breton & Kovatchev AR(1) in its moment-matched Gaussian form, so the
 * residuals are whitened (prewhitening of an AR(1) error, e.g. Seber & Wild, Nonlinear Regression 1989, §6.2)
 * before they enter the sum of squares; the prior N(μ, σ²) on log θ adds (θ − μ)/σ. Returns the fit, its
 * Laplace SDs and the identifiability flags (batch-personalisation.ts turns them into a `parameter-prior` event).
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

/** What the MAP fit reads of a component: its parameter layout and priors, its sensor and its noise-free CGM trajectory. */
export type MapFittable = Pick<
  T1dGlucoseComponent,
  'estimated' | 'considered' | 'sensor' | 'priorOf' | 'logBounds' | 'steadyMember' | 'iTheta' | 'iConsidered' | 'iW' | 'iE' | 'interstitialTrajectory'
>;
import { johnsonMoments, sensorAutocorrelation } from '@shuji/models';
import { choleskyInverse } from '@shuji/ode';
import { levenbergMarquardt, type LmResult } from './levenberg-marquardt';

/**
 * Forward-difference step in log θ for every Jacobian of the fit: of the order of √ of the trajectory solve's
 * relative tolerance (TRAJECTORY_TOLERANCE.rtol = 1e-7, √ = 3.2e-4), as Gill, Murray & Wright (Practical
 * Optimization 1981, §8.6) advise for a function known to that accuracy; the spec keeps it within a factor 10 of
 * that. A much smaller step divides the solver's error, which is not smooth in θ, by the step: the Jacobian's noise
 * adds phantom information and the Laplace SDs come out too small (docs/validation.md, "Parameter recovery").
 */
export const JACOBIAN_STEP = 1e-4;

export interface CgmReading {
  readonly tMin: number;
  readonly value: number;
}

export interface PersonalisationResult extends LmResult {
  readonly names: readonly string[];
  /** Number of readings the fit used (in the window, less those masked around unexplained rises). */
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
  /**
   * SD of the log carb-count error of each logged meal in the window (default 0: the logged amounts are taken as
   * exact). Positive: every meal gets a random effect η ~ N(0, σ²) on its logged carbohydrate, fitted with θ at the
   * joint mode and marginalised in the covariance (θ's SDs are the θ block of the joint inverse Hessian), so
   * counting errors bias θ far less (0.15 → 0.03 in the spec) and do not pass for information about it. The
   * factors are zero-mean: a person's systematic under-counting is taken up by f.
   */
  readonly mealCarbLogSd?: number;
  /**
   * Leave out of the fit what no logged input explains (default false): after a first fit, every run of at least
   * 30 min of readings more than 2.5 sensor SDs above the fitted curve (a meal eaten without a log or a bolus, as
   * in CGM meal detection: Dassau E, et al. Diabetes Care 2008;31:295-300, here on the model residual) masks the
   * readings from 1 h before it to 2 h after it, and the fit is repeated without them. (Explaining the rise by an
   * inferred meal of fitted size instead identified more but covered less: docs/decisions.md.)
   */
  readonly maskUnexplainedRises?: boolean;
  /**
   * A further divisor of the data weight in the covariance (default 1), for model error the long-run variance does
   * not see, found by simulation (the batch personalisation uses none; what a divisor of 2 does is in
   * batch-personalisation.ts). It widens the data's part only: the SD never exceeds the prior's.
   */
  readonly dataWeightCalibration?: number;
  /**
   * The window starts at the person's basal steady state (default false: at `start`'s states): the model states
   * are those of each candidate θ's steady state, not of `start`'s parameters (a twin's genesis assumption).
   */
  readonly startAtSteadyState?: boolean;
}

export function personaliseT1d(
  component: MapFittable,
  start: Float64Array,
  startMin: number,
  readings: readonly CgmReading[],
  inputs: KnownInputs,
  options: PersonalisationOptions = {},
): PersonalisationResult {
  const kTheta = component.estimated.length;
  const nPhi = component.considered.length;
  const { mean: bias, sd: sensorSd } = johnsonMoments(component.sensor);
  const sorted = [...readings].filter((r) => r.tMin > startMin).sort((a, b) => a.tMin - b.tMin);
  // the fitted vector: log θ, then one log carb factor per logged meal of the window (its counting error)
  const etaSd = options.mealCarbLogSd ?? 0;
  const lastMin = sorted.at(-1)?.tMin ?? startMin;
  const fitted = etaSd > 0 ? inputs.meals.filter((m) => m.tMin >= startMin && m.tMin < lastMin) : [];
  const k = kTheta + fitted.length;
  const priorMean = Float64Array.from({ length: k }, (_, j) => (j < kTheta ? component.priorOf(j).mean : 0));
  const priorSd = Float64Array.from({ length: k }, (_, j) => (j < kTheta ? component.priorOf(j).sd : etaSd));
  // a meal's factor within ±4 σ
  const lower = Float64Array.from({ length: k }, (_, j) => (j < kTheta ? component.logBounds(j)[0] : -4 * etaSd));
  const upper = Float64Array.from({ length: k }, (_, j) => (j < kTheta ? component.logBounds(j)[1] : 4 * etaSd));
  const inputsWith = (x: Float64Array): KnownInputs => {
    if (fitted.length === 0) return inputs;
    const scaled = new Map(fitted.map((m, i) => [m, m.carbsG * Math.exp(x[kTheta + i])]));
    return { ...inputs, meals: inputs.meals.map((m) => (scaled.has(m) ? { ...m, carbsG: scaled.get(m) as number } : m)) };
  };
  const times = Float64Array.from(sorted, (r) => r.tMin);
  const masked = new Uint8Array(sorted.length);
  const raw = new Float64Array(sorted.length);
  const residualsAt = (x: Float64Array, logPhi: Float64Array | null): Float64Array => {
    const theta = x.subarray(0, kTheta);
    // from the basal steady state of the candidate parameters, or from the given state with them
    const member =
      options.startAtSteadyState === true
        ? component.steadyMember(theta, 0, logPhi ?? start.subarray(component.iConsidered, component.iConsidered + nPhi))
        : Float64Array.from(start);
    member.set(theta, component.iTheta);
    if (logPhi !== null) member.set(logPhi, component.iConsidered);
    member[component.iW] = 0;
    member[component.iE] = 0;
    const out = new Float64Array(sorted.length + k);
    const glucose = component.interstitialTrajectory(member, startMin, times, inputsWith(x));
    let previous = 0;
    let previousT = startMin;
    let chainStarts = true;
    sorted.forEach((r, i) => {
      const e = (r.value - glucose[i] - bias) / sensorSd;
      raw[i] = e;
      if (masked[i] === 1) {
        chainStarts = true;
        return;
      }
      if (chainStarts) {
        out[i] = e;
        chainStarts = false;
      } else {
        const phi = sensorAutocorrelation(component.sensor, r.tMin - previousT);
        out[i] = (e - phi * previous) / Math.sqrt(1 - phi * phi);
      }
      previous = e;
      previousT = r.tMin;
    });
    for (let j = 0; j < k; j++) out[sorted.length + j] = (x[j] - priorMean[j]) / priorSd[j];
    return out;
  };
  const residuals = (x: Float64Array): Float64Array => residualsAt(x, null);
  const lm = (x0: Float64Array): LmResult =>
    levenbergMarquardt(
      { size: k, residuals, lower, upper, priorSd },
      x0,
      { maxIterations: options.maxIterations ?? 20, tolerance: 1e-6, jacobianStep: JACOBIAN_STEP },
    );
  const theta0 = Float64Array.from(priorMean);
  theta0.set(start.subarray(component.iTheta, component.iTheta + kTheta));
  let fit = lm(theta0);
  if (options.maskUnexplainedRises === true) {
    residuals(fit.theta);
    if (maskRises(sorted, raw, masked) > 0) fit = lm(fit.theta);
  }
  // readings the fit uses (a masked one has residual 0 and no lag pair)
  const n = sorted.length - masked.reduce((s, m) => s + m, 0);
  const rows = sorted.length;
  const r = residuals(fit.theta);
  let ss = 0;
  let lag = 0;
  for (let i = 0; i < rows; i++) {
    ss += r[i] * r[i];
    if (i > 0) lag += r[i] * r[i - 1];
  }
  const s2 = n > k ? ss / (n - k) : 1;
  const rho = ss > 0 ? Math.min(0.98, Math.max(0, lag / ss)) : 0;
  const c = Math.max(1, (s2 * (1 + rho)) / (1 - rho)) * (options.dataWeightCalibration ?? 1);
  // data Jacobians at the optimum: w.r.t. θ and, for the consider covariance, w.r.t. log φ
  const phi0 = start.slice(component.iConsidered, component.iConsidered + nPhi);
  const column = (perturb: (h: number) => Float64Array, h: number): Float64Array => {
    const rp = perturb(h);
    return Float64Array.from({ length: rows }, (_, i) => (rp[i] - r[i]) / h);
  };
  const h = JACOBIAN_STEP;
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
  const inverse = choleskyInverse(information, k);
  const covariance = Float64Array.from(inverse);
  component.considered.forEach((con, m) => {
    // S e_m = −I⁻¹ J_θᵀ J_φm / c
    const g = Float64Array.from({ length: k }, (_, a) => dot(jTheta[a], jPhi[m]) / c);
    const sm = Float64Array.from({ length: k }, (_, a) => -inverse.subarray(a * k, a * k + k).reduce((s, x, b) => s + x * g[b], 0));
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) covariance[a * k + b] += sm[a] * sm[b] * con.logSd ** 2;
  });
  // the θ block of the joint covariance: the meal factors marginalised (at the joint mode)
  const thetaCovariance = Float64Array.from({ length: kTheta * kTheta }, (_, ij) => covariance[Math.floor(ij / kTheta) * k + (ij % kTheta)]);
  const sd = Float64Array.from({ length: kTheta }, (_, j) => Math.sqrt(thetaCovariance[j * kTheta + j]));
  const correlation = Float64Array.from({ length: kTheta * kTheta }, (_, ij) => thetaCovariance[ij] / (sd[Math.floor(ij / kTheta)] * sd[ij % kTheta]));
  const ratio = options.identifiabilityRatio ?? 0.7;
  const maxCorrelation = options.maxCorrelation ?? 0.95;
  const identifiable = Array.from({ length: kTheta }, (_, j) => {
    let confounded = false;
    for (let i = 0; i < kTheta; i++) if (i !== j && Math.abs(correlation[i * kTheta + j]) > maxCorrelation) confounded = true;
    return Number.isFinite(sd[j]) && sd[j] <= ratio * priorSd[j] && !confounded;
  });
  return {
    ...fit,
    theta: fit.theta.slice(0, kTheta),
    covariance: thetaCovariance,
    sd,
    correlation,
    identifiable,
    nominalSd: fit.sd.slice(0, kTheta),
    residualVariance: s2,
    residualAutocorrelation: rho,
    dataWeightDivisor: c,
    names: component.estimated.map((e) => e.name),
    readings: n,
  };
}

/** Masks the readings around each run of ≥ 30 min more than 2.5 SD above the fit; returns how many it masked. */
function maskRises(sorted: readonly CgmReading[], e: Float64Array, masked: Uint8Array): number {
  const THRESHOLD = 2.5;
  const MIN_RUN_MIN = 30;
  const BEFORE_MIN = 60;
  const AFTER_MIN = 120;
  let count = 0;
  let i = 0;
  while (i < sorted.length) {
    if (!(e[i] > THRESHOLD)) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < sorted.length && e[j + 1] > THRESHOLD) j++;
    if (sorted[j].tMin - sorted[i].tMin >= MIN_RUN_MIN) {
      const from = sorted[i].tMin - BEFORE_MIN;
      const to = sorted[j].tMin + AFTER_MIN;
      sorted.forEach((r, m) => {
        if (r.tMin >= from && r.tMin <= to && masked[m] === 0) {
          masked[m] = 1;
          count++;
        }
      });
    }
    i = j + 1;
  }
  return count;
}

/** CGM readings of a log slice, in model minutes. */
export function cgmReadings(events: readonly { kind: string; loinc?: string; value?: number; timeMs: number }[]): CgmReading[] {
  return events
    .filter((e) => e.kind === 'observation' && e.loinc === ObservationCodes.cgmGlucose.loinc && e.value !== undefined)
    .map((e) => ({ tMin: e.timeMs / 60_000, value: e.value as number }));
}
