import type { ExplicitTableau } from '../types';

/**
 * Dormand–Prince 5(4), "DOPRI5".
 * Dormand JR, Prince PJ. A family of embedded Runge–Kutta formulae. J Comput Appl Math 1980;6(1):19–26
 * (the pair RK5(4)7M). Error coefficients and the 4th-order continuous extension (Shampine 1986, the `d`
 * coefficients) as given in Hairer, Nørsett & Wanner, Solving ODEs I, 2nd ed., §II.5 and §II.6
 * (dense output), and used in Hairer's DOPRI5 code (CONTD5).
 */
const b = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0];

/** Shampine's dense-output coefficients d_i (HNW I §II.6). */
const d = [
  -12715105075 / 11282082432,
  0,
  87487479700 / 32700410799,
  -10690763975 / 1880347072,
  701980252875 / 199316789632,
  -1453857185 / 822651844,
  69997945 / 29380423,
];

/**
 * CONTD5 evaluates y₀ + θ·Δ + θθ₁·(hk₁ − Δ) + θ²θ₁·(Δ − hk₇ − (hk₁ − Δ)) + θ²θ₁²·h·Σ d_i k_i with Δ = hΣ b_i k_i,
 * θ₁ = 1 − θ. Collecting the k_i gives weight polynomials w_i(θ) = b_i·P + [i=1]·Q − [i=7]·θ²θ₁ + d_i·θ²θ₁²
 * with P = 3θ² − 2θ³ and Q = θ − 2θ² + θ³; stored as coefficients of θ, θ², θ³, θ⁴.
 */
function denseWeights(): number[][] {
  return b.map((bi, i) => {
    const w = [0, 3 * bi, -2 * bi, 0];
    if (i === 0) {
      w[0] += 1;
      w[1] -= 2;
      w[2] += 1;
    }
    if (i === 6) {
      w[1] -= 1;
      w[2] += 1;
    }
    w[1] += d[i];
    w[2] -= 2 * d[i];
    w[3] += d[i];
    return w;
  });
}

export const DOPRI5_TABLEAU: ExplicitTableau = {
  name: 'dopri5',
  order: 5,
  embeddedOrder: 4,
  c: [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1],
  a: [
    [],
    [1 / 5],
    [3 / 40, 9 / 40],
    [44 / 45, -56 / 15, 32 / 9],
    [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
    [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
    [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
  ],
  b,
  // b − b̂ (HNW I §II.5; Hairer's E1…E7).
  btilde: [71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40],
  dense: denseWeights(),
  // Hairer's DOPRI5 stiffness test (IASTI) compares h·ρ with 3.25; Hairer & Wanner, Solving ODEs II, §IV.2.
  stabilityBoundary: 3.25,
};
