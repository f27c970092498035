import { describe, expect, it } from 'vitest';
import { dopri5, rodas4, rodas5p, rosenbrock23, solve, tsit5 } from '../src/index';
import type { OdeFunction, OdeMethod } from '../src/types';
import { linearForced, linearForcedExact, logistic, logisticExact } from './test-problems';

/**
 * Convergence order with fixed steps (cf. OrdinaryDiffEq's DiffEqDevTools `test_convergence`): halving h must
 * divide the end-point error by 2^p, i.e. log2 of successive error ratios equals the method's order within 0.2.
 */
function endErrors(f: OdeFunction, y0: number, exact: (t: number) => number, method: OdeMethod, steps: number[], T: number): number[] {
  return steps.map((count) => {
    const sol = solve({ f, y0: new Float64Array([y0]), tspan: [0, T] }, method, { fixedStep: T / count, saveAt: new Float64Array([T]) });
    expect(sol.outcome).toBe('success');
    expect(sol.stats.accepted).toBe(count);
    return Math.abs(sol.y[0] - exact(T));
  });
}

const log2Ratios = (e: number[]): number[] => e.slice(1).map((v, i) => Math.log2(e[i] / v));

/**
 * Step counts are chosen per method so that the errors are asymptotic yet well above round-off: the 5th-order
 * pairs need small h before the h⁶ term fades (Tsit5 by design has small h⁵ but sizeable h⁶ error constants),
 * and reach round-off (~1e−14) soon after. On the nonlinear problem the smallest measurable pair is
 * still slightly pre-asymptotic for Tsit5 (5.26), hence 0.3 there.
 */
const cases: [string, () => OdeMethod, number, number[], number[], number][] = [
  ['dopri5', dopri5, 5, [128, 256, 512], [64, 128, 256], 0.2],
  ['tsit5', tsit5, 5, [128, 256, 512], [64, 128, 256], 0.3],
  ['rodas4', rodas4, 4, [16, 32, 64], [16, 32, 64], 0.2],
  ['rodas5p', rodas5p, 5, [32, 64, 128], [32, 64, 128], 0.2],
  ['rosenbrock23', rosenbrock23, 2, [32, 64, 128], [32, 64, 128], 0.2],
];

describe('fixed-step convergence order', () => {
  describe.each(cases)('%s', (_name, method, order, linearSteps, nonlinearSteps, nonlinearTol) => {
    it(`should converge with order ${order} ± 0.2 on the forced linear problem y' = −y + sin t (non-autonomous)`, () => {
      const ratios = log2Ratios(endErrors(linearForced, 1, linearForcedExact, method(), linearSteps, 10));
      for (const r of ratios) expect(Math.abs(r - order)).toBeLessThan(0.2);
    });

    it(`should converge with order ${order} on the logistic equation (nonlinear)`, () => {
      const ratios = log2Ratios(endErrors(logistic, 0.1, logisticExact, method(), nonlinearSteps, 4));
      expect(Math.abs(ratios[ratios.length - 1] - order)).toBeLessThan(nonlinearTol);
    });
  });

  it('should keep rodas4 at order 4 with a finite-difference Jacobian, and count it', () => {
    const noJac: OdeFunction = { dimension: 1, autonomous: true, rhs: logistic.rhs };
    const ratios = log2Ratios(endErrors(noJac, 0.1, logisticExact, rodas4(), [16, 32, 64], 4));
    for (const r of ratios) expect(Math.abs(r - 4)).toBeLessThan(0.2);
    const sol = solve({ f: noJac, y0: new Float64Array([0.1]), tspan: [0, 4] }, rodas4(), { fixedStep: 0.5 });
    expect(sol.stats.finiteDifferenceJacobians).toBe(8);
    expect(sol.stats.jacobianEvaluations).toBe(8);
    expect(sol.stats.luDecompositions).toBe(8);
  });
});

describe('dense output', () => {
  // Mid-step values come from the interpolant only; with fixed h the interpolation error is O(h^(p*+1)),
  // p* = 4 for DOPRI5/Tsit5/Rodas5P, 3 for RODAS4, 2 for Rosenbrock23, on top of the O(h^p) global error: the
  // observed order is min(p, p* + 1).
  it.each([
    ['dopri5', dopri5, 5],
    ['tsit5', tsit5, 5],
    ['rodas4', rodas4, 4],
    ['rodas5p', rodas5p, 5],
    ['rosenbrock23', rosenbrock23, 2],
  ] as const)('%s interpolant should converge with order ≥ min(p, p*+1) − 0.3 at step midpoints', (_n, method, expected) => {
    const errs = [16, 32, 64].map((count) => {
      const T = 4;
      const h = T / count;
      const mids = Float64Array.from({ length: count }, (_, k) => (k + 0.5) * h);
      const sol = solve({ f: logistic, y0: new Float64Array([0.1]), tspan: [0, T] }, method(), { fixedStep: h, saveAt: mids });
      let e = 0;
      for (let k = 0; k < mids.length; k++) e = Math.max(e, Math.abs(sol.y[k] - logisticExact(mids[k])));
      return e;
    });
    for (const r of log2Ratios(errs)) expect(r).toBeGreaterThan(expected - 0.3);
  });

  // Local error control bounds the global error only loosely: a factor 20 for the higher-order methods,
  // 100 for the 2nd-order Rosenbrock23, whose global error builds up over many more steps.
  it.each([
    ['dopri5', dopri5, 1e-9, 20],
    ['tsit5', tsit5, 1e-9, 20],
    ['rodas4', rodas4, 1e-9, 20],
    ['rodas5p', rodas5p, 1e-9, 20],
    ['rosenbrock23', rosenbrock23, 1e-6, 100],
  ] as const)('%s solution.at(t) should match the exact solution within factor·rtol (rtol %s) with adaptive steps', (_n, method, rtol, factor) => {
    const sol = solve({ f: linearForced, y0: new Float64Array([1]), tspan: [0, 10] }, method(), { rtol, atol: rtol, dense: true });
    expect(sol.outcome).toBe('success');
    const out = new Float64Array(1);
    let worst = 0;
    for (let k = 0; k <= 1000; k++) {
      const t = (10 * k) / 1000;
      worst = Math.max(worst, Math.abs(sol.at(t, out)[0] - linearForcedExact(t)));
    }
    expect(worst).toBeLessThan(factor * rtol);
  });
});

describe('solution.at', () => {
  it('should refuse times outside the integrated span and agree with the report points inside it', () => {
    const sol = solve({ f: logistic, y0: new Float64Array([0.1]), tspan: [0, 2] }, rodas4(), { dense: true, saveAt: 0.5 });
    expect(() => sol.at(2.5)).toThrow(RangeError);
    expect(() => sol.at(-0.1)).toThrow(RangeError);
    for (let k = 0; k < sol.t.length; k++) expect(sol.at(sol.t[k])[0]).toBeCloseTo(sol.y[k], 12);
  });
});
