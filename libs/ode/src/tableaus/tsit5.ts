import type { ExplicitTableau } from '../types';

/**
 * Tsitouras 5(4).
 * Tsitouras Ch. Runge–Kutta pairs of order 5(4) satisfying only the first column simplifying assumption.
 * Comput Math Appl 2011;62(2):770–775 (the 5(4) pair and its free 4th-order
 * interpolant b_i(θ), given there as polynomials in θ). Coefficients to 16 digits as distributed with the paper's
 * companion listing and OrdinaryDiffEq.jl's Tsit5 (whose b̂₇ sign convention, b − b̂, is used here).
 */
export const TSIT5_TABLEAU: ExplicitTableau = {
  name: 'tsit5',
  order: 5,
  embeddedOrder: 4,
  c: [0, 0.161, 0.327, 0.9, 0.9800255409045097, 1, 1],
  a: [
    [],
    [0.161],
    [-0.008480655492356989, 0.335480655492357],
    [2.897153057105493, -6.359448489975075, 4.3622954328695815],
    [5.325864828439257, -11.748883564062828, 7.4955393428898365, -0.09249506636175525],
    [5.86145544294642, -12.92096931784711, 8.159367898576159, -0.071584973281401, -0.028269050394068383],
    [0.09646076681806523, 0.01, 0.4798896504144996, 1.379008574103742, -3.290069515436081, 2.324710524099774],
  ],
  b: [0.09646076681806523, 0.01, 0.4798896504144996, 1.379008574103742, -3.290069515436081, 2.324710524099774, 0],
  btilde: [
    -0.0017800110522257773, -0.0008164344596567469, 0.007880878010261995, -0.1447110071732629, 0.5823571654525552,
    -0.45808210592918697, 1 / 66,
  ],
  // w_i(θ) coefficients of θ, θ², θ³, θ⁴ (the paper's interpolant; w_i(1) = b_i).
  dense: [
    [1, -2.763706197274826, 2.9132554618219126, -1.0530884977290216],
    [0, 0.13169999999999998, -0.2234, 0.1017],
    [0, 3.9302962368947516, -5.941033872131505, 2.490627285651253],
    [0, -12.411077166933676, 30.33818863028232, -16.548102889244902],
    [0, 37.50931341651104, -88.1789048947664, 47.37952196281928],
    [0, -27.896526289197286, 65.09189467479366, -34.87065786149661],
    [0, 1.5, -4, 2.5],
  ],
  // Real-axis stability boundary of the 5th-order solution (≈ 3.5, cf. OrdinaryDiffEq's Tsit5 stiffness test).
  stabilityBoundary: 3.5,
};
