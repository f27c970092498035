import { cgmSensorParameters } from '@shuji/models';
import { describe, expect, it } from 'vitest';
import { addSensorNoise } from './cgm-sensor-noise';
import { randomStream } from '@shuji/stats';

describe(addSensorNoise.name, () => {
  const sensor = cgmSensorParameters('GuardianRT');
  const n = 50_000;
  const sut = addSensorNoise(new Float64Array(n).fill(200), sensor, randomStream(7).normal);
  const errors = Array.from(sut, (x) => x - 200);
  const mean = errors.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(errors.reduce((a, e) => a + (e - mean) ** 2, 0) / (n - 1));

  it('should have the Johnson SU mean ξ + λ·e^{1/(2δ²)}·sinh(−γ/δ) of the published coefficients (0.76 mg/dL)', () => {
    const { xi, lambda, delta, gamma } = sensor;
    const expected = xi + lambda * Math.exp(1 / (2 * delta * delta)) * Math.sinh(-gamma / delta);
    expect(expected).toBeCloseTo(0.762, 2);
    // AR(1) with φ ≈ 0.89 per 5-min sample leaves ~3,000 effective samples: standard error ≈ 0.22 mg/dL
    expect(Math.abs(mean - expected)).toBeLessThan(0.5);
  });

  it('should have the Johnson SU standard deviation (12.1 mg/dL) within 5 %', () => {
    const { lambda, delta, gamma } = sensor;
    const w = Math.exp(1 / (delta * delta));
    const expected = Math.sqrt(((lambda * lambda) / 2) * (w - 1) * (w * Math.cosh((2 * gamma) / delta) + 1));
    expect(expected).toBeCloseTo(12.06, 1);
    expect(Math.abs(sd / expected - 1)).toBeLessThan(0.05);
  });

  it('should be autocorrelated about as the AR(1) process underneath (PACF 0.7 per 15 min: 0.7^(1/3) ≈ 0.89 per 5-min sample)', () => {
    let num = 0;
    for (let i = 1; i < n; i++) num += (errors[i] - mean) * (errors[i - 1] - mean);
    const rho = num / ((n - 1) * sd * sd);
    // the Johnson SU map is monotone and near-linear here: the error keeps most of e's lag-1 correlation
    expect(rho).toBeGreaterThan(0.8);
    expect(rho).toBeLessThan(0.9);
  });

  it('should clip readings to the sensor range', () => {
    const low = addSensorNoise([10, 39, 700], sensor, randomStream(1).normal);
    expect(Math.min(...low)).toBeGreaterThanOrEqual(sensor.min);
    expect(Math.max(...low)).toBeLessThanOrEqual(sensor.max);
  });
});
