import type { RosenbrockTableau } from '../types';

/** A Rosenbrock method in standard form (Hairer & Wanner, Solving ODEs II, §IV.7), with k_i including h. */
export interface StandardRosenbrock {
  readonly name: string;
  readonly order: number;
  readonly embeddedOrder: number;
  /** Diagonal γ (all γ_ii equal). */
  readonly gamma: number;
  /** α_ij (strictly lower), stage arguments y₀ + Σ α_ij k_j. */
  readonly alpha: readonly (readonly number[])[];
  /** γ_ij (strictly lower), the hJ·Σ γ_ij k_j coupling. */
  readonly gammaLower: readonly (readonly number[])[];
  /** y₁ = y₀ + Σ b_j k_j. */
  readonly b: readonly number[];
  /** Error estimate Σ bErr_j k_j. */
  readonly bErr: readonly number[];
  /** Dense output: c_r = Σ dense[r]_j k_j in y(θ) = (1−θ)y₀ + θ(y₁ + (1−θ)(c₀ + θ(c₁ + …))). */
  readonly dense: readonly (readonly number[])[];
}

/**
 * Rewrites a standard-form method in the transformed variables u = Γk of Hairer & Wanner (§IV.7):
 * a = αΓ⁻¹, c = diag(1/γ) − Γ⁻¹, m = bΓ⁻¹, so one stepper runs every Rosenbrock tableau without matrix–vector
 * products with J.
 */
export function fromStandardForm(m: StandardRosenbrock): RosenbrockTableau {
  const s = m.b.length;
  const G: number[][] = Array.from({ length: s }, (_, i) =>
    Array.from({ length: s }, (_, j) => (i === j ? m.gamma : j < i ? (m.gammaLower[i][j] ?? 0) : 0)),
  );
  // Γ is lower triangular: invert by forward substitution.
  const Ginv: number[][] = Array.from({ length: s }, () => new Array<number>(s).fill(0));
  for (let col = 0; col < s; col++) {
    for (let i = 0; i < s; i++) {
      let v = i === col ? 1 : 0;
      for (let j = 0; j < i; j++) v -= G[i][j] * Ginv[j][col];
      Ginv[i][col] = v / G[i][i];
    }
  }
  const rowTimesGinv = (row: readonly number[]): number[] =>
    Array.from({ length: s }, (_, j) => row.reduce((acc, v, k) => acc + (v ?? 0) * Ginv[k][j], 0));
  const alphaFull = Array.from({ length: s }, (_, i) => Array.from({ length: s }, (_, j) => (j < i ? (m.alpha[i][j] ?? 0) : 0)));
  const a = alphaFull.map((row, i) => rowTimesGinv(row).slice(0, i));
  const c = Array.from({ length: s }, (_, i) => Array.from({ length: i }, (_, j) => -Ginv[i][j]));
  return {
    name: m.name,
    order: m.order,
    embeddedOrder: m.embeddedOrder,
    gamma: m.gamma,
    alpha: alphaFull.map((row) => row.reduce((acc, v) => acc + v, 0)),
    gammaSum: G.map((row) => row.reduce((acc, v) => acc + v, 0)),
    a,
    c,
    m: rowTimesGinv(m.b),
    e: rowTimesGinv(m.bErr),
    d: m.dense.map(rowTimesGinv),
  };
}
