import { describe, expect, it } from 'vitest';
import { mulberry32, standardNormal } from '@shuji/stats';
import {
  advanceSensorError,
  cgmReading,
  cgmSensorParameters,
  johnsonError,
  johnsonMoments,
  sensorAutocorrelation,
} from './cgm-sensor-error.model';

describe('CGM sensor error model (Breton & Kovatchev 2008)', () => {
  const sut = cgmSensorParameters('GuardianRT');

  it('should read the published parameters from sensor_params.csv', () => {
    expect(sut).toMatchObject({ PACF: 0.7, gamma: -0.5444, lambda: 15.9574, delta: 1.6898, xi: -5.47, sampleTime: 5, min: 39, max: 600 });
    expect(() => cgmSensorParameters('NoSuchSensor')).toThrow(/NoSuchSensor/);
  });

  it('should give ξ at e = γ and be increasing in e', () => {
    expect(johnsonError(sut, sut.gamma)).toBeCloseTo(sut.xi, 12);
    expect(johnsonError(sut, 1)).toBeGreaterThan(johnsonError(sut, 0));
  });

  it('should keep the 15-min PACF when sampled every 5 min', () => {
    expect(sensorAutocorrelation(sut, 15)).toBeCloseTo(0.7, 12);
    expect(sensorAutocorrelation(sut, 5) ** 3).toBeCloseTo(0.7, 12);
  });

  it('should match the analytic moments and autocorrelation when simulated (200k samples)', () => {
    const rng = { normal: standardNormal(mulberry32(20081)) };
    const n = 200_000;
    let e = rng.normal();
    const eps = new Float64Array(n);
    const es = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      e = advanceSensorError(sut, e, 5, rng.normal());
      es[k] = e;
      eps[k] = johnsonError(sut, e);
    }
    const mean = eps.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(eps.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
    const { mean: m, sd: s } = johnsonMoments(sut);
    expect(m).toBeCloseTo(0.761, 2);
    expect(s).toBeCloseTo(12.06, 1);
    // the AR(1) makes the sample mean noisier than iid: tolerances ~4 effective standard errors
    expect(Math.abs(mean - m)).toBeLessThan(0.5);
    expect(Math.abs(sd - s) / s).toBeLessThan(0.05);
    let lag3 = 0;
    let v = 0;
    for (let k = 0; k < n; k++) {
      v += es[k] * es[k];
      if (k >= 3) lag3 += es[k] * es[k - 3];
    }
    expect(lag3 / v).toBeCloseTo(0.7, 1);
    expect(Math.abs(lag3 / v - 0.7)).toBeLessThan(0.02);
  });

  it('should clip readings to the sensor range', () => {
    expect(cgmReading(sut, 20, 0)).toBe(39);
    expect(cgmReading(sut, 900, 0)).toBe(600);
  });
});
