/**
 * CGM readings for the corpus: the Breton & Kovatchev 2008 sensor error model of @shuji/models (the same one the
 * twin assimilates with), sampled at the sensor's period and clipped to its range.
 */
import { advanceSensorError, cgmReading, type CgmSensorParameters } from '@shuji/models';

/** Adds sensor error to a glucose series (mg/dL) sampled every `sensor.sampleTime` minutes; returns a new array. */
export function addSensorNoise(glucose: ArrayLike<number>, sensor: CgmSensorParameters, normal: () => number): Float64Array {
  const out = new Float64Array(glucose.length);
  let e = normal();
  for (let n = 0; n < glucose.length; n++) {
    if (n > 0) e = advanceSensorError(sensor, e, sensor.sampleTime, normal());
    out[n] = cgmReading(sensor, glucose[n], e);
  }
  return out;
}
