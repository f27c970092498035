import type { ExplicitTableau } from '../types';
import { explicitKernels, type ExplicitKernels } from './explicit-rk-kernels';
import type { StepContext, Stepper } from './stepper';

/**
 * One explicit Runge–Kutta stepper for any FSAL pair given as a tableau (Hairer, Nørsett & Wanner,
 * Solving ODEs I, §II.1 for the stages, §II.4 for the embedded error estimate, §II.6 for dense output).
 * The last stage is evaluated at the new solution, so its slope is the next step's first (FSAL).
 */
export class ExplicitRkStepper implements Stepper {
  readonly errorOrder: number;
  readonly denseLength: number;
  singular = false;
  private readonly s: number;
  private readonly k: Float64Array[];
  private readonly yStage: Float64Array;
  private readonly yBeforeLast: Float64Array;
  private readonly kernels: ExplicitKernels;
  private readonly recordViews: Float64Array[];
  private denseStart: Float64Array;
  private lastYNew: Float64Array;

  /** `trackStiffness`: keep the stage-(s−1) point for `stiffness()` (auto-switching only). */
  constructor(
    tableau: ExplicitTableau,
    private readonly ctx: StepContext,
    trackStiffness = false,
  ) {
    const s = tableau.c.length;
    const last = tableau.a[s - 1];
    for (let j = 0; j < s - 1; j++) {
      if (last[j] !== tableau.b[j]) throw new Error(`${tableau.name}: only FSAL pairs (last row of a equals b) are supported`);
    }
    const n = ctx.n;
    this.s = s;
    this.kernels = explicitKernels(tableau, ctx.n);
    this.k = Array.from({ length: s }, () => new Float64Array(n));
    this.yStage = new Float64Array(n);
    // Without stiffness tracking the stage before last goes to the common stage buffer: no copy.
    this.yBeforeLast = trackStiffness ? new Float64Array(n) : this.yStage;
    this.recordViews = new Array<Float64Array>(s);
    this.errorOrder = tableau.embeddedOrder + 1;
    this.denseLength = (s + 1) * n;
    this.lastYNew = this.yStage;
    this.denseStart = this.yStage;
  }

  get fStart(): Float64Array {
    return this.k[0];
  }

  start(t: number, y: Float64Array): boolean {
    const ctx = this.ctx;
    ctx.rhs(t, y, ctx.p, ctx.u, this.k[0]);
    ctx.stats.rhsEvaluations++;
    const f = this.k[0];
    for (let i = 0; i < ctx.n; i++) if (!Number.isFinite(f[i])) return false;
    return true;
  }

  attempt(t: number, y: Float64Array, h: number, yNew: Float64Array): number {
    const ctx = this.ctx;
    this.singular = false;
    this.lastYNew = yNew;
    ctx.stats.rhsEvaluations += this.s - 1;
    return this.kernels.attempt(t, y, h, yNew, this.k, this.yStage, this.yBeforeLast, ctx.rhs, ctx.p, ctx.u, ctx.atol, ctx.rtol, ctx.n);
  }

  /** Hairer's test (Solving ODEs II, §IV.2; DOPRI5's IASTI): ρ ≈ ‖k_s − k_{s−1}‖ / ‖y_s − y_{s−1}‖ from the two stages at c = 1. */
  stiffness(h: number): number {
    const { n } = this.ctx;
    const ks = this.k[this.s - 1];
    const kp = this.k[this.s - 2];
    let num = 0;
    let den = 0;
    for (let m = 0; m < n; m++) {
      const dk = ks[m] - kp[m];
      const dy = this.lastYNew[m] - this.yBeforeLast[m];
      num += dk * dk;
      den += dy * dy;
    }
    return den > 0 ? (h * Math.sqrt(num)) / Math.sqrt(den) : 0;
  }

  prepareDense(y: Float64Array): void {
    this.denseStart = y;
  }

  interpolateCurrent(theta: number, h: number, out: Float64Array): void {
    this.interpolateFrom(this.denseStart, this.k, theta, h, out);
  }

  writeDense(buf: Float64Array, offset: number): void {
    const n = this.ctx.n;
    buf.set(this.denseStart, offset);
    for (let j = 0; j < this.s; j++) buf.set(this.k[j], offset + (j + 1) * n);
  }

  interpolate(buf: Float64Array, offset: number, theta: number, h: number, out: Float64Array): void {
    const n = this.ctx.n;
    for (let j = 0; j < this.s; j++) this.recordViews[j] = buf.subarray(offset + (j + 1) * n, offset + (j + 2) * n);
    this.interpolateFrom(buf.subarray(offset, offset + n), this.recordViews, theta, h, out);
  }

  /** y(t₀ + θh) = y₀ + h·Σ w_i(θ)·k_i. */
  private interpolateFrom(y0: Float64Array, k: Float64Array[], theta: number, h: number, out: Float64Array): void {
    this.kernels.interpolate(y0, k, theta, h, out, this.ctx.n);
  }

  accept(): void {
    // FSAL: the last stage's slope is f at the new solution.
    const k = this.k;
    const first = k[0];
    k[0] = k[this.s - 1];
    k[this.s - 1] = first;
  }
}
