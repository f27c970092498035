/**
 * Stochastic ensemble Kalman filter analysis for one scalar observation (Evensen G. Data Assimilation: The
 * Ensemble Kalman Filter, 2nd ed. Springer 2009, §9.2, eqs. 9.27-9.32; perturbed observations as in Burgers G,
 * van Leeuwen PJ, Evensen G. Mon Weather Rev 1998;126:1719-1724). The observation operator h may be nonlinear:
 * the gain uses the ensemble covariances cov(x, h(x)) and var(h(x)), so no Jacobian is needed.
 *
 * Spread is kept by relaxation to prior spread (RTPS: Whitaker JS, Hamill TM. Mon Weather Rev 2012;140:3078-3089):
 * after the update each variable's anomalies are rescaled so that σ_a ← σ_a + α(σ_b − σ_a).
 */
import type { SeededRandom } from '@shuji/stats';

export interface ScalarObservation {
  readonly value: number;
  /** Variance of the white part of the observation error. */
  readonly variance: number;
}

export interface AnalysisOptions {
  /** RTPS relaxation α in [0, 1] (0: none). */
  readonly rtps?: number;
  /**
   * Per-variable localisation weights ρ_i in [0, 1] on the gain (Schur product with the cross covariance,
   * Houtekamer & Mitchell 2001): damps updates of variables whose sample correlation with the reading is
   * mostly sampling noise, e.g. slowly varying parameters against thousands of correlated readings. Weight 0:
   * the variable is left exactly as it is (no update, no relaxation), e.g. a consider parameter.
   */
  readonly localisation?: Float64Array;
  /**
   * Regression confidence factors (Anderson JL. Exploring the need for localization in ensemble data
   * assimilation using a hierarchical ensemble filter. Physica D 2007;230:99-111, eq. 5): the members are split
   * into `groups` interleaved groups, each gives its own regression coefficient β_g of the variable on the
   * reading, and the variable's gain is scaled by α = max(0, ((Σβ_g)²/Σβ_g² − 1)/(m − 1)): ≈ 1 when the groups
   * agree, ≈ 0 when the coefficient is sampling noise. Applied to `variables` only (e.g. slow parameters).
   */
  readonly hierarchical?: { readonly groups: number; readonly variables: readonly number[] };
}

export interface AnalysisDiagnostics {
  /** Innovation y − mean h(x). */
  readonly innovation: number;
  /** var(h(x)) + R: the forecast variance of the reading. */
  readonly innovationVariance: number;
}

function meanAndSd(members: readonly Float64Array[], i: number): [number, number] {
  const n = members.length;
  let mean = 0;
  for (const m of members) mean += m[i];
  mean /= n;
  let v = 0;
  for (const m of members) v += (m[i] - mean) ** 2;
  return [mean, Math.sqrt(v / (n - 1))];
}

export function enkfScalarUpdate(
  members: Float64Array[],
  predicted: Float64Array,
  observation: ScalarObservation,
  rng: SeededRandom,
  options: AnalysisOptions = {},
): AnalysisDiagnostics {
  const n = members.length;
  if (n < 2) throw new RangeError('members: an ensemble needs at least 2 members');
  const dim = members[0].length;
  let hMean = 0;
  for (let j = 0; j < n; j++) hMean += predicted[j];
  hMean /= n;
  let hVar = 0;
  for (let j = 0; j < n; j++) hVar += (predicted[j] - hMean) ** 2;
  hVar /= n - 1;
  const innovationVariance = hVar + observation.variance;
  const gain = new Float64Array(dim);
  for (let i = 0; i < dim; i++) {
    if (options.localisation?.[i] === 0) continue;
    let mean = 0;
    for (const m of members) mean += m[i];
    mean /= n;
    let cov = 0;
    for (let j = 0; j < n; j++) cov += (members[j][i] - mean) * (predicted[j] - hMean);
    gain[i] = (cov / (n - 1) / innovationVariance) * (options.localisation?.[i] ?? 1);
  }
  if (options.hierarchical !== undefined) {
    const m = options.hierarchical.groups;
    if (!(m >= 2 && n >= 2 * m)) throw new RangeError('hierarchical.groups: needs at least 2 groups of 2 members');
    for (const i of options.hierarchical.variables) gain[i] *= regressionConfidence(members, predicted, i, m);
  }
  const rtps = options.rtps ?? 0;
  const before = rtps > 0 ? Array.from({ length: dim }, (_, i) => (options.localisation?.[i] === 0 ? 0 : meanAndSd(members, i)[1])) : [];
  const sdR = Math.sqrt(observation.variance);
  for (let j = 0; j < n; j++) {
    const d = observation.value + sdR * rng.normal() - predicted[j];
    const m = members[j];
    for (let i = 0; i < dim; i++) m[i] += gain[i] * d;
  }
  if (rtps > 0) {
    for (let i = 0; i < dim; i++) {
      if (options.localisation?.[i] === 0) continue;
      const [mean, sdA] = meanAndSd(members, i);
      if (!(sdA > 0)) continue;
      const scale = 1 + (rtps * (before[i] - sdA)) / sdA;
      for (const m of members) m[i] = mean + (m[i] - mean) * scale;
    }
  }
  return { innovation: observation.value - hMean, innovationVariance };
}

/** Anderson's (2007) confidence factor of the regression of variable i on the predicted reading over m groups. */
function regressionConfidence(members: readonly Float64Array[], predicted: Float64Array, i: number, m: number): number {
  let sum = 0;
  let sumSq = 0;
  for (let g = 0; g < m; g++) {
    let count = 0;
    let xMean = 0;
    let hMean = 0;
    for (let j = g; j < members.length; j += m) {
      xMean += members[j][i];
      hMean += predicted[j];
      count++;
    }
    xMean /= count;
    hMean /= count;
    let cov = 0;
    let hVar = 0;
    for (let j = g; j < members.length; j += m) {
      cov += (members[j][i] - xMean) * (predicted[j] - hMean);
      hVar += (predicted[j] - hMean) ** 2;
    }
    const beta = hVar > 0 ? cov / hVar : 0;
    sum += beta;
    sumSq += beta * beta;
  }
  if (!(sumSq > 0)) return 0;
  return Math.min(1, Math.max(0, ((sum * sum) / sumSq - 1) / (m - 1)));
}

export function ensembleMean(members: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(members[0].length);
  for (const m of members) for (let i = 0; i < out.length; i++) out[i] += m[i];
  for (let i = 0; i < out.length; i++) out[i] /= members.length;
  return out;
}

export function ensembleSd(members: readonly Float64Array[]): Float64Array {
  return Float64Array.from({ length: members[0].length }, (_, i) => meanAndSd(members, i)[1]);
}
