import { ExplicitRkStepper } from '../steppers/explicit-rk.stepper';
import type { StepContext } from '../steppers/stepper';
import type { OdeMethod, Outcome, RhsFn, SolverStats } from '../types';
import { clipNegative } from './non-negative';
import { PiController } from './pi-controller';
import { EPS, sameTime } from './time-compare';

export interface ExplicitIntegratorOptions {
  readonly rtol: number;
  readonly atol: number;
  /** Components kept non-negative (clipped after each accepted step, as `solve`'s `nonNegative`). */
  readonly nonNegative?: readonly number[];
  /** Most steps one `advance` may take (default 1,000,000, as `solve`). */
  readonly maxSteps?: number;
}

/**
 * A reusable explicit Runge–Kutta integrator for one system advanced over many consecutive spans (the twin's what-if
 * advances an ensemble in 5-minute chunks over days, with impulses and noise between them): its stages and buffers
 * are allocated once, and its step size and the PI controller's error memory are kept from one `advance` to the next,
 * so a chunk starts with the step the last one ended with instead of a fresh starting step. The step itself is
 * `solve`'s (the same stepper, kernels, PI controller, landing on the span's end with ≤ 1 % stretch, rejection,
 * non-negative clipping with an FSAL restart): with `initialStep` given on each call it takes exactly the steps of
 * `solve(…, { initialStep })` over the span, bit for bit (explicit-integrator.spec.ts). Each `advance` re-evaluates
 * f at its start, since the caller may have changed y, p or u in place between calls (a time event's FSAL reset).
 */
export class ExplicitIntegrator {
  readonly stats: SolverStats = { steps: 0, accepted: 0, rejected: 0, rhsEvaluations: 0, jacobianEvaluations: 0, luDecompositions: 0, stiffSteps: 0, switches: 0 };
  private readonly ctx: StepContext;
  private readonly stepper: ExplicitRkStepper;
  private readonly controller = new PiController();
  private readonly nonNegative: Int32Array;
  private readonly maxSteps: number;
  private ya: Float64Array;
  private yb: Float64Array;
  /** The step to try next (NaN before the first advance). */
  private h = Number.NaN;

  constructor(method: OdeMethod, dimension: number, rhs: RhsFn, p: Float64Array, u: Float64Array, options: ExplicitIntegratorOptions) {
    if (method.kind !== 'explicit') throw new Error('ExplicitIntegrator: needs an explicit method (e.g. tsit5())');
    if (!(options.rtol > 0) || !(options.atol >= 0)) throw new Error('ExplicitIntegrator: rtol must be > 0 and atol ≥ 0');
    this.ctx = { n: dimension, rhs, p, u, stats: this.stats, rtol: options.rtol, atol: new Float64Array(dimension).fill(options.atol) };
    this.stepper = new ExplicitRkStepper(method.tableau, this.ctx);
    this.nonNegative = Int32Array.from(options.nonNegative ?? []);
    this.maxSteps = options.maxSteps ?? 1_000_000;
    this.ya = new Float64Array(dimension);
    this.yb = new Float64Array(dimension);
  }

  /**
   * Advances y in place from t0 to t1 (> t0). `initialStep`: the first step to try, with the controller's memory
   * cleared (a fresh solve); otherwise the step kept from the last call, at most the span (the whole span on the
   * first call). Returns 'success' or why it stopped (y then holds the last accepted state).
   */
  advance(y: Float64Array, t0: number, t1: number, initialStep?: number): Outcome {
    const stepper = this.stepper;
    const controller = this.controller;
    const stats = this.stats;
    let cur = this.ya;
    let next = this.yb;
    cur.set(y);
    clipNegative(cur, this.nonNegative);
    let outcome: Outcome = 'success';
    if (!stepper.start(t0, cur)) outcome = 'non-finite';
    if (initialStep !== undefined) {
      controller.reset();
      this.h = initialStep;
    } else if (!(this.h > 0)) {
      this.h = t1 - t0;
    }
    let h = this.h;
    let t = t0;
    let steps = 0;
    while (outcome === 'success' && t < t1 && !sameTime(t, t1)) {
      if (steps >= this.maxSteps) {
        outcome = 'max-steps';
        break;
      }
      const hWanted = h;
      let hTry = hWanted;
      let landing = false;
      if (t + 1.01 * hTry >= t1 || sameTime(t + hTry, t1)) {
        hTry = t1 - t;
        landing = true;
      }
      const err = stepper.attempt(t, cur, hTry, next);
      steps++;
      stats.steps++;
      if (!(err <= 1)) {
        stats.rejected++;
        h = controller.rejected(hTry, err, stepper.errorOrder);
        if (h < 16 * EPS * Math.max(1, Math.abs(t))) outcome = Number.isNaN(err) ? 'non-finite' : 'step-size-too-small';
        continue;
      }
      stats.accepted++;
      h = controller.accepted(hTry, err, stepper.errorOrder);
      if (landing) h = Math.max(h, hWanted);
      stepper.accept();
      const swap = cur;
      cur = next;
      next = swap;
      t = landing ? t1 : t + hTry;
      if (clipNegative(cur, this.nonNegative) && !stepper.start(t, cur)) outcome = 'non-finite';
    }
    this.h = h;
    this.ya = cur;
    this.yb = next;
    y.set(cur);
    return outcome;
  }
}
