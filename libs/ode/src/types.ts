/**
 * The four things a solver library keeps apart (cf. SciML's ODEProblem → solve(prob, alg) → ODESolution):
 * the model (a pure right-hand side), the problem (model + initial state + span + parameters + inputs),
 * the method (data: a tableau, run by one stepper), and the solution (times, states, statistics, outcome).
 *
 * Everything is packed in Float64Array: states `y`, parameters `p`, inputs `u`. The hot loop never allocates.
 */

/** dy/dt = f(t, y, p, u), written into `dy`. */
export type RhsFn = (t: number, y: Float64Array, p: Float64Array, u: Float64Array, dy: Float64Array) => void;

/** ∂f/∂y at (t, y), written row-major into `J` (length n·n): J[i*n + j] = ∂f_i/∂y_j. */
export type JacobianFn = (t: number, y: Float64Array, p: Float64Array, u: Float64Array, J: Float64Array) => void;

/** The model: a pure right-hand side of `dimension` states, optionally with its analytic Jacobian. */
export interface OdeFunction {
  readonly dimension: number;
  readonly rhs: RhsFn;
  readonly jacobian?: JacobianFn;
  /**
   * True when f does not depend on t explicitly (inputs change only through events). Rosenbrock methods then
   * skip the ∂f/∂t term, which otherwise costs one extra right-hand-side evaluation per step.
   */
  readonly autonomous?: boolean;
}

/** What an event callback may change: the state, the parameters and the current input values, in place. */
export interface EventContext {
  readonly t: number;
  readonly y: Float64Array;
  readonly p: Float64Array;
  readonly u: Float64Array;
}

/**
 * A time event: the solver lands exactly on `t`, calls `apply` (which may change y, p or u), re-evaluates
 * f there (the right-hand side may be discontinuous) and carries on with its current step size: it is not
 * restarted from scratch. Piecewise-constant inputs (meals, infusions, boluses, dose schedules) are time events.
 * Events with t0 ≤ t < t1 apply (those at t0 before the first report point); others are ignored. A report
 * point at an event's time shows the state after the event.
 */
export interface TimeEvent {
  readonly t: number;
  readonly apply?: (ctx: EventContext) => void;
  /** Free text recorded in the solution's event log. */
  readonly label?: string;
}

/**
 * A state event: a root of g(t, y, p, u) crossed in `direction` (+1 rising, −1 falling, 0 either) is located
 * by root finding on the dense output; then `apply` runs and, if `terminal`, integration stops there.
 */
export interface StateEvent {
  readonly condition: (t: number, y: Float64Array, p: Float64Array, u: Float64Array) => number;
  readonly direction?: -1 | 0 | 1;
  readonly terminal?: boolean;
  readonly apply?: (ctx: EventContext) => void;
  readonly label?: string;
}

/** The problem: a model bound to its initial state, time span, parameters and inputs. */
export interface OdeProblem {
  readonly f: OdeFunction;
  readonly y0: Float64Array;
  readonly tspan: readonly [number, number];
  readonly p?: Float64Array;
  /** Initial input values; the solver works on a copy, which time events may change. */
  readonly u?: Float64Array;
  readonly timeEvents?: readonly TimeEvent[];
  readonly stateEvents?: readonly StateEvent[];
}

export type Outcome =
  | 'success'
  | 'terminated-by-event'
  | 'max-steps'
  | 'step-size-too-small'
  | 'non-finite'
  | 'singular-matrix';

export interface SolverStats {
  steps: number;
  accepted: number;
  rejected: number;
  rhsEvaluations: number;
  jacobianEvaluations: number;
  luDecompositions: number;
  /** Steps taken by the stiff method, for an auto-switching method. */
  stiffSteps: number;
  switches: number;
  /** Jacobians formed by finite differences because the model has no analytic one (included in jacobianEvaluations). */
  finiteDifferenceJacobians?: number;
}

/** A function of the state reported beside it, e.g. a model's outputs: out = g(t, y, p, u). */
export type ReportFn = (t: number, y: Float64Array, p: Float64Array, u: Float64Array, out: Float64Array) => void;

