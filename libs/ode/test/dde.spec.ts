import { describe, expect, it } from 'vitest';
import { DenseHistory, dopri5, propagateBreakpoints, rodas4, solveDde, tsit5 } from '../src/index';
import type { DdeProblem, OdeMethod } from '../src/index';

/**
 * y'(t) = −y(t − 1), y = 1 for t ≤ 0: the solution is a polynomial of degree k on [k − 1, k] (method of steps by
 * hand): y(t) = Σ_{k ≥ 0, t ≥ k − 1} (−1)^k (t − k + 1)^k / k!  (Bellen & Zennaro 2003, §2.1, Example 2.1.1).
 */
const exact = (t: number): number => {
  let y = 0;
  let fact = 1;
  for (let k = 0; t >= k - 1; k++) {
    if (k > 0) fact *= k;
    y += ((-1) ** k * (t - k + 1) ** k) / fact;
  }
  return y;
};

const problem: DdeProblem = {
  dimension: 1,
  rhs: (t, _y, past, dy) => {
    dy[0] = -past(t - 1, scratch)[0];
  },
  history: (_t, out) => {
    out[0] = 1;
  },
  lags: [1],
  tspan: [0, 3],
};
const scratch = new Float64Array(1);

/**
 * y'(t) = a·y(t) + b·y(t − 1), y = 1 for t ≤ 0, not a polynomial (so a 5th-order method is not exact on it):
 * on [0, 1] y = C e^{at} − b/a with C = 1 + b/a; on [1, 2] y = D e^{a(t−1)} + bC (t − 1) e^{a(t−1)} + b²/a²
 * with D = y(1) − b²/a² (method of steps by hand).
 */
const A = -1;
const B = -0.5;
const C = 1 + B / A;
const first = (t: number): number => C * Math.exp(A * t) - B / A;
const exactMixed = (t: number): number =>
  t <= 1 ? first(t) : (first(1) - (B * B) / (A * A)) * Math.exp(A * (t - 1)) + B * C * (t - 1) * Math.exp(A * (t - 1)) + (B * B) / (A * A);
const mixed: DdeProblem = {
  dimension: 1,
  rhs: (t, y, past, dy) => {
    dy[0] = A * y[0] + B * past(t - 1, scratch)[0];
  },
  history: (_t, out) => {
    out[0] = 1;
  },
  lags: [1],
  tspan: [0, 2],
};

const endError = (method: OdeMethod, perUnit: number): number => {
  const sol = solveDde(mixed, method, { fixedStep: 1 / perUnit });
  expect(sol.outcome).toBe('success');
  return Math.abs(sol.history.at(2)[0] - exactMixed(2));
};

describe(solveDde.name, () => {
  it('should follow the piecewise-polynomial solution of y′ = −y(t − 1) at tight tolerances', () => {
    const sol = solveDde(problem, dopri5(), { rtol: 1e-10, atol: 1e-12 });
    expect(sol.outcome).toBe('success');
    expect(sol.segments).toEqual([1, 2, 3]);
    for (const t of [-0.5, 0, 0.3, 1, 1.5, 2, 2.7, 3]) expect(sol.history.at(t)[0]).toBeCloseTo(exact(t), 9);
  });

  it('should match the exponential solution of y′ = a·y(t) + b·y(t − 1) at tight tolerances', () => {
    const sol = solveDde(mixed, dopri5(), { rtol: 1e-10, atol: 1e-12 });
    for (const t of [0.5, 1, 1.25, 2]) expect(sol.history.at(t)[0]).toBeCloseTo(exactMixed(t), 9);
  });

  // Order min(p, q + 1) (Bellen & Zennaro, Thm 3.2.1): p = 5 with a 4th-order continuous extension (q = 4) gives 5.
  // Measured 2026-12-03 (log2 of error ratios, 16→32→64 steps per lag): dopri5 5.10, 5.05; tsit5 5.25, 5.13; rodas4 4.03, 4.07.
  it.each([
    ['dopri5', dopri5, 5],
    ['tsit5', tsit5, 5],
    ['rodas4', rodas4, 4],
  ] as const)('should converge with the order of %s (%i, ± 0.3) under fixed steps when the lag is a multiple of the step', (_n, method, order) => {
    const errors = [16, 32, 64].map((k) => endError(method(), k));
    for (let i = 1; i < errors.length; i++) expect(Math.abs(Math.log2(errors[i - 1] / errors[i]) - order)).toBeLessThan(0.3);
  });

  it('should refuse a non-positive lag naming the option', () => {
    expect(() => solveDde({ ...problem, lags: [0] }, dopri5())).toThrow(/lags/);
  });
});

describe(propagateBreakpoints.name, () => {
  it('should propagate a discontinuity by sums of the lags up to the end', () => {
    expect(propagateBreakpoints([0], [1, 1.5], 3.2)).toEqual([1, 1.5, 2, 2.5, 3]);
    expect(propagateBreakpoints([0.25], [1], 3, 2)).toEqual([1.25, 2.25]);
  });
});

describe(DenseHistory.name, () => {
  it('should answer the initial history before the start and the later segment at a shared end', () => {
    const sut = new DenseHistory(1, (t, out) => void (out[0] = t), 0);
    sut.push({ t0: 0, t1: 1, at: (_t, out) => ((out[0] = 10), out) });
    sut.push({ t0: 1, t1: 2, at: (_t, out) => ((out[0] = 20), out) });
    expect(sut.at(-2)[0]).toBe(-2);
    expect(sut.at(0.5)[0]).toBe(10);
    expect(sut.at(1)[0]).toBe(20);
    expect(() => sut.at(2.5)).toThrow(RangeError);
  });
});
