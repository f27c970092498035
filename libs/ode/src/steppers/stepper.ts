import type { SolverStats } from '../types';

/** What one solve shares with its steppers: the model, packed p and u (events change u in place), stats and tolerances. */
export interface StepContext {
  readonly n: number;
  readonly rhs: (t: number, y: Float64Array, p: Float64Array, u: Float64Array, dy: Float64Array) => void;
  readonly p: Float64Array;
  readonly u: Float64Array;
  readonly stats: SolverStats;
  readonly rtol: number;
  readonly atol: Float64Array;
}

/**
 * One method's step, over buffers preallocated at construction: `attempt` never allocates. The driver owns
 * time, step-size control, events and output; a stepper only knows how to take and interpolate one step.
 */
export interface Stepper {
  /** k in the controller's err^(−1/k): the embedded order + 1. */
  readonly errorOrder: number;
  /** Length of one dense-output record (a multiple of n). */
  readonly denseLength: number;
  /** f(t, y) at the current step start (valid after `start` or `accept`). */
  readonly fStart: Float64Array;
  /** (Re)start at (t, y): evaluates f there (the FSAL reset after an event or a switch). False if f is not finite. */
  start(t: number, y: Float64Array): boolean;
  /** Tries a step of size h from (t, y) into yNew; returns the scaled RMS error (NaN if something was not finite). */
  attempt(t: number, y: Float64Array, h: number, yNew: Float64Array): number;
  /** True when the last failed attempt failed on a singular iteration matrix. */
  readonly singular: boolean;
  /** Stiffness indicator of the last attempt: h·ρ with ρ an estimate of the dominant eigenvalue modulus. */
  stiffness(h: number): number;
  /** Readies dense output for the last attempt, which went from y to yNew (call before `accept`). */
  prepareDense(y: Float64Array, yNew: Float64Array): void;
  /** Evaluates the prepared dense output of the last attempt at θ ∈ [0, 1] into out. */
  interpolateCurrent(theta: number, h: number, out: Float64Array): void;
  /** Copies the prepared dense output into buf at offset (a record of `denseLength`), for `solution.at`. */
  writeDense(buf: Float64Array, offset: number): void;
  /** Evaluates a dense record at θ ∈ [0, 1] of a step of size h into out. */
  interpolate(buf: Float64Array, offset: number, theta: number, h: number, out: Float64Array): void;
  /** Accepts the last attempt (FSAL hand-over; the Jacobian is due again). */
  accept(): void;
}

/** RMS norm of err scaled by atol + rtol·max(|y|, |yNew|) (Hairer, Nørsett & Wanner, Solving ODEs I, §II.4). */
export function scaledRmsNorm(
  err: Float64Array,
  y: Float64Array,
  yNew: Float64Array,
  atol: Float64Array,
  rtol: number,
  n: number,
): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const sc = atol[i] + rtol * Math.max(Math.abs(y[i]), Math.abs(yNew[i]));
    const r = err[i] / sc;
    sum += r * r;
  }
  return Math.sqrt(sum / n);
}
