import type { ExplicitTableau } from '../types';
import { scaledRmsNorm, type StepContext, type Stepper } from './stepper';

/**
 * One explicit Runge–Kutta stepper for any FSAL pair given as a tableau (Hairer, Nørsett & Wanner,
 * Solving ODEs I, §II.1 (1.8) for the stages, §II.4 for the embedded error estimate, §II.6 for dense output).
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
  private readonly err: Float64Array;
  private readonly a: readonly (readonly number[])[];
  private readonly c: readonly number[];
  private readonly btilde: readonly number[];
  private readonly denseW: Float64Array;
  private lastYNew: Float64Array;

  constructor(
    private readonly tableau: ExplicitTableau,
    private readonly ctx: StepContext,
  ) {
    const s = tableau.c.length;
    const last = tableau.a[s - 1];
    for (let j = 0; j < s - 1; j++) {
      if (last[j] !== tableau.b[j]) throw new Error(`${tableau.name}: only FSAL pairs (last row of a equals b) are supported`);
    }
    const n = ctx.n;
    this.s = s;
    this.a = tableau.a;
    this.c = tableau.c;
    this.btilde = tableau.btilde;
    this.k = Array.from({ length: s }, () => new Float64Array(n));
    this.yStage = new Float64Array(n);
    this.yBeforeLast = new Float64Array(n);
    this.err = new Float64Array(n);
    this.denseW = new Float64Array(s);
    this.errorOrder = tableau.embeddedOrder + 1;
    this.denseLength = (s + 1) * n;
    this.lastYNew = this.yStage;
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
    const { n, rhs, p, u, stats } = this.ctx;
    const { s, k, a, c } = this;
    this.singular = false;
    for (let i = 1; i < s; i++) {
      const ai = a[i];
      const target = i === s - 1 ? yNew : this.yStage;
      for (let m = 0; m < n; m++) {
        let sum = 0;
        for (let j = 0; j < i; j++) sum += ai[j] * k[j][m];
        target[m] = y[m] + h * sum;
      }
      if (i === s - 2) this.yBeforeLast.set(target);
      rhs(t + c[i] * h, target, p, u, k[i]);
    }
    stats.rhsEvaluations += s - 1;
    const err = this.err;
    const bt = this.btilde;
    for (let m = 0; m < n; m++) {
      let sum = 0;
      for (let j = 0; j < s; j++) sum += bt[j] * k[j][m];
      err[m] = h * sum;
    }
    this.lastYNew = yNew;
    const norm = scaledRmsNorm(err, y, yNew, this.ctx.atol, this.ctx.rtol, n);
    if (!Number.isFinite(norm)) return NaN;
    for (let m = 0; m < n; m++) if (!Number.isFinite(k[s - 1][m])) return NaN;
    return norm;
  }

  /** Hairer's test (Solving ODEs II, §IV.2, (2.7)): ρ ≈ ‖k_s − k_{s−1}‖ / ‖y_s − y_{s−1}‖ from the two stages at c = 1. */
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

  writeDense(y: Float64Array, _yNew: Float64Array, buf: Float64Array, offset: number): void {
    const n = this.ctx.n;
    buf.set(y, offset);
    for (let j = 0; j < this.s; j++) buf.set(this.k[j], offset + (j + 1) * n);
  }

  /** y(t₀ + θh) = y₀ + h·Σ w_i(θ)·k_i from a dense record. */
  interpolate(buf: Float64Array, offset: number, theta: number, h: number, out: Float64Array): void {
    const { n } = this.ctx;
    const w = this.denseW;
    const dense = this.tableau.dense;
    for (let j = 0; j < this.s; j++) {
      const d = dense[j];
      let acc = 0;
      for (let q = d.length - 1; q >= 0; q--) acc = (acc + d[q]) * theta;
      w[j] = h * acc;
    }
    for (let m = 0; m < n; m++) {
      let sum = buf[offset + m];
      for (let j = 0; j < this.s; j++) sum += w[j] * buf[offset + (j + 1) * n + m];
      out[m] = sum;
    }
  }

  accept(): void {
    // FSAL: the last stage's slope is f at the new solution.
    const k = this.k;
    const first = k[0];
    k[0] = k[this.s - 1];
    k[this.s - 1] = first;
  }
}
