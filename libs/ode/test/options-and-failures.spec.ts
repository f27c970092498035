import { describe, expect, it } from 'vitest';
import { OdeOptionError, dopri5, rodas4, solve, tsit5 } from '../src/index';
import type { OdeFunction, OdeProblem, SolveOptions } from '../src/types';

const decay: OdeFunction = { dimension: 2, rhs: (_t, y, _p, _u, dy) => void ((dy[0] = -y[0]), (dy[1] = -2 * y[1])) };
const problem: OdeProblem = { f: decay, y0: new Float64Array([1, 1]), tspan: [0, 1] };

describe('option validation', () => {
  const bad = <T>(v: unknown): T => v as T;
  it.each([
    ['rtol', { rtol: -1 }, /^"rtol" must be a positive finite number/],
    ['rtol', { rtol: bad<number>('1e-6') }, /^"rtol" must be a positive finite number/],
    ['atol', { atol: -1e-6 }, /^"atol" must be a finite number ≥ 0/],
    ['atol', { atol: new Float64Array([1e-6]) }, /^"atol" must have one entry per state \(2\)/],
    ['atol[1]', { atol: new Float64Array([1e-6, NaN]) }, /^"atol\[1\]"/],
    ['fixedStep', { fixedStep: 0 }, /^"fixedStep" must be a positive finite number/],
    ['initialStep', { initialStep: Infinity }, /^"initialStep" must be a positive finite number/],
    ['maxSteps', { maxSteps: 1.5 }, /^"maxSteps" must be a positive integer/],
    ['saveAt', { saveAt: -1 }, /^"saveAt" must be a positive finite number/],
    ['saveAt[1]', { saveAt: new Float64Array([0, 2]) }, /^"saveAt\[1\]" must lie in tspan/],
    ['nonNegative[0]', { nonNegative: [2] }, /^"nonNegative\[0\]" must be a state index/],
  ] as [string, SolveOptions, RegExp][])('should refuse a bad %s with an OdeOptionError naming it', (name, options, message) => {
    let caught: unknown;
    try {
      solve(problem, tsit5(), options);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(OdeOptionError);
    expect((caught as OdeOptionError).option).toBe(name);
    expect((caught as Error).message).toMatch(message);
  });

  it('should refuse a bad problem: y0 length, decreasing tspan', () => {
    expect(() => solve({ ...problem, y0: new Float64Array([1]) }, tsit5())).toThrow(/^"y0" must have length 2/);
    expect(() => solve({ ...problem, tspan: [1, 0] }, tsit5())).toThrow(/^"tspan" must be increasing/);
  });

  it('should refuse solution.at(t) when dense output was not requested', () => {
    const sol = solve(problem, tsit5());
    expect(() => sol.at(0.5)).toThrow(OdeOptionError);
  });
});

describe('step options', () => {
  it('should never step further than maxStep, and start with initialStep', () => {
    const sol = solve(problem, dopri5(), { maxStep: 0.05, initialStep: 1e-3 });
    expect(sol.outcome).toBe('success');
    expect(sol.t[1] - sol.t[0]).toBeCloseTo(1e-3, 15);
    for (let k = 1; k < sol.t.length; k++) expect(sol.t[k] - sol.t[k - 1]).toBeLessThanOrEqual(0.05 * (1 + 1e-12));
    expect(sol.stats.accepted).toBeGreaterThanOrEqual(20);
  });
});

describe('failure as a value', () => {
  it('should return max-steps with the statistics and the points computed so far', () => {
    const sol = solve(problem, dopri5(), { maxSteps: 3, rtol: 1e-10, atol: 1e-10 });
    expect(sol.outcome).toBe('max-steps');
    expect(sol.message).toMatch(/maxSteps/);
    expect(sol.stats.steps).toBe(3);
    expect(sol.t.length).toBe(sol.stats.accepted + 1);
    expect(sol.t[sol.t.length - 1]).toBeLessThan(1);
  });

  it('should return non-finite when f turns NaN mid-span, having integrated up to there', () => {
    const poisoned: OdeFunction = { dimension: 1, rhs: (t, y, _p, _u, dy) => void (dy[0] = t > 0.5 ? NaN : -y[0]) };
    const sol = solve({ f: poisoned, y0: new Float64Array([1]), tspan: [0, 1] }, tsit5());
    expect(sol.outcome).toBe('non-finite');
    expect(sol.t[sol.t.length - 1]).toBeGreaterThan(0.49);
    expect(sol.t[sol.t.length - 1]).toBeLessThanOrEqual(0.5);
    expect(sol.stats.rejected).toBeGreaterThan(0);
  });

  it('should return non-finite at once when f(t0, y0) is not finite', () => {
    const sol = solve({ f: { dimension: 1, rhs: (_t, _y, _p, _u, dy) => void (dy[0] = Infinity) }, y0: new Float64Array([1]), tspan: [0, 1] }, rodas4());
    expect(sol.outcome).toBe('non-finite');
    expect(sol.stats.steps).toBe(0);
  });

  it("should stop with step-size-too-small (or non-finite) at the blow-up of y' = y² (t = 1)", () => {
    const blowUp: OdeFunction = { dimension: 1, autonomous: true, rhs: (_t, y, _p, _u, dy) => void (dy[0] = y[0] * y[0]) };
    const sol = solve({ f: blowUp, y0: new Float64Array([1]), tspan: [0, 2] }, dopri5());
    expect(['step-size-too-small', 'non-finite']).toContain(sol.outcome);
    // The numerical solution places the singularity within ~rtol of t = 1.
    expect(Math.abs(sol.t[sol.t.length - 1] - 1)).toBeLessThan(1e-5);
  });

  it('should return non-finite in fixed-step mode when the solution overflows', () => {
    const grow: OdeFunction = { dimension: 1, autonomous: true, rhs: (_t, y, _p, _u, dy) => void (dy[0] = y[0] * y[0]) };
    const sol = solve({ f: grow, y0: new Float64Array([1]), tspan: [0, 2] }, tsit5(), { fixedStep: 0.25 });
    expect(sol.outcome).toBe('non-finite');
  });
});
