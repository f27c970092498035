import { describe, expect, it } from 'vitest';
import { DOPRI5_TABLEAU } from '../src/tableaus/dopri5';
import { TSIT5_TABLEAU } from '../src/tableaus/tsit5';
import type { ExplicitTableau } from '../src/types';

/**
 * Independent check of the transcribed coefficients: the Runge–Kutta order conditions for rooted trees up to
 * order 5 (Hairer, Nørsett & Wanner, Solving ODEs I, §II.2, Table 2.2) for b, and up to order 4 for b̂ = b − btilde.
 */
const dot = (x: number[], y: number[]): number => x.reduce((s, v, i) => s + v * y[i], 0);
const mul = (x: number[], y: number[]): number[] => x.map((v, i) => v * y[i]);

function orderResiduals(tab: ExplicitTableau, weights: number[], order: number): number[] {
  const s = tab.c.length;
  const A = (v: number[]): number[] => Array.from({ length: s }, (_, i) => tab.a[i].reduce((acc, aij, j) => acc + aij * v[j], 0));
  const one = new Array<number>(s).fill(1);
  const c = [...tab.c];
  const c2 = mul(c, c);
  const c3 = mul(c2, c);
  const Ac = A(c);
  const Ac2 = A(c2);
  const AAc = A(Ac);
  const conditions: [number, number, number][] = [
    [1, dot(weights, one), 1],
    [2, dot(weights, c), 1 / 2],
    [3, dot(weights, c2), 1 / 3],
    [3, dot(weights, Ac), 1 / 6],
    [4, dot(weights, c3), 1 / 4],
    [4, dot(weights, mul(c, Ac)), 1 / 8],
    [4, dot(weights, Ac2), 1 / 12],
    [4, dot(weights, AAc), 1 / 24],
    [5, dot(weights, mul(c3, c)), 1 / 5],
    [5, dot(weights, mul(c2, Ac)), 1 / 10],
    [5, dot(weights, mul(c, Ac2)), 1 / 15],
    [5, dot(weights, mul(c, AAc)), 1 / 30],
    [5, dot(weights, mul(Ac, Ac)), 1 / 20],
    [5, dot(weights, A(c3)), 1 / 20],
    [5, dot(weights, A(mul(c, Ac))), 1 / 40],
    [5, dot(weights, A(Ac2)), 1 / 60],
    [5, dot(weights, A(AAc)), 1 / 120],
  ];
  return conditions.filter(([q]) => q <= order).map(([, value, exact]) => value - exact);
}

describe.each([DOPRI5_TABLEAU, TSIT5_TABLEAU])('tableau $name', (tab) => {
  it('should have row sums equal to c', () => {
    tab.a.forEach((row, i) => expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(tab.c[i], 14));
  });

  it('should satisfy all 17 order conditions of order 5 for b (to 1e-14)', () => {
    for (const r of orderResiduals(tab, [...tab.b], 5)) expect(Math.abs(r)).toBeLessThan(1e-14);
  });

  it('should satisfy the 8 order conditions of order 4 for the embedded weights, and not all of order 5', () => {
    const bhat = tab.b.map((v, i) => v - tab.btilde[i]);
    for (const r of orderResiduals(tab, bhat, 4)) expect(Math.abs(r)).toBeLessThan(1e-14);
    const fifth = orderResiduals(tab, bhat, 5).slice(8);
    expect(Math.max(...fifth.map(Math.abs))).toBeGreaterThan(1e-6);
  });

  it('should have a continuous extension that ends at b (w_i(1) = b_i) and satisfies order conditions to 3 at θ = 1/2', () => {
    const w = (theta: number): number[] => tab.dense.map((d) => d.reduce((acc, coef, m) => acc + coef * theta ** (m + 1), 0));
    w(1).forEach((v, i) => expect(v).toBeCloseTo(tab.b[i], 13));
    // Scaled conditions for the interpolant at θ: Σw_i(θ)·Φ_i = θ^q/γ(t) for trees of order q ≤ 4.
    const theta = 0.5;
    const wt = w(theta);
    const c = [...tab.c];
    expect(dot(wt, new Array<number>(c.length).fill(1))).toBeCloseTo(theta, 14);
    expect(dot(wt, c)).toBeCloseTo(theta ** 2 / 2, 14);
    expect(dot(wt, mul(c, c))).toBeCloseTo(theta ** 3 / 3, 14);
    expect(dot(wt, mul(mul(c, c), c))).toBeCloseTo(theta ** 4 / 4, 14);
  });
});
