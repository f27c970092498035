import { OdeOptionError } from '../ode-option.error';
import type { OdeMethod, OdeProblem, ReportFn, SolveOptions } from '../types';

/** Options after validation, with defaults filled in and per-state tolerances expanded. */
export interface ResolvedOptions {
  readonly rtol: number;
  readonly atol: Float64Array;
  readonly fixedStep: number;
  readonly initialStep: number;
  readonly maxStep: number;
  readonly maxSteps: number;
  readonly saveMode: 'steps' | 'times';
  readonly saveTimes: Float64Array;
  readonly dense: boolean;
  readonly nonNegative: Int32Array;
  readonly saveStates: boolean;
  readonly report: { readonly dimension: number; readonly evaluate: ReportFn } | undefined;
}

const isPositiveFinite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

function finiteArray(name: string, v: unknown, length: number): Float64Array {
  if (!(v instanceof Float64Array)) throw new OdeOptionError(name, 'must be a Float64Array');
  if (length >= 0 && v.length !== length) throw new OdeOptionError(name, `must have length ${length}, got ${v.length}`);
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) throw new OdeOptionError(`${name}[${i}]`, 'must be a finite number');
  }
  return v;
}

/** Checks the problem, the method and every option once, before integration; throws OdeOptionError naming the field. */
export function validateSolve(problem: OdeProblem, method: OdeMethod, options: SolveOptions): ResolvedOptions {
  const f = problem.f;
  if (f === undefined || f === null || typeof f.rhs !== 'function') throw new OdeOptionError('f.rhs', 'must be a function');
  const n = f.dimension;
  if (!Number.isInteger(n) || n < 1) throw new OdeOptionError('f.dimension', 'must be a positive integer');
  if (f.jacobian !== undefined && typeof f.jacobian !== 'function') throw new OdeOptionError('f.jacobian', 'must be a function');
  finiteArray('y0', problem.y0, n);
  const span = problem.tspan;
  if (!Array.isArray(span) || span.length !== 2 || !Number.isFinite(span[0]) || !Number.isFinite(span[1])) {
    throw new OdeOptionError('tspan', 'must be two finite numbers [t0, t1]');
  }
  const [t0, t1] = span;
  if (!(t1 > t0)) throw new OdeOptionError('tspan', 'must be increasing (t1 > t0)');
  if (problem.p !== undefined) finiteArray('p', problem.p, -1);
  if (problem.u !== undefined) finiteArray('u', problem.u, -1);
  (problem.timeEvents ?? []).forEach((e, i) => {
    if (!Number.isFinite(e.t)) throw new OdeOptionError(`timeEvents[${i}].t`, 'must be a finite number');
    if (e.apply !== undefined && typeof e.apply !== 'function') throw new OdeOptionError(`timeEvents[${i}].apply`, 'must be a function');
  });
  (problem.stateEvents ?? []).forEach((e, i) => {
    if (typeof e.condition !== 'function') throw new OdeOptionError(`stateEvents[${i}].condition`, 'must be a function');
    if (e.direction !== undefined && e.direction !== -1 && e.direction !== 0 && e.direction !== 1) {
      throw new OdeOptionError(`stateEvents[${i}].direction`, 'must be -1, 0 or 1');
    }
  });
  if (method === undefined || method === null || !['explicit', 'rosenbrock', 'auto'].includes(method.kind)) {
    throw new OdeOptionError('method', "must be an OdeMethod (e.g. tsit5(), dopri5(), rodas4(), autoSwitch())");
  }

  const rtol = options.rtol ?? 1e-6;
  if (!isPositiveFinite(rtol)) throw new OdeOptionError('rtol', 'must be a positive finite number');

  const atol = new Float64Array(n);
  const atolOpt = options.atol ?? 1e-6;
  if (typeof atolOpt === 'number') {
    if (!Number.isFinite(atolOpt) || atolOpt < 0) throw new OdeOptionError('atol', 'must be a finite number ≥ 0');
    atol.fill(atolOpt);
  } else if (atolOpt instanceof Float64Array) {
    if (atolOpt.length !== n) throw new OdeOptionError('atol', `must have one entry per state (${n}), got ${atolOpt.length}`);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(atolOpt[i]) || atolOpt[i] < 0) throw new OdeOptionError(`atol[${i}]`, 'must be a finite number ≥ 0');
      atol[i] = atolOpt[i];
    }
  } else {
    throw new OdeOptionError('atol', 'must be a number or a Float64Array');
  }

  const positiveOrUnset = (name: 'fixedStep' | 'initialStep' | 'maxStep'): number => {
    const v = options[name];
    if (v === undefined) return 0;
    if (!isPositiveFinite(v)) throw new OdeOptionError(name, 'must be a positive finite number');
    return v;
  };
  const fixedStep = positiveOrUnset('fixedStep');
  const initialStep = positiveOrUnset('initialStep');
  const maxStep = positiveOrUnset('maxStep') || Infinity;

  const maxSteps = options.maxSteps ?? 1_000_000;
  if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new OdeOptionError('maxSteps', 'must be a positive integer');

  let saveMode: 'steps' | 'times' = 'steps';
  let saveTimes = new Float64Array(0);
  const saveAt = options.saveAt ?? 'steps';
  if (saveAt === 'steps') {
    // every accepted step (the default)
  } else if (typeof saveAt === 'number') {
    if (!isPositiveFinite(saveAt)) throw new OdeOptionError('saveAt', "must be a positive finite number, a Float64Array of times or 'steps'");
    const count = Math.floor((t1 - t0) / saveAt + 1e-9) + 1;
    const last = t0 + (count - 1) * saveAt;
    const addEnd = t1 - last > 1e-12 * Math.max(1, Math.abs(t1));
    saveTimes = new Float64Array(count + (addEnd ? 1 : 0));
    for (let k = 0; k < count; k++) saveTimes[k] = t0 + k * saveAt;
    if (addEnd) saveTimes[count] = t1;
    else saveTimes[count - 1] = Math.min(saveTimes[count - 1], t1);
    saveMode = 'times';
  } else if (saveAt instanceof Float64Array) {
    for (let k = 0; k < saveAt.length; k++) {
      const v = saveAt[k];
      if (!Number.isFinite(v) || v < t0 || v > t1) throw new OdeOptionError(`saveAt[${k}]`, `must lie in tspan [${t0}, ${t1}]`);
      if (k > 0 && v < saveAt[k - 1]) throw new OdeOptionError(`saveAt[${k}]`, 'must not be smaller than the time before it');
    }
    saveTimes = Float64Array.from(saveAt);
    saveMode = 'times';
  } else {
    throw new OdeOptionError('saveAt', "must be a positive finite number, a Float64Array of times or 'steps'");
  }

  const dense = options.dense ?? false;
  if (typeof dense !== 'boolean') throw new OdeOptionError('dense', 'must be a boolean');

  let nonNegative = new Int32Array(0);
  const nn = options.nonNegative;
  if (nn === true) {
    nonNegative = new Int32Array(n);
    for (let i = 0; i < n; i++) nonNegative[i] = i;
  } else if (Array.isArray(nn)) {
    nonNegative = new Int32Array(nn.length);
    nn.forEach((v: unknown, k: number) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= n) {
        throw new OdeOptionError(`nonNegative[${k}]`, `must be a state index in [0, ${n - 1}]`);
      }
      nonNegative[k] = v;
    });
  } else if (nn !== undefined && nn !== false) {
    throw new OdeOptionError('nonNegative', 'must be a boolean or an array of state indices');
  }

  const saveStates = options.saveStates ?? true;
  if (typeof saveStates !== 'boolean') throw new OdeOptionError('saveStates', 'must be a boolean');
  const report = options.reportFunction;
  if (report !== undefined) {
    if (!Number.isInteger(report.dimension) || report.dimension < 0) {
      throw new OdeOptionError('reportFunction.dimension', 'must be a non-negative integer');
    }
    if (typeof report.evaluate !== 'function') throw new OdeOptionError('reportFunction.evaluate', 'must be a function');
  }

  return { rtol, atol, fixedStep, initialStep, maxStep, maxSteps, saveMode, saveTimes, dense, nonNegative, saveStates, report };
}
