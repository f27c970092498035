/**
 * A model declared as data. Equations are math expressions in mathjs syntax; the compiler (spec/compile)
 * parses them once, checks every symbol, derives the symbolic Jacobian and emits straight-line JavaScript
 * over packed Float64Array states, parameters and inputs.
 *
 * Allowed in expressions: the states, parameters, inputs and earlier `assignments` by name, `t` (model time),
 * numbers, + − * / ^, mathjs functions (exp, log, sqrt, tanh, abs, min, max, …) and the conditional
 * `cond ? a : b` with comparisons (piecewise terms such as a renal threshold or a floor at zero).
 */

export interface Citation {
  /** e.g. "Dalla Man C, Rizza RA, Cobelli C. Meal simulation model of the glucose-insulin system. IEEE TBME 2007;54(10):1740-9." */
  readonly reference: string;
  readonly doi?: string;
  /** Equation or table numbers where useful. */
  readonly note?: string;
}

/** Prior over a parameter for personalisation and virtual-cohort sampling. */
export type Prior =
  | { readonly kind: 'normal'; readonly mean: number; readonly sd: number }
  | { readonly kind: 'lognormal'; readonly logMean: number; readonly logSd: number }
  | { readonly kind: 'uniform'; readonly lower: number; readonly upper: number };

export interface StateSpec {
  readonly name: string;
  /** UCUM unit, e.g. "mg/kg", "pmol/kg", "mg". */
  readonly unit: string;
  /** Default initial value: a number, or an expression over parameters (e.g. "Gb*Vg"). */
  readonly initial: number | string;
  readonly description?: string;
  /** Physically non-negative (amounts, concentrations): the solver clips it at 0. */
  readonly nonNegative?: boolean;
}

export interface ParameterSpec {
  readonly name: string;
  readonly unit: string;
  readonly default: number;
  /** Plausible physiological range [lower, upper]. */
  readonly range?: readonly [number, number];
  readonly prior?: Prior;
  readonly description?: string;
}

export interface InputSpec {
  readonly name: string;
  readonly unit: string;
  readonly description?: string;
  /** Value when no schedule sets it. Default 0. */
  readonly default?: number;
}

/** An intermediate quantity, evaluated in declaration order before the derivatives. */
export interface AssignmentSpec {
  readonly name: string;
  readonly expression: string;
  readonly unit?: string;
  readonly description?: string;
}

/** An observable: what a measurement of this model would read, mapped to LOINC where one exists. */
export interface OutputSpec {
  readonly name: string;
  readonly expression: string;
  readonly unit: string;
  readonly loinc?: string;
  readonly description?: string;
}

export interface ModelSpec {
  /** Stable id, kebab-case, e.g. "uva-padova-s2008". */
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly citations: readonly Citation[];
  /** UCUM unit of model time, e.g. "min", "h", "d". */
  readonly timeUnit: string;
  readonly states: readonly StateSpec[];
  readonly parameters: readonly ParameterSpec[];
  readonly inputs?: readonly InputSpec[];
  readonly assignments?: readonly AssignmentSpec[];
  /** d(state)/dt for every state, keyed by state name. */
  readonly equations: Readonly<Record<string, string>>;
  readonly outputs?: readonly OutputSpec[];
}

/** Packed, compiled form of a ModelSpec (produced by `compileModel`). Index maps follow declaration order. */
export interface CompiledModel {
  readonly spec: ModelSpec;
  readonly stateNames: readonly string[];
  readonly parameterNames: readonly string[];
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** rhs and analytic Jacobian as straight-line JS over Float64Array (no mathjs in the step loop). */
  readonly f: import('@shuji/ode').OdeFunction;
  /** Indices of states declared nonNegative. */
  readonly nonNegativeStates: readonly number[];
  stateIndex(name: string): number;
  parameterIndex(name: string): number;
  inputIndex(name: string): number;
  defaultParameters(): Float64Array;
  defaultInputs(): Float64Array;
  /** Initial state from the spec's `initial` values (expressions evaluated over `p`). */
  initialState(p: Float64Array): Float64Array;
  /** Output values at one point, written into `out` (length outputNames.length). */
  outputs(t: number, y: Float64Array, p: Float64Array, u: Float64Array, out: Float64Array): void;
}
