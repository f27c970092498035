import { describe, expect, it } from 'vitest';
import { seededRandom } from '@shuji/stats';
import { levenbergMarquardt } from './levenberg-marquardt';

describe(levenbergMarquardt.name, () => {
  it('should equal ordinary least squares and its covariance σ²(XᵀX)⁻¹ on a straight line', () => {
    const rng = seededRandom('line');
    const t = Float64Array.from({ length: 50 }, (_, i) => i / 10);
    const sigma = 0.3;
    const y = t.map((ti) => 1.5 + 0.8 * ti + sigma * rng.normal());
    const sut = levenbergMarquardt(
      { size: 2, residuals: (th) => Float64Array.from(t, (ti, i) => (th[0] + th[1] * ti - y[i]) / sigma) },
      Float64Array.of(0, 0),
    );
    // closed form
    const n = t.length;
    const st = t.reduce((s, x) => s + x, 0);
    const stt = t.reduce((s, x) => s + x * x, 0);
    const sy = y.reduce((s, x) => s + x, 0);
    const sty = t.reduce((s, x, i) => s + x * y[i], 0);
    const det = n * stt - st * st;
    const b = (n * sty - st * sy) / det;
    const a = (sy - b * st) / n;
    expect(sut.converged).toBe(true);
    expect(sut.theta[0]).toBeCloseTo(a, 6);
    expect(sut.theta[1]).toBeCloseTo(b, 6);
    expect(sut.sd[0]).toBeCloseTo(sigma * Math.sqrt(stt / det), 5);
    expect(sut.sd[1]).toBeCloseTo(sigma * Math.sqrt(n / det), 5);
  });

  it('should take the Jacobian step to the residuals\' accuracy: a step below it turns their noise into information', () => {
    // the line again, its predictions known to 1e-6 only (as an adaptive ODE solve's are to its tolerance)
    const rng = seededRandom('noisy-line');
    const t = Float64Array.from({ length: 50 }, (_, i) => i / 10);
    const sigma = 0.3;
    const y = t.map((ti) => 1.5 + 0.8 * ti + sigma * rng.normal());
    const grid = 1e-6;
    const residuals = (th: Float64Array): Float64Array =>
      Float64Array.from(t, (ti, i) => (Math.round((th[0] + th[1] * ti) / grid) * grid - y[i]) / sigma);
    const n = t.length;
    const st = t.reduce((s, x) => s + x, 0);
    const stt = t.reduce((s, x) => s + x * x, 0);
    const slopeSd = sigma * Math.sqrt(n / (n * stt - st * st));

    const coarse = levenbergMarquardt({ size: 2, residuals }, Float64Array.of(0, 0), { jacobianStep: 1e-3 });
    const fine = levenbergMarquardt({ size: 2, residuals }, Float64Array.of(0, 0), { jacobianStep: 1e-6 });

    expect(Math.abs(coarse.sd[1] / slopeSd - 1)).toBeLessThan(0.01);
    expect(Math.abs(fine.sd[1] / slopeSd - 1)).toBeGreaterThan(0.05);
    expect(() => levenbergMarquardt({ size: 2, residuals }, Float64Array.of(0, 0), { jacobianStep: 0 })).toThrow(/jacobianStep/);
  });

  it('should find the Rosenbrock minimum (1, 1) from (−1.2, 1)', () => {
    const sut = levenbergMarquardt(
      { size: 2, residuals: (x) => Float64Array.of(10 * (x[1] - x[0] * x[0]), 1 - x[0]) },
      Float64Array.of(-1.2, 1),
      { maxIterations: 200, tolerance: 1e-14 },
    );
    expect(sut.theta[0]).toBeCloseTo(1, 5);
    expect(sut.theta[1]).toBeCloseTo(1, 5);
  });

  it('should flag parameters that only enter as a product (confounded, prior-dominated)', () => {
    // y = a·b·t: only the product is identified; priors N(1, 0.5²) on both
    const t = Float64Array.from({ length: 30 }, (_, i) => i);
    const y = t.map((ti) => 2 * ti);
    const priorSd = Float64Array.of(0.5, 0.5, 0.5);
    const sut = levenbergMarquardt(
      {
        size: 3,
        priorSd,
        residuals: (th) =>
          Float64Array.from([
            ...Array.from(t, (ti, i) => (th[0] * th[1] * ti + th[2] - y[i]) / 0.1),
            (th[0] - 1) / 0.5,
            (th[1] - 1) / 0.5,
            (th[2] - 0) / 0.5,
          ]),
      },
      Float64Array.of(1, 1, 0),
    );
    expect(sut.theta[0] * sut.theta[1]).toBeCloseTo(2, 3);
    expect(sut.identifiable).toEqual([false, false, true]);
  });

  it('should respect bounds', () => {
    const sut = levenbergMarquardt(
      { size: 1, residuals: (x) => Float64Array.of(x[0] - 5), upper: Float64Array.of(3) },
      Float64Array.of(0),
    );
    expect(sut.theta[0]).toBe(3);
  });
});
