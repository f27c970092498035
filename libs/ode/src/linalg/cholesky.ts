/**
 * Cholesky factorisation of a symmetric positive definite matrix (Golub & Van Loan, Matrix Computations, 4th ed.,
 * Algorithm 4.2.1, the row-wise (Cholesky–Banachiewicz) order), and the solve by forward and back substitution.
 */
/** Lower-triangular Cholesky factor L (row-major, A = LLᵀ) of a symmetric positive definite k×k matrix; null if not SPD. */
export function choleskyFactor(A: ArrayLike<number>, k: number): Float64Array | null {
  const L = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * k + j];
      for (let m = 0; m < j; m++) s -= L[i * k + m] * L[j * k + m];
      if (i === j) {
        if (!(s > 0)) return null;
        L[i * k + i] = Math.sqrt(s);
      } else L[i * k + j] = s / L[j * k + j];
    }
  }
  return L;
}

/** Cholesky solve of the symmetric positive definite k×k system A x = b; null if A is not SPD. */
export function choleskySolve(A: Float64Array, b: Float64Array, k: number): Float64Array | null {
  const L = choleskyFactor(A, k);
  if (L === null) return null;
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let m = 0; m < i; m++) s -= L[i * k + m] * y[m];
    y[i] = s / L[i * k + i];
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = y[i];
    for (let m = i + 1; m < k; m++) s -= L[m * k + i] * x[m];
    x[i] = s / L[i * k + i];
  }
  return x;
}

/** Inverse of a symmetric positive definite k×k matrix, column by column by choleskySolve; every entry +∞ if not SPD. */
export function choleskyInverse(A: Float64Array, k: number): Float64Array {
  const out = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    const e = new Float64Array(k);
    e[j] = 1;
    const col = choleskySolve(A, e, k) ?? new Float64Array(k).fill(Number.POSITIVE_INFINITY);
    for (let i = 0; i < k; i++) out[i * k + j] = col[i];
  }
  return out;
}
