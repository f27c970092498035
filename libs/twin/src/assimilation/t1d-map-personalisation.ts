/**
 * Batch personalisation of the T1D component: a MAP fit of log θ over a window of CGM readings by
 * Levenberg–Marquardt, starting from a given member state (e.g. the filter's mean at the window start), under
 * the known inputs. The CGM error is the Breton & Kovatchev AR(1) in its moment-matched Gaussian form, so the
 * residuals are whitened (prewhitening of an AR(1) error, e.g. Seber & Wild, Nonlinear Regression 1989, §6.2)
 * before they enter the sum of squares; the prior N(μ, σ²) on log θ adds (θ − μ)/σ. Returns the fit, its
 * Laplace SDs and the identifiability flags; `reanchor` redraws an ensemble's parameters from it.
 */
import type { KnownInputs } from '../composition/known-inputs';
import { ObservationCodes } from '../composition/observation-codes';
import type { T1dGlucoseComponent } from '../composition/t1d-glucose.component';
import { johnsonMoments, sensorAutocorrelation } from '@shuji/models';
import type { SeededRandom } from '../random/seeded-random.util';
import { levenbergMarquardt, type LmResult } from './levenberg-marquardt';

export interface CgmReading {
  readonly tMin: number;
  readonly value: number;
}

export interface PersonalisationResult extends LmResult {
  readonly names: readonly string[];
  /** Number of readings in the window. */
  readonly readings: number;
}

export function personaliseT1d(
  component: T1dGlucoseComponent,
  start: Float64Array,
  startMin: number,
  readings: readonly CgmReading[],
  inputs: KnownInputs,
): PersonalisationResult {
  const k = component.estimated.length;
  const { mean: bias, sd } = johnsonMoments(component.sensor);
  const priorMean = Float64Array.from({ length: k }, (_, j) => component.priorOf(j).mean);
  const priorSd = Float64Array.from({ length: k }, (_, j) => component.priorOf(j).sd);
  const sorted = [...readings].filter((r) => r.tMin > startMin).sort((a, b) => a.tMin - b.tMin);
  const residuals = (theta: Float64Array): Float64Array => {
    const member = Float64Array.from(start);
    member.set(theta, component.iTheta);
    member[component.iW] = 0;
    member[component.iE] = 0;
    const out = new Float64Array(sorted.length + k);
    let t = startMin;
    let previous = 0;
    let previousT = startMin;
    sorted.forEach((r, i) => {
      component.propagate([member], t, r.tMin, inputs, null);
      t = r.tMin;
      const e = (r.value - component.interstitialGlucose(member) - bias) / sd;
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
  const lower = Float64Array.from({ length: k }, (_, j) => component.logBounds(j)[0]);
  const upper = Float64Array.from({ length: k }, (_, j) => component.logBounds(j)[1]);
  const theta0 = start.slice(component.iTheta, component.iTheta + k);
  const fit = levenbergMarquardt({ size: k, residuals, lower, upper, priorSd }, theta0, { maxIterations: 20, tolerance: 1e-6 });
  return { ...fit, names: component.estimated.map((e) => e.name), readings: sorted.length };
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
