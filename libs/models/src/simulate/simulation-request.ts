/**
 * What a caller asks of `simulate`, and what comes back. Names (parameters, states, inputs) are the model
 * spec's names; the packed arrays follow the compiled model's declaration order.
 */
import type { EventContext, OdeMethod, Outcome, SolverStats } from '@shuji/ode';

/** Adds `value` to input `input` on [start, end): overlapping segments stack (basal + bolus, two infusions). */
export interface InputSegment {
  readonly kind: 'input-segment';
  readonly input: string;
  readonly start: number;
  readonly end: number;
  readonly value: number;
}

/**
 * Sets the base value of input `input` at `t` (segments add on top). `value` may be computed from the state at
 * that instant, e.g. the stomach content when a meal starts.
 */
export interface SetInput {
  readonly kind: 'set-input';
  readonly t: number;
  readonly input: string;
  readonly value: number | ((ctx: EventContext) => number);
}

/** Adds `amount` to state `state` at `t`: an instantaneous dose (IV bolus, oral dose into a gut compartment). */
export interface AddToState {
  readonly kind: 'add-to-state';
  readonly t: number;
  readonly state: string;
  readonly amount: number;
}

export type ScheduleItem = InputSegment | SetInput | AddToState;

export interface SimulationRequest {
  /** Parameter overrides by name; the rest keep the spec's defaults (or `parameterValues`). */
  readonly parameters?: Readonly<Record<string, number>>;
  /** A full packed parameter vector to start from instead of the spec's defaults (cohorts). */
  readonly parameterValues?: Float64Array;
  /** Initial-state overrides by name; the rest come from the spec's `initial` over the parameters. */
  readonly initialState?: Readonly<Record<string, number>>;
  /** A full packed initial state (overrides `initialState`). */
  readonly initialValues?: Float64Array;
  /** [start, end] in model time units; or give `duration` (start 0). */
  readonly tspan?: readonly [number, number];
  readonly duration?: number;
  readonly schedule?: readonly ScheduleItem[];
  /** Report every this many time units from the start (default: 1). */
  readonly reportEvery?: number;
  /** Default: the solver library's automatic stiff/non-stiff switch. */
  readonly method?: OdeMethod;
  /** Default 1e-6 each. */
  readonly rtol?: number;
  readonly atol?: number | Float64Array;
  readonly maxSteps?: number;
  readonly maxStep?: number;
  /** Also return the states at each report time (default true). */
  readonly includeStates?: boolean;
}

export interface SimulationResult {
  readonly outcome: Outcome;
  readonly message?: string;
  readonly times: Float64Array;
  readonly outputNames: readonly string[];
  /** Row-major: outputs[k * outputNames.length + j] is output j at times[k]. */
  readonly outputs: Float64Array;
  readonly stateNames: readonly string[];
  /** Row-major like `outputs`; empty when `includeStates` was false. */
  readonly states: Float64Array;
  readonly stats: SolverStats;
  /** One output or state as a column. */
  column(name: string): Float64Array;
}
