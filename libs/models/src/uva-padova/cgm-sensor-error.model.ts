/**
 * CGM sensor error model of Breton M, Kovatchev B. Analysis, modeling, and simulation of the accuracy of
 * continuous glucose sensors. J Diabetes Sci Technol 2008;2(5):853-862: the error is a stationary Gaussian
 * AR(1) sequence e (partial autocorrelation PACF per 15 min) mapped through a Johnson SU transform,
 * ε = ξ + λ·sinh((e − γ)/δ). Parameters per sensor from sensor_params.csv (UVA/Padova tables, see SOURCE.md).
 *
 * We sample e at the sensor's own period as the same Gauss–Markov process: φ(Δt) = PACF^(Δt/15), so a 5-min
 * sensor has lag-1 correlation 0.7^(1/3) ≈ 0.888 and lag-3 correlation 0.7, matching the published 15-min PACF.
 */
import { readFileSync } from 'node:fs';
import { uvaPadovaDataFile } from './uva-padova-data';

export interface CgmSensorParameters {
  readonly name: string;
  readonly PACF: number;
  readonly gamma: number;
  readonly lambda: number;
  readonly delta: number;
  readonly xi: number;
  /** Minutes between readings. */
  readonly sampleTime: number;
  readonly min: number;
  readonly max: number;
}

/** Period (minutes) at which Breton & Kovatchev estimated the PACF. */
export const SENSOR_MODEL_PERIOD_MIN = 15;

let cached: Map<string, CgmSensorParameters> | undefined;

export function cgmSensorParameters(name = 'GuardianRT'): CgmSensorParameters {
  if (cached === undefined) {
    const [header, ...rows] = readFileSync(uvaPadovaDataFile('sensor_params.csv'), 'utf8').trim().split(/\r?\n/);
    const cols = header.split(',').map((c) => c.trim());
    cached = new Map(
      rows.map((row) => {
        const cell = row.split(',');
        const num = (col: string): number => Number(cell[cols.indexOf(col)]);
        const params: CgmSensorParameters = {
          name: cell[0].trim(),
          PACF: num('PACF'),
          gamma: num('gamma'),
          lambda: num('lambda'),
          delta: num('delta'),
          xi: num('xi'),
          sampleTime: num('sample_time'),
          min: num('min'),
          max: num('max'),
        };
        return [params.name, params];
      }),
    );
  }
  const found = cached.get(name);
  if (found === undefined) throw new RangeError(`sensor_params.csv has no sensor "${name}"`);
  return found;
}

/** Johnson SU transform of the Gaussian-domain error e into mg/dL. */
export function johnsonError(s: CgmSensorParameters, e: number): number {
  return s.xi + s.lambda * Math.sinh((e - s.gamma) / s.delta);
}

/** AR(1) coefficient of e over `dtMin` minutes. */
export function sensorAutocorrelation(s: CgmSensorParameters, dtMin: number): number {
  return Math.pow(s.PACF, dtMin / SENSOR_MODEL_PERIOD_MIN);
}

/** Advances the stationary unit-variance AR(1) e over dtMin with standard normal z. */
export function advanceSensorError(s: CgmSensorParameters, e: number, dtMin: number, z: number): number {
  const phi = sensorAutocorrelation(s, dtMin);
  return phi * e + Math.sqrt(1 - phi * phi) * z;
}

/** The reading a sensor shows for true interstitial glucose g: g + ε, clipped to the sensor range. */
export function cgmReading(s: CgmSensorParameters, g: number, e: number): number {
  return Math.min(s.max, Math.max(s.min, g + johnsonError(s, e)));
}

/**
 * Mean and SD of the Johnson SU error for e ~ N(0, 1): with a = 1/δ, b = −γ/δ,
 * E[sinh(aZ + b)] = e^{a²/2}·sinh b and E[sinh²(aZ + b)] = (e^{2a²}·cosh 2b − 1)/2.
 */
export function johnsonMoments(s: CgmSensorParameters): { mean: number; sd: number } {
  const a = 1 / s.delta;
  const b = -s.gamma / s.delta;
  const m1 = Math.exp((a * a) / 2) * Math.sinh(b);
  const m2 = (Math.exp(2 * a * a) * Math.cosh(2 * b) - 1) / 2;
  return { mean: s.xi + s.lambda * m1, sd: s.lambda * Math.sqrt(m2 - m1 * m1) };
}
