/**
 * What a real CGM adds to the Breton & Kovatchev 2008 noise the twin assumes (issue 14, truth (a)): a calibration
 * error of gain and offset that drifts over the sensor's wear, and dropouts (runs of missing readings).
 * - gain 1 + g₀ + g₁·(days worn), g₀ ~ N(0, 0.05), g₁ ~ N(0, 0.03)/day; offset ~ N(0, 6 mg/dL). The structure (gain
 *   and offset calibration error with a time-varying drift) is that of Facchinetti et al. 2014 (IEEE Trans Biomed
 *   Eng 61:620, "Modeling the glucose sensor error") and Vettoretti et al. 2018 (Sensors 18:4 ... Dexcom G5);
 *   THE SIZES ARE OUR ASSUMPTION, not their fitted values.
 * - dropouts: each reading starts a gap with probability 0.004, 3–24 readings (15 min–2 h) long. OUR ASSUMPTION (the
 *   order of magnitude of the data gaps in real CGM sets such as the Hall et al. 2018 data of ../shared).
 */
import type { SeededRandom } from '@shuji/stats';

export interface SensorFaults {
  /** The reading the device reports for a Breton–Kovatchev reading `value` at `dayOfWear`, or undefined (dropout). */
  read(value: number, dayOfWear: number): number | undefined;
}

export interface SensorFaultOptions {
  readonly gainSd?: number;
  readonly driftSdPerDay?: number;
  readonly offsetSd?: number;
  readonly dropoutStart?: number;
  /** Sensor range (mg/dL), as the device clips (default 40–400). */
  readonly range?: readonly [number, number];
}

export function sensorFaults(rng: SeededRandom, options: SensorFaultOptions = {}): SensorFaults & { readonly gain0: number; readonly drift: number; readonly offset: number } {
  const gain0 = (options.gainSd ?? 0.05) * rng.normal();
  const drift = (options.driftSdPerDay ?? 0.03) * rng.normal();
  const offset = (options.offsetSd ?? 6) * rng.normal();
  const start = options.dropoutStart ?? 0.004;
  const [min, max] = options.range ?? [40, 400];
  let gapLeft = 0;
  return {
    gain0,
    drift,
    offset,
    read(value: number, dayOfWear: number): number | undefined {
      if (gapLeft > 0) {
        gapLeft--;
        return undefined;
      }
      if (rng.uniform() < start) {
        gapLeft = 2 + Math.floor(22 * rng.uniform());
        return undefined;
      }
      return Math.min(max, Math.max(min, (1 + gain0 + drift * dayOfWear) * value + offset));
    },
  };
}
