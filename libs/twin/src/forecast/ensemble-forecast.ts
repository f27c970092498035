/**
 * Forecast of a reading from the twin's ensemble: every member is advanced under the person's known schedule
 * with its process noise (disturbance, sensor error), observed through the code's observation model and given
 * the white reading noise, so the quantiles are those of the predictive distribution of the next reading.
 * Deterministic: the draws are keyed by (patient, revision, code).
 */
import { quantileOfSorted, seededRandom } from '@shuji/stats';
import type { TwinEngine } from '../state/twin-engine';
import { MS_PER_MIN } from '../state/twin-event';

export interface ForecastPoint {
  readonly horizonMin: number;
  readonly timeMs: number;
  readonly mean: number;
  readonly q10: number;
  readonly q50: number;
  readonly q90: number;
}

export class ForecastUnavailableError extends Error {
  readonly code = 'FORECAST_UNAVAILABLE';
  constructor(message: string) {
    super(message);
    this.name = 'ForecastUnavailableError';
  }
}

/** A forecast point with the members' predicted readings kept, for scores that need the ensemble (CRPS, PIT). */
export interface EnsembleForecastPoint extends ForecastPoint {
  /** The members' predicted readings, ascending. */
  readonly members: Float64Array;
}

/** Forecasts `loinc` at each horizon (minutes after the twin's current time, ascending). */
export function forecastReading(engine: TwinEngine, loinc: string, horizonsMin: readonly number[]): ForecastPoint[] {
  return forecastReadingMembers(engine, loinc, horizonsMin).map(({ members: _members, ...point }) => point);
}

/** forecastReading with each point's members kept (type-7 quantiles of the members' readings). */
export function forecastReadingMembers(engine: TwinEngine, loinc: string, horizonsMin: readonly number[]): EnsembleForecastPoint[] {
  // a twin of several components forecasts with the part that explains the reading, on copies of its entries
  const part = engine.component.partFor?.(loinc);
  const component = part?.component ?? engine.component;
  const members = engine.ensemble.map((m) => (part === undefined ? Float64Array.from(m) : m.slice(part.offset, part.offset + part.component.size)));
  if (members.length === 0) throw new ForecastUnavailableError(`twin ${engine.patientId} has no state yet`);
  if (component.observe(members[0], loinc) === null) throw new ForecastUnavailableError(`no component of the twin explains ${loinc}`);
  if (horizonsMin.some((h, i) => !(h > 0) || (i > 0 && h <= horizonsMin[i - 1]))) {
    throw new RangeError('horizons: must be positive and ascending');
  }
  const rng = seededRandom(engine.patientId, engine.revision, 'forecast', loinc);
  const inputs = engine.knownInputs();
  const t0 = engine.currentTimeMs / MS_PER_MIN;
  let t = t0;
  return horizonsMin.map((h) => {
    component.propagate(members, t, t0 + h, inputs, rng);
    t = t0 + h;
    const readings = members.map((m) => {
      const mean = component.observe(m, loinc) ?? Number.NaN;
      return mean + Math.sqrt(component.observationVariance(loinc, mean)) * rng.normal();
    });
    const sorted = Float64Array.from(readings).sort();
    return {
      horizonMin: h,
      timeMs: engine.currentTimeMs + h * MS_PER_MIN,
      mean: readings.reduce((s, x) => s + x, 0) / readings.length,
      q10: quantileOfSorted(sorted, 0.1),
      q50: quantileOfSorted(sorted, 0.5),
      q90: quantileOfSorted(sorted, 0.9),
      members: sorted,
    };
  });
}
