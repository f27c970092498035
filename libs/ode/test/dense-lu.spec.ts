import { describe, expect, it } from 'vitest';
import { luFactor, luSolve } from '../src/linalg/dense-lu';

/** Deterministic pseudo-random numbers (Park–Miller minimal standard), so the test is reproducible. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647 - 0.5;
  };
}

describe('luFactor / luSolve', () => {
  it('should recover x of random 1…20-dimensional systems to 1e-9', () => {
    const rand = lcg(42);
    for (let n = 1; n <= 20; n++) {
      const A = Float64Array.from({ length: n * n }, rand);
      const x = Float64Array.from({ length: n }, rand);
      const b = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[i] += A[i * n + j] * x[j];
      const lu = A.slice();
      const piv = new Int32Array(n);
      expect(luFactor(lu, n, piv)).toBe(true);
      luSolve(lu, n, piv, b);
      let err = 0;
      for (let i = 0; i < n; i++) err = Math.max(err, Math.abs(b[i] - x[i]));
      expect(err).toBeLessThan(1e-9);
    }
  });

  it('should need pivoting and get it right when the leading entry is zero', () => {
    // [[0, 1], [1, 0]] x = [2, 3] → x = [3, 2]; without row exchange the first pivot is 0.
    const lu = new Float64Array([0, 1, 1, 0]);
    const piv = new Int32Array(2);
    expect(luFactor(lu, 2, piv)).toBe(true);
    const b = new Float64Array([2, 3]);
    luSolve(lu, 2, piv, b);
    expect(Array.from(b)).toEqual([3, 2]);
  });

  it('should report a singular matrix', () => {
    const lu = new Float64Array([1, 2, 2, 4]);
    expect(luFactor(lu, 2, new Int32Array(2))).toBe(false);
  });
});
