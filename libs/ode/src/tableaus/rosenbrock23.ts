import type { RosenbrockTableau } from '../types';
import { fromStandardForm } from './rosenbrock-standard-form';

/**
 * Rosenbrock23: the 2(3) modified Rosenbrock (W-)method of MATLAB's ode23s.
 * Shampine LF, Reichelt MW. The MATLAB ODE Suite. SIAM J Sci Comput 1997;18(1):1–22, §3 (the scheme with
 * d = 1/(2 + √2), e₃₂ = 6 + √2, its error estimate h/6·(k₁ − 2k₂ + k₃) and its continuous extension).
 *
 * In the paper's variables W = I − hdJ, W k₁ = F₀ + hdT, W(k₂ − k₁) = F₁ − k₁, W k₃ = F₂ − e₃₂(k₂ − F₁) −
 * 2(k₁ − F₀) + hdT. Eliminating F₀ = W k₁ − hdT and F₁ = W k₂ + hdJk₁ gives the standard Rosenbrock form
 * below (k here = h·k of the paper): γ₂₁ = −d, γ₃₁ = d(e₃₂ − 2), γ₃₂ = −d·e₃₂, α₂₁ = 1/2, α₃₂ = 1.
 * Dense output y₀ + h(θ(1−θ)k₁ + θ(θ − 2d)k₂)/(1 − 2d) = (1−θ)y₀ + θ(y₁ + (1−θ)·(k₁ − k₂)/(1 − 2d)).
 * The step advances the 2nd-order solution; L-stable; a W-method, so a rough Jacobian keeps order 2.
 */
const d = 1 / (2 + Math.SQRT2);
const e32 = 6 + Math.SQRT2;

export const ROSENBROCK23_TABLEAU: RosenbrockTableau = fromStandardForm({
  name: 'rosenbrock23',
  order: 2,
  embeddedOrder: 2,
  gamma: d,
  alpha: [[], [0.5], [0, 1]],
  gammaLower: [[], [-d], [d * (e32 - 2), -d * e32]],
  b: [0, 1, 0],
  bErr: [1 / 6, -1 / 3, 1 / 6],
  dense: [[1 / (1 - 2 * d), -1 / (1 - 2 * d), 0]],
});
