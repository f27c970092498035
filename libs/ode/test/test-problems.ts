import type { OdeFunction } from '../src/types';

/**
 * Test problems with their published reference values. Each reference names its source; none comes from
 * this library's own runs.
 */

/** y' = −y + sin t, y(0) = 1: y(t) = 1.5·e^(−t) + (sin t − cos t)/2. Non-autonomous, linear. */
export const linearForced: OdeFunction = {
  dimension: 1,
  rhs: (t, y, _p, _u, dy) => {
    dy[0] = -y[0] + Math.sin(t);
  },
};
export const linearForcedExact = (t: number): number => 1.5 * Math.exp(-t) + (Math.sin(t) - Math.cos(t)) / 2;

/** Logistic y' = 3y(1 − y), y(0) = 0.1: y(t) = 1/(1 + 9e^(−3t)). Autonomous, nonlinear, with its Jacobian. */
export const logistic: OdeFunction = {
  dimension: 1,
  autonomous: true,
  rhs: (_t, y, _p, _u, dy) => {
    dy[0] = 3 * y[0] * (1 - y[0]);
  },
  jacobian: (_t, y, _p, _u, J) => {
    J[0] = 3 * (1 - 2 * y[0]);
  },
};
export const logisticExact = (t: number): number => 1 / (1 + 9 * Math.exp(-3 * t));

/**
 * Van der Pol in Hairer's ε-scaled form (Hairer & Wanner, Solving ODEs II, §IV.10, problem VDPOL):
 * y₁' = y₂, y₂' = ((1 − y₁²)·y₂ − y₁)/ε with ε = 1e−6 (μ = 1000 in scaled time), y(0) = (2, 0).
 */
export function vanDerPolScaled(eps: number): OdeFunction {
  return {
    dimension: 2,
    autonomous: true,
    rhs: (_t, y, _p, _u, dy) => {
      dy[0] = y[1];
      dy[1] = ((1 - y[0] * y[0]) * y[1] - y[0]) / eps;
    },
    jacobian: (_t, y, _p, _u, J) => {
      J[0] = 0;
      J[1] = 1;
      J[2] = (-2 * y[0] * y[1] - 1) / eps;
      J[3] = (1 - y[0] * y[0]) / eps;
    },
  };
}
/**
 * y(2) for ε = 1e−6, from Hairer's test set page for VDPOL ("res_exact_pic": exact solution at t = 1, 2, …, 11),
 * http://www.unige.ch/~hairer/testset/stiff/vdpol/ (also quoted in the Scilab/odepkg test suites).
 */
export const VDPOL_REF_T2 = [0.1706167732170456e1, -0.8928097010248257] as const;

/** Van der Pol in unscaled time: y₁' = y₂, y₂' = μ(1 − y₁²)y₂ − y₁. */
export function vanDerPol(mu: number): OdeFunction {
  return {
    dimension: 2,
    autonomous: true,
    rhs: (_t, y, _p, _u, dy) => {
      dy[0] = y[1];
      dy[1] = mu * (1 - y[0] * y[0]) * y[1] - y[0];
    },
    jacobian: (_t, y, _p, _u, J) => {
      J[0] = 0;
      J[1] = 1;
      J[2] = -2 * mu * y[0] * y[1] - 1;
      J[3] = mu * (1 - y[0] * y[0]);
    },
  };
}

/** Robertson's chemical kinetics (problem ROBER of the Bari/Mazzia–Magherini IVP test set, release 2.4). */
export const robertson: OdeFunction = {
  dimension: 3,
  autonomous: true,
  rhs: (_t, y, _p, _u, dy) => {
    dy[0] = -0.04 * y[0] + 1e4 * y[1] * y[2];
    dy[2] = 3e7 * y[1] * y[1];
    dy[1] = -dy[0] - dy[2];
  },
  jacobian: (_t, y, _p, _u, J) => {
    J[0] = -0.04;
    J[1] = 1e4 * y[2];
    J[2] = 1e4 * y[1];
    J[6] = 0;
    J[7] = 6e7 * y[1];
    J[8] = 0;
    J[3] = -J[0] - J[6];
    J[4] = -J[1] - J[7];
    J[5] = -J[2] - J[8];
  },
};
/** y(1e11), Bari test set report rober.pdf (Mazzia & Magherini), reference solution table. */
export const ROBER_REF_T1E11 = [0.2083340149701255e-7, 0.8333360770334713e-13, 0.9999999791665050] as const;

/** HIRES (Schäfer 1975), problem HIRES of the Bari IVP test set, t ∈ [0, 321.8122]. */
export const hires: OdeFunction = {
  dimension: 8,
  autonomous: true,
  rhs: (_t, y, _p, _u, f) => {
    f[0] = -1.71 * y[0] + 0.43 * y[1] + 8.32 * y[2] + 0.0007;
    f[1] = 1.71 * y[0] - 8.75 * y[1];
    f[2] = -10.03 * y[2] + 0.43 * y[3] + 0.035 * y[4];
    f[3] = 8.32 * y[1] + 1.71 * y[2] - 1.12 * y[3];
    f[4] = -1.745 * y[4] + 0.43 * y[5] + 0.43 * y[6];
    f[5] = -280 * y[5] * y[7] + 0.69 * y[3] + 1.71 * y[4] - 0.43 * y[5] + 0.69 * y[6];
    f[6] = 280 * y[5] * y[7] - 1.81 * y[6];
    f[7] = -f[6];
  },
};
export const HIRES_Y0 = [1, 0, 0, 0, 0, 0, 0, 0.0057] as const;
/** y(321.8122), Bari test set report hires.pdf (computed there with RADAU5 at rtol = atol = 1.1e−18). */
export const HIRES_REF = [
  0.7371312573325668e-3, 0.1442485726316185e-3, 0.5888729740967575e-4, 0.1175651343283149e-2, 0.2386356198831331e-2,
  0.6238968252742796e-2, 0.2849998395185769e-2, 0.2850001604814231e-2,
] as const;
