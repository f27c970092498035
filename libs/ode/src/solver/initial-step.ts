import type { StepContext, Stepper } from '../steppers/stepper';

/**
 * Starting step size (Hairer, Nørsett & Wanner, Solving ODEs I, §II.4, "Starting step size", steps a–f):
 * h₀ from ‖y₀‖/‖f₀‖, one explicit Euler probe for a second-derivative estimate, h₁ = (0.01/max(d₁, d₂))^(1/k).
 */
export function initialStep(
  ctx: StepContext,
  stepper: Stepper,
  t: number,
  y: Float64Array,
  span: number,
  maxStep: number,
  y1: Float64Array,
  f1: Float64Array,
): number {
  const { n, atol, rtol } = ctx;
  const f0 = stepper.fStart;
  let d0 = 0;
  let d1 = 0;
  for (let i = 0; i < n; i++) {
    const sc = atol[i] + rtol * Math.abs(y[i]);
    d0 += (y[i] / sc) ** 2;
    d1 += (f0[i] / sc) ** 2;
  }
  d0 = Math.sqrt(d0 / n);
  d1 = Math.sqrt(d1 / n);
  let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * (d0 / d1);
  h0 = Math.min(h0, span, maxStep);
  for (let i = 0; i < n; i++) y1[i] = y[i] + h0 * f0[i];
  ctx.rhs(t + h0, y1, ctx.p, ctx.u, f1);
  ctx.stats.rhsEvaluations++;
  let d2 = 0;
  for (let i = 0; i < n; i++) {
    const sc = atol[i] + rtol * Math.abs(y[i]);
    d2 += ((f1[i] - f0[i]) / sc) ** 2;
  }
  d2 = Math.sqrt(d2 / n) / h0;
  const dm = Math.max(d1, d2);
  const h1 = Number.isFinite(dm) && dm > 1e-15 ? Math.pow(0.01 / dm, 1 / stepper.errorOrder) : Math.max(1e-6, h0 * 1e-3);
  const h = Math.min(100 * h0, h1, span, maxStep);
  return Number.isFinite(h) && h > 0 ? h : Math.min(1e-6, span);
}
