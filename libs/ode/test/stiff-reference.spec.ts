import { describe, expect, it } from 'vitest';
import { autoSwitch, dopri5, rodas4, rodas5p, rosenbrock23, solve } from '../src/index';
import type { OdeMethod } from '../src/types';
import {
  HIRES_REF,
  HIRES_Y0,
  ROBER_REF_T1E11,
  VDPOL_REF_T2,
  hires,
  robertson,
  vanDerPol,
  vanDerPolScaled,
} from './test-problems';

const relErr = (got: ArrayLike<number>, ref: readonly number[]): number =>
  Math.max(...ref.map((r, i) => Math.abs(got[i] - r) / Math.abs(r)));

/** The stiff references: each problem, its end time and the published value there (test-problems.ts cites them). */
const REFERENCES = {
  robertson: { f: robertson, y0: () => new Float64Array([1, 0, 0]), end: 1e11, ref: ROBER_REF_T1E11 },
  vanDerPol: { f: vanDerPolScaled(1e-6), y0: () => new Float64Array([2, 0]), end: 2, ref: VDPOL_REF_T2 },
  hires: { f: hires, y0: () => Float64Array.from(HIRES_Y0), end: 321.8122, ref: HIRES_REF },
};

/** Solves a reference up to its end time; the solution and its largest relative error against the published value. */
const solveReference = (name: keyof typeof REFERENCES, method: OdeMethod, rtol: number, atol: number) => {
  const r = REFERENCES[name];
  const sol = solve({ f: r.f, y0: r.y0(), tspan: [0, r.end] }, method, { rtol, atol, saveAt: new Float64Array([r.end]) });
  return { sol, err: relErr(sol.y, [...r.ref]) };
};

describe.each([
  ['rodas4', rodas4],
  ['rodas5p', rodas5p],
] as [string, () => OdeMethod][])('%s on stiff problems against published reference solutions', (_name, method) => {
  it('should reproduce Robertson y(1e11) (Bari test set) to 1e-6 relative at rtol 1e-8', () => {
    const { sol, err } = solveReference('robertson', method(), 1e-8, 1e-14);
    expect(sol.outcome).toBe('success');
    expect(err).toBeLessThan(1e-6);
    expect(sol.stats.finiteDifferenceJacobians).toBe(0);
  });

  it('should reproduce Van der Pol ε = 1e-6 y(2) (Hairer test set) to 1e-7 relative at rtol 1e-8', () => {
    const { sol, err } = solveReference('vanDerPol', method(), 1e-8, 1e-8);
    expect(sol.outcome).toBe('success');
    expect(err).toBeLessThan(1e-7);
  });

  it('should reproduce HIRES y(321.8122) (Bari test set) to 1e-6 relative with a finite-difference Jacobian', () => {
    const { sol, err } = solveReference('hires', method(), 1e-8, 1e-10);
    expect(sol.outcome).toBe('success');
    expect(err).toBeLessThan(1e-6);
    expect(sol.stats.finiteDifferenceJacobians).toBe(sol.stats.jacobianEvaluations);
    expect(sol.stats.jacobianEvaluations).toBeGreaterThan(0);
  });
});

describe('rosenbrock23 (low order) on the same references at loose tolerances', () => {
  it.each([
    ['robertson', 1e-6, 1e-12, 1e-3],
    ['vanDerPol', 1e-5, 1e-5, 1e-3],
    ['hires', 1e-6, 1e-8, 1e-4],
  ] as const)('should reproduce %s at its end time at rtol %s (atol %s) to %s relative', (name, rtol, atol, tolerance) => {
    const { sol, err } = solveReference(name, rosenbrock23(), rtol, atol);
    expect(sol.outcome).toBe('success');
    expect(err).toBeLessThan(tolerance);
  });
});

describe('automatic stiffness switching', () => {
  // μ = 1000 in unscaled time is the ε = 1e-6 problem with t = μ·τ and y₂ = y₂,scaled/μ: Hairer's test-set
  // value at τ = 3 (y₁ = −1.510606936744095, y₂,scaled = 1.178380000730945) is our value at t = 3000.
  const ref3000 = [-1.510606936744095, 1.178380000730945 / 1000];

  it('should switch to the stiff method on Van der Pol μ = 1000 and take far fewer steps than the explicit method', () => {
    const problem = { f: vanDerPol(1000), y0: new Float64Array([2, 0]), tspan: [0, 3000] as const };
    const auto = solve(problem, autoSwitch(), { rtol: 1e-7, atol: 1e-7, saveAt: new Float64Array([3000]) });
    expect(auto.outcome).toBe('success');
    expect(auto.stats.switches).toBeGreaterThanOrEqual(1);
    expect(auto.stats.stiffSteps).toBeGreaterThan(auto.stats.steps / 4);
    expect(relErr(auto.y, ref3000)).toBeLessThan(1e-4);
    // The explicit method alone is bound by stability (h ≲ 3.3/3000): it cannot even finish within 50× the steps.
    const explicit = solve(problem, dopri5(), { rtol: 1e-7, atol: 1e-7, maxSteps: 50 * auto.stats.steps });
    expect(explicit.outcome).toBe('max-steps');
    expect(explicit.t[explicit.t.length - 1]).toBeLessThan(3000);
  });

  it('should detect Robertson as stiff within ~1000 explicit steps and reproduce y(1e11) to 1e-6', () => {
    const { sol, err } = solveReference('robertson', autoSwitch(), 1e-8, 1e-14);
    expect(sol.outcome).toBe('success');
    expect(sol.stats.switches).toBeGreaterThanOrEqual(1);
    expect(sol.stats.steps - sol.stats.stiffSteps).toBeLessThan(2000);
    expect(err).toBeLessThan(1e-6);
  });

  it('should reproduce HIRES y(321.8122) to 1e-6 when switching', () => {
    const { sol, err } = solveReference('hires', autoSwitch(), 1e-8, 1e-10);
    expect(sol.outcome).toBe('success');
    expect(sol.stats.switches).toBeGreaterThanOrEqual(1);
    expect(err).toBeLessThan(1e-6);
  });

  it('should stay explicit on a non-stiff problem (Van der Pol μ = 1)', () => {
    const sol = solve({ f: vanDerPol(1), y0: new Float64Array([2, 0]), tspan: [0, 20] }, autoSwitch(), { rtol: 1e-6, atol: 1e-6 });
    expect(sol.outcome).toBe('success');
    expect(sol.stats.switches).toBe(0);
    expect(sol.stats.stiffSteps).toBe(0);
    expect(sol.stats.jacobianEvaluations).toBe(0);
  });
});
