/**
 * CGM sensor error of Breton & Kovatchev 2008 (J Diabetes Sci Technol 2(5):853–862): the error is a
 * Johnson SU transform of a unit-variance AR(1) process, ε_n = ξ + λ·sinh((e_n − γ)/δ), with
 * e_n = φ·e_{n−1} + √(1−φ²)·v_n, v_n ~ N(0, 1) (§ "Model of sensor error", eqs. 3–4); the reading is
 * clipped to the sensor's [min, max]. The coefficients are one row of libs/models/data/uva-padova-2008/sensor_params.csv.
 */
export interface SensorParameters {
  readonly name: string;
  /** Lag-1 autocorrelation φ of the underlying Gaussian process. */
  readonly PACF: number;
  readonly gamma: number;
  readonly lambda: number;
  readonly delta: number;
  readonly xi: number;
  readonly sampleTimeMin: number;
  readonly min: number;
  readonly max: number;
}

/** Parses sensor_params.csv text into sensors by name. */
export function parseSensorParameters(csv: string): Map<string, SensorParameters> {
  const [header, ...lines] = csv.trim().split(/\r?\n/);
  const names = header.split(',').map((h) => h.trim());
  const col = (cells: string[], name: string): number => {
    const value = Number(cells[names.indexOf(name)]);
    if (!Number.isFinite(value)) throw new RangeError(`sensor_params.csv: column "${name}" is not numeric`);
    return value;
  };
  return new Map(
    lines.map((line) => {
      const cells = line.split(',').map((c) => c.trim());
      const sensor: SensorParameters = {
        name: cells[names.indexOf('Name')],
        PACF: col(cells, 'PACF'),
        gamma: col(cells, 'gamma'),
        lambda: col(cells, 'lambda'),
        delta: col(cells, 'delta'),
        xi: col(cells, 'xi'),
        sampleTimeMin: col(cells, 'sample_time'),
        min: col(cells, 'min'),
        max: col(cells, 'max'),
      };
      return [sensor.name, sensor];
    }),
  );
}

/** Adds sensor error to a glucose series (mg/dL) sampled at the sensor's interval; returns a new array. */
export function addSensorNoise(glucose: ArrayLike<number>, sensor: SensorParameters, normal: () => number): Float64Array {
  const phi = sensor.PACF;
  const innovation = Math.sqrt(1 - phi * phi);
  const out = new Float64Array(glucose.length);
  let e = normal();
  for (let n = 0; n < glucose.length; n++) {
    if (n > 0) e = phi * e + innovation * normal();
    const error = sensor.xi + sensor.lambda * Math.sinh((e - sensor.gamma) / sensor.delta);
    out[n] = Math.min(sensor.max, Math.max(sensor.min, glucose[n] + error));
  }
  return out;
}
