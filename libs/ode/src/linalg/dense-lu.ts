/**
 * Dense LU factorisation with partial pivoting, in place on a row-major Float64Array (Golub & Van Loan,
 * Matrix Computations, 4th ed., Alg. 3.4.1). Written once; the Rosenbrock stepper reuses the same buffers
 * every step, so nothing here allocates.
 */

/** Factorises A (n×n, row-major) in place into L\U; `pivots[k]` is the row swapped with row k. False if singular. */
export function luFactor(a: Float64Array, n: number, pivots: Int32Array): boolean {
  for (let k = 0; k < n; k++) {
    let p = k;
    let max = Math.abs(a[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]);
      if (v > max) {
        max = v;
        p = i;
      }
    }
    pivots[k] = p;
    if (max === 0 || !Number.isFinite(max)) return false;
    if (p !== k) {
      const rk = k * n;
      const rp = p * n;
      for (let j = 0; j < n; j++) {
        const t = a[rk + j];
        a[rk + j] = a[rp + j];
        a[rp + j] = t;
      }
    }
    const inv = 1 / a[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const lik = a[ri + k] * inv;
      a[ri + k] = lik;
      if (lik !== 0) {
        const rk = k * n;
        for (let j = k + 1; j < n; j++) a[ri + j] -= lik * a[rk + j];
      }
    }
  }
  return true;
}

/** Solves (LU)x = b in place in `b`, using the factors and pivots from `luFactor`. */
export function luSolve(lu: Float64Array, n: number, pivots: Int32Array, b: Float64Array): void {
  for (let k = 0; k < n; k++) {
    const p = pivots[k];
    if (p !== k) {
      const t = b[k];
      b[k] = b[p];
      b[p] = t;
    }
  }
  for (let i = 1; i < n; i++) {
    let s = b[i];
    const ri = i * n;
    for (let j = 0; j < i; j++) s -= lu[ri + j] * b[j];
    b[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    const ri = i * n;
    for (let j = i + 1; j < n; j++) s -= lu[ri + j] * b[j];
    b[i] = s / lu[ri + i];
  }
}
