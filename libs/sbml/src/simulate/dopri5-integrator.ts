/**
 * A compact adaptive Dormand–Prince 5(4) integrator used by the SBML event loop to advance between
 * discontinuities. Tableau: Dormand JR, Prince PJ. A family of embedded Runge-Kutta formulae.
 * J Comput Appl Math 1980;6(1):19-26 (Table 2, "RK5(4)7M"); step-size control as in Hairer, Nørsett,
 * Wanner, Solving ODEs I, 2nd ed., §II.4 (eq. 4.12-4.13).
 *
 * Kept local (not @shuji/ode) because SBML events need to re-take one exact step to any point inside the
 * last step (trigger location by bisection), which the generic solver API does not expose.
 */

export type Rhs = (t: number, y: Float64Array, dy: Float64Array) => void;

const C = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1] as const;
const A: readonly (readonly number[])[] = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
];
/** 5th-order weights (equal to the last row of A: first same as last). */
const B = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0] as const;
/** B minus the embedded 4th-order weights: the local error estimate. */
const E = [71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40] as const;

export interface IntegratorOptions {
  readonly rtol: number;
  readonly atol: number;
  readonly maxSteps: number;
}

export class Dopri5Integrator {
  private readonly k: Float64Array[];
  private readonly tmp: Float64Array;
  private readonly err: Float64Array;
  /** Last accepted step size, carried across segments. */
  h = 0;
  steps = 0;

  constructor(
    private readonly rhs: Rhs,
    readonly n: number,
    private readonly options: IntegratorOptions,
  ) {
    this.k = Array.from({ length: 7 }, () => new Float64Array(n));
    this.tmp = new Float64Array(n);
    this.err = new Float64Array(n);
  }

  /** One step of size h from (t, y) into `out`; returns the scaled error norm (≤ 1 is acceptable). */
  step(t: number, y: Float64Array, h: number, out: Float64Array): number {
    const { k, tmp, n } = this;
    this.rhs(t, y, k[0]);
    for (let s = 1; s < 7; s++) {
      const a = A[s];
      for (let i = 0; i < n; i++) {
        let acc = y[i];
        for (let j = 0; j < s; j++) acc += h * a[j] * k[j][i];
        tmp[i] = acc;
      }
      this.rhs(t + C[s] * h, tmp, k[s]);
    }
    let norm = 0;
    for (let i = 0; i < n; i++) {
      let acc = y[i];
      let e = 0;
      for (let s = 0; s < 7; s++) {
        acc += h * B[s] * k[s][i];
        e += h * E[s] * k[s][i];
      }
      out[i] = acc;
      this.err[i] = e;
      const sc = this.options.atol + this.options.rtol * Math.max(Math.abs(y[i]), Math.abs(acc));
      norm += (e / sc) ** 2;
    }
    return n === 0 ? 0 : Math.sqrt(norm / n);
  }

  /**
   * Take one accepted adaptive step from (t, y) towards at most tMax; writes the new state into `out`
   * and returns the new time.
   */
  advance(t: number, y: Float64Array, tMax: number, out: Float64Array): number {
    const span = tMax - t;
    if (this.h <= 0) this.h = Math.min(span, Math.max(1e-6, Math.abs(span) * 1e-3));
    let h = Math.min(this.h, span);
    for (;;) {
      if (++this.steps > this.options.maxSteps) throw new Error(`more than ${this.options.maxSteps} steps`);
      const norm = this.step(t, y, h, out);
      if (!Number.isFinite(norm)) {
        h /= 10;
        if (h < 1e-14 * Math.max(1, Math.abs(t))) throw new Error(`non-finite state at t=${t}`);
        continue;
      }
      const factor = norm === 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * norm ** -0.2));
      if (norm <= 1) {
        // Only a step that reached tMax because it was clipped keeps the previous, larger step size.
        if (h < span || factor < 1) this.h = h * factor;
        return h >= span ? tMax : t + h;
      }
      h *= Math.max(0.2, factor);
      if (h < 1e-14 * Math.max(1, Math.abs(t))) throw new Error(`step size too small at t=${t}`);
    }
  }
}
