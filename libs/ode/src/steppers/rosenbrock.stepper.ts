import { luFactor, luSolve } from '../linalg/dense-lu';
import type { JacobianFn, RosenbrockTableau } from '../types';
import { scaledRmsNorm, type StepContext, type Stepper } from './stepper';

/** √(unit roundoff), the usual finite-difference increment scale (as in Hairer's RODAS code). */
const SQRT_EPS = Math.sqrt(2.220446049250313e-16);

/**
 * One Rosenbrock stepper for any tableau in the transformed form of Hairer & Wanner, Solving ODEs II,
 * §IV.7: each stage solves (I/(hγ) − J)·u_i = f(Y_i) + Σ (c_ij/h)·u_j + h·γ_i·∂f/∂t with one LU
 * of the iteration matrix per step. J is the model's analytic Jacobian or, failing that, forward differences
 * (counted). J and ∂f/∂t are reused after a rejected step, since the step start has not moved.
 */
export class RosenbrockStepper implements Stepper {
  readonly errorOrder: number;
  readonly denseLength: number;
  readonly fStart: Float64Array;
  singular = false;
  private readonly s: number;
  private readonly jac: Float64Array;
  private readonly lu: Float64Array;
  private readonly pivots: Int32Array;
  private readonly uStage: Float64Array[];
  private readonly yStage: Float64Array;
  private readonly fStage: Float64Array;
  private readonly ft: Float64Array;
  private readonly err: Float64Array;
  private readonly record: Float64Array;
  private jacobianCurrent = false;
  private fStartCurrent = false;
  private jacNorm = 0;

  constructor(
    private readonly tableau: RosenbrockTableau,
    private readonly ctx: StepContext,
    private readonly jacobian: JacobianFn | undefined,
    private readonly autonomous: boolean,
  ) {
    const n = ctx.n;
    this.s = tableau.alpha.length;
    this.jac = new Float64Array(n * n);
    this.lu = new Float64Array(n * n);
    this.pivots = new Int32Array(n);
    this.uStage = Array.from({ length: this.s }, () => new Float64Array(n));
    this.yStage = new Float64Array(n);
    this.fStage = new Float64Array(n);
    this.fStart = new Float64Array(n);
    this.ft = new Float64Array(n);
    this.err = new Float64Array(n);
    this.errorOrder = tableau.embeddedOrder + 1;
    this.denseLength = (2 + tableau.d.length) * n;
    this.record = new Float64Array(this.denseLength);
  }

  start(t: number, y: Float64Array): boolean {
    this.jacobianCurrent = false;
    return this.evalStart(t, y);
  }

  private evalStart(t: number, y: Float64Array): boolean {
    const ctx = this.ctx;
    ctx.rhs(t, y, ctx.p, ctx.u, this.fStart);
    ctx.stats.rhsEvaluations++;
    this.fStartCurrent = true;
    for (let i = 0; i < ctx.n; i++) if (!Number.isFinite(this.fStart[i])) return false;
    return true;
  }

  private formJacobian(t: number, y: Float64Array): void {
    const { n, rhs, p, u, stats } = this.ctx;
    const J = this.jac;
    stats.jacobianEvaluations++;
    if (this.jacobian !== undefined) {
      this.jacobian(t, y, p, u, J);
    } else {
      // Forward differences column by column (Hairer's RODAS: δ_j = √(uround·max(1e−5, |y_j|))).
      stats.finiteDifferenceJacobians = (stats.finiteDifferenceJacobians ?? 0) + 1;
      const yp = this.yStage;
      const fp = this.fStage;
      yp.set(y);
      for (let j = 0; j < n; j++) {
        const delta = SQRT_EPS * Math.max(1e-5, Math.abs(y[j]));
        yp[j] = y[j] + delta;
        rhs(t, yp, p, u, fp);
        for (let i = 0; i < n; i++) J[i * n + j] = (fp[i] - this.fStart[i]) / delta;
        yp[j] = y[j];
      }
      stats.rhsEvaluations += n;
    }
    if (this.autonomous) {
      this.ft.fill(0);
    } else {
      const delta = SQRT_EPS * Math.max(1e-5, Math.abs(t));
      rhs(t + delta, y, p, u, this.fStage);
      stats.rhsEvaluations++;
      for (let i = 0; i < n; i++) this.ft[i] = (this.fStage[i] - this.fStart[i]) / delta;
    }
    // ‖J‖∞ bounds the spectral radius: the auto-switch's test for leaving the stiff method.
    let norm = 0;
    for (let i = 0; i < n; i++) {
      let row = 0;
      for (let j = 0; j < n; j++) row += Math.abs(J[i * n + j]);
      if (row > norm) norm = row;
    }
    this.jacNorm = norm;
    this.jacobianCurrent = true;
  }

