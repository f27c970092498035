import { describe, expect, it } from 'vitest';
import { explicitKernels, UNROLL_MAX } from '../src/steppers/explicit-rk-kernels';
import { DOPRI5_TABLEAU } from '../src/tableaus/dopri5';
import { TSIT5_TABLEAU } from '../src/tableaus/tsit5';
import type { ExplicitTableau } from '../src/types';

/**
 * The generated kernels against a plain reading of the formulas (HNW I §II.1, §II.4, §II.6) written with
 * loops over the tableau: stage sums in the same order must give the same doubles, bit for bit, whether the
 * kernel's component loops are unrolled (small systems) or not.
 */
// A small nonlinear, non-autonomous right-hand side with coupled components.
const rhs = (t: number, y: Float64Array, p: Float64Array, u: Float64Array, dy: Float64Array): void => {
  const n = y.length;
  for (let i = 0; i < n; i++) dy[i] = -p[0] * y[i] + Math.sin(t + y[(i + 1) % n]) + u[0] * y[(i + 2) % n] * y[i];
};
const p = Float64Array.of(0.7);
const u = Float64Array.of(0.1);

function referenceStep(tab: ExplicitTableau, t: number, y: Float64Array, h: number, k0: Float64Array) {
  const s = tab.c.length;
  const n = y.length;
  const k = [Float64Array.from(k0), ...Array.from({ length: s - 1 }, () => new Float64Array(n))];
  const yStage = new Float64Array(n);
  for (let i = 1; i < s; i++) {
    yStage.set(y);
    for (let j = 0; j < i; j++) {
      if (tab.a[i][j] === 0) continue;
      for (let m = 0; m < n; m++) yStage[m] += h * tab.a[i][j] * k[j][m];
    }
    rhs(t + tab.c[i] * h, yStage, p, u, k[i]);
  }
  const yNew = Float64Array.from(yStage);
  const atol = 1e-6;
  const rtol = 1e-4;
  let sum = 0;
  for (let m = 0; m < n; m++) {
    let err = 0;
    for (let j = 0; j < s; j++) if (tab.btilde[j] !== 0) err += h * tab.btilde[j] * k[j][m];
    const r = err / (atol + rtol * Math.max(Math.abs(y[m]), Math.abs(yNew[m])));
    sum += r * r;
  }
  return { k, yNew, norm: Math.sqrt(sum / n) };
}

describe('explicitKernels', () => {
  for (const tab of [DOPRI5_TABLEAU, TSIT5_TABLEAU]) {
    for (const n of [5, UNROLL_MAX + 3]) {
    it(`should reproduce the loop-over-tableau step and dense output of ${tab.name} bit for bit when n = ${n}`, () => {
      const sut = explicitKernels(tab, n);
      const s = tab.c.length;
      const y = Float64Array.from({ length: n }, (_, m) => [1, -0.5, 0.25, 2, -1.5][m % 5] * (1 + m / 10));
      const t = 0.3;
      const h = 0.137;
      const k = Array.from({ length: s }, () => new Float64Array(n));
      rhs(t, y, p, u, k[0]);
      const ref = referenceStep(tab, t, y, h, k[0]);
      const yNew = new Float64Array(n);
      const stage = new Float64Array(n);
      const beforeLast = new Float64Array(n);
      const norm = sut.attempt(t, y, h, yNew, k, stage, beforeLast, rhs, p, u, new Float64Array(n).fill(1e-6), 1e-4, n);
      expect(Array.from(yNew)).toEqual(Array.from(ref.yNew));
      k.forEach((kj, j) => expect(Array.from(kj)).toEqual(Array.from(ref.k[j])));
      expect(norm).toBe(ref.norm);
      expect(norm).toBeGreaterThan(0);

      for (const theta of [0, 0.3, 1]) {
        const out = new Float64Array(n);
        sut.interpolate(y, k, theta, h, out, n);
        const expected = Float64Array.from(y);
        for (let j = 0; j < s; j++) {
          let acc = 0;
          for (let q = tab.dense[j].length - 1; q >= 0; q--) acc = (acc + tab.dense[j][q]) * theta;
          if (acc === 0) continue;
          for (let m = 0; m < n; m++) expected[m] += h * acc * k[j][m];
        }
        expect(Array.from(out)).toEqual(Array.from(expected));
      }
      // θ = 1 is the step's end (the 4th-order interpolant passes through y₁), to round-off.
      const end = new Float64Array(n);
      sut.interpolate(y, k, 1, h, end, n);
      end.forEach((v, m) => expect(v).toBeCloseTo(yNew[m], 12));
    });
    }
  }

  it('should return NaN when a stage is not finite', () => {
    const sut = explicitKernels(DOPRI5_TABLEAU, 1);
    const k = Array.from({ length: 7 }, () => new Float64Array(1));
    const blowUp = (_t: number, y: Float64Array, _p: Float64Array, _u: Float64Array, dy: Float64Array): void => {
      dy[0] = y[0] > 1.5 ? Infinity : y[0];
    };
    k[0][0] = 1;
    const norm = sut.attempt(0, Float64Array.of(1), 1, new Float64Array(1), k, new Float64Array(1), new Float64Array(1), blowUp, p, u, Float64Array.of(1e-6), 1e-6, 1);
    expect(norm).toBeNaN();
  });

  it('should build one kernel per tableau and dimension and drop zero coefficients', () => {
    expect(explicitKernels(DOPRI5_TABLEAU, 13)).toBe(explicitKernels(DOPRI5_TABLEAU, 13));
    expect(explicitKernels(DOPRI5_TABLEAU, 13)).not.toBe(explicitKernels(DOPRI5_TABLEAU, 12));
    // DOPRI5's a₇₂ and b̃₂ are zero: k1 appears in no later stage sum past row 2, nor in the error.
    expect(explicitKernels(DOPRI5_TABLEAU, 13).source.attempt).not.toMatch(/a6_1/);
    expect(explicitKernels(DOPRI5_TABLEAU, 13).source.attempt).not.toMatch(/e1 /);
    expect(explicitKernels(DOPRI5_TABLEAU, 13).source.attempt).toMatch(/yNew\[12\]/);
    expect(explicitKernels(DOPRI5_TABLEAU, UNROLL_MAX + 1).source.attempt).toMatch(/for \(m = 0; m < n; m\+\+\)/);
  });
});