export interface SolveOptions {
  /** Relative tolerance, > 0. Default 1e-6. */
  readonly rtol?: number;
  /** Absolute tolerance, scalar or per state, ≥ 0. Default 1e-6. */
  readonly atol?: number | Float64Array;
  /** Fixed step size: no error control (used by convergence-order tests). */
  readonly fixedStep?: number;
  readonly initialStep?: number;
  readonly maxStep?: number;
  readonly maxSteps?: number;
  /** Where to report the solution: a step (every k time units from tspan[0]), explicit times, or every accepted step. */
  readonly saveAt?: number | Float64Array | 'steps';
  /** Keep the dense output of every step so that `solution.at(t)` works anywhere in the span. */
  readonly dense?: boolean;
  /** Clip these states (indices, or all when true) to ≥ 0 after each accepted step. */
  readonly nonNegative?: boolean | readonly number[];
  /**
   * Also report g(t, y, p, u) (`dimension` values) at each report point, with the parameters and inputs then in force
   * (after the events at that time), into `solution.reported`: a model's outputs are computed as the solve goes,
   * from the same state values it reports, with no second pass over stored states.
   */
  readonly reportFunction?: { readonly dimension: number; readonly evaluate: ReportFn };
  /** Keep the states at the report points in `solution.y` (default true); false when only `reported` is wanted. */
  readonly saveStates?: boolean;
}

export interface EventRecord {
  readonly t: number;
  readonly kind: 'time' | 'state';
  readonly label?: string;
}

export interface OdeSolution {
  readonly outcome: Outcome;
  readonly message?: string;
  readonly dimension: number;
  /** Report times. */
  readonly t: Float64Array;
  /** Report states, row-major: y[k*dimension + i] is state i at t[k]. */
  readonly y: Float64Array;
  /** `reportFunction`'s values at the report times, row-major (absent without one). */
  readonly reported?: Float64Array;
  readonly stats: SolverStats;
  readonly events: readonly EventRecord[];
  /** Dense output (only when `dense` was requested): the state at any t inside the integrated span. */
  at(t: number, out?: Float64Array): Float64Array;
}

/**
 * An explicit Runge–Kutta pair with FSAL, as data. Stage i (0-based) evaluates f at t + c[i]·h and
 * y + h·Σ_j a[i][j]·k_j. `b` advances the solution; `btilde` = b − b̂ gives the embedded error estimate.
 * Dense output: y(t + θh) = y + h·Σ_i w_i(θ)·k_i with w_i(θ) = Σ_m dense[i][m]·θ^(m+1).
 */
export interface ExplicitTableau {
  readonly name: string;
  readonly order: number;
  readonly embeddedOrder: number;
  readonly c: readonly number[];
  readonly a: readonly (readonly number[])[];
  readonly b: readonly number[];
  readonly btilde: readonly number[];
  readonly dense: readonly (readonly number[])[];
  /** |hλ| at which the method's stability region ends on the negative real axis (stiffness detection). */
  readonly stabilityBoundary: number;
}

/**
 * A Rosenbrock method in the transformed form of Hairer & Wanner (Solving ODEs II, §IV.7):
 * (I/(hγ) − J)·u_i = f(t + α_i h, y + Σ_j a[i][j]·u_j) + Σ_j (c[i][j]/h)·u_j + h·gammaSum[i]·∂f/∂t,
 * y₁ = y + Σ m_i u_i, error = Σ e_i u_i. Dense output with c_r = Σ_i d[r][i]·u_i:
 * y(θ) = (1−θ)y₀ + θ(y₁ + (1−θ)(c₀ + θ(c₁ + θ(c₂ + …)))).
 */
export interface RosenbrockTableau {
  readonly name: string;
  readonly order: number;
  readonly embeddedOrder: number;
  readonly gamma: number;
  readonly alpha: readonly number[];
  readonly gammaSum: readonly number[];
  readonly a: readonly (readonly number[])[];
  readonly c: readonly (readonly number[])[];
  readonly m: readonly number[];
  readonly e: readonly number[];
  readonly d: readonly (readonly number[])[];
}

/** A method is data: an explicit pair, a Rosenbrock method, or an automatic switch between the two. */
export type OdeMethod =
  | { readonly kind: 'explicit'; readonly tableau: ExplicitTableau }
  | { readonly kind: 'rosenbrock'; readonly tableau: RosenbrockTableau }
  | { readonly kind: 'auto'; readonly explicit: ExplicitTableau; readonly stiff: RosenbrockTableau };