  attempt(t: number, y: Float64Array, h: number, yNew: Float64Array): number {
    const { n, rhs, p, u, stats } = this.ctx;
    const tab = this.tableau;
    this.singular = false;
    if (!this.fStartCurrent && !this.evalStart(t, y)) return NaN;
    if (!this.jacobianCurrent) this.formJacobian(t, y);
    const J = this.jac;
    const lu = this.lu;
    const diag = 1 / (h * tab.gamma);
    for (let i = 0; i < n * n; i++) lu[i] = -J[i];
    for (let i = 0; i < n; i++) lu[i * n + i] += diag;
    stats.luDecompositions++;
    if (!luFactor(lu, n, this.pivots)) {
      this.singular = true;
      return NaN;
    }
    const U = this.uStage;
    const ft = this.ft;
    for (let i = 0; i < this.s; i++) {
      const ai = tab.a[i];
      const ci = tab.c[i];
      const hgi = h * tab.gammaSum[i];
      const ui = U[i];
      let fi: Float64Array;
      if (i === 0) {
        fi = this.fStart;
      } else {
        const ys = this.yStage;
        for (let m = 0; m < n; m++) {
          let sum = y[m];
          for (let j = 0; j < i; j++) sum += ai[j] * U[j][m];
          ys[m] = sum;
        }
        rhs(t + tab.alpha[i] * h, ys, p, u, this.fStage);
        stats.rhsEvaluations++;
        fi = this.fStage;
      }
      for (let m = 0; m < n; m++) {
        let sum = fi[m] + hgi * ft[m];
        for (let j = 0; j < i; j++) sum += (ci[j] / h) * U[j][m];
        ui[m] = sum;
      }
      luSolve(lu, n, this.pivots, ui);
    }
    const err = this.err;
    for (let m = 0; m < n; m++) {
      let sum = y[m];
      let e = 0;
      for (let j = 0; j < this.s; j++) {
        sum += tab.m[j] * U[j][m];
        e += tab.e[j] * U[j][m];
      }
      yNew[m] = sum;
      err[m] = e;
    }
    const norm = scaledRmsNorm(err, y, yNew, this.ctx.atol, this.ctx.rtol, n);
    return Number.isFinite(norm) ? norm : NaN;
  }

  stiffness(h: number): number {
    return h * this.jacNorm;
  }

  prepareDense(y: Float64Array, yNew: Float64Array): void {
    const n = this.ctx.n;
    const d = this.tableau.d;
    const rec = this.record;
    rec.set(y, 0);
    rec.set(yNew, n);
    for (let r = 0; r < d.length; r++) {
      const dr = d[r];
      const base = (2 + r) * n;
      for (let m = 0; m < n; m++) {
        let acc = 0;
        for (let j = 0; j < this.s; j++) acc += dr[j] * this.uStage[j][m];
        rec[base + m] = acc;
      }
    }
  }

  interpolateCurrent(theta: number, h: number, out: Float64Array): void {
    this.interpolate(this.record, 0, theta, h, out);
  }

  writeDense(buf: Float64Array, offset: number): void {
    buf.set(this.record, offset);
  }

  /** Hairer's RODAS CONTRO, extended by Horner in θ: (1−θ)·y₀ + θ·(y₁ + (1−θ)·(c₀ + θ·(c₁ + θ·(c₂ + …)))). */
  interpolate(buf: Float64Array, offset: number, theta: number, _h: number, out: Float64Array): void {
    const n = this.ctx.n;
    const rows = this.tableau.d.length;
    const t1 = 1 - theta;
    for (let m = 0; m < n; m++) {
      let acc = 0;
      for (let r = rows - 1; r >= 0; r--) acc = buf[offset + (2 + r) * n + m] + theta * acc;
      out[m] = t1 * buf[offset + m] + theta * (buf[offset + n + m] + t1 * acc);
    }
  }

  accept(): void {
    this.jacobianCurrent = false;
    this.fStartCurrent = false;
  }
}
