/**
 * simulate: a compiled model + a request (parameters, initial state, schedule, span) → a table of outputs and
 * states per report time. The schedule becomes time events of one `solve` call: the solver lands on each
 * event, applies it and carries on, with no restart per sample or per dose. The model's outputs are evaluated by the
 * solver at each report point (its `reportFunction`), with the inputs in force after that instant's events.
 */
import { solve, type EventContext, type TimeEvent } from '@shuji/ode';
import type { CompiledModel } from '../spec/model-spec';
import { defaultMethod } from './default-method';
import type { InputSegment, ScheduleItem, SimulationRequest, SimulationResult } from './simulation-request';

export class SimulationRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulationRequestError';
  }
}

/** One instant of the schedule: everything that happens at `t`, in the order given. */
interface Instant {
  readonly t: number;
  readonly actions: ((ctx: EventContext) => void)[];
  readonly labels: string[];
}

export function simulate(model: CompiledModel, request: SimulationRequest): SimulationResult {
  const fail = (message: string): never => {
    throw new SimulationRequestError(message);
  };
  const lookup = (find: (name: string) => number, name: string, field: string): number => {
    try {
      return find(name);
    } catch {
      return fail(`${field}: model "${model.spec.id}" has no "${name}"`);
    }
  };

  const p =
    request.parameterValues !== undefined ? Float64Array.from(request.parameterValues) : model.defaultParameters();
  if (p.length !== model.parameterNames.length) fail(`parameterValues: expected ${model.parameterNames.length} values`);
  for (const [name, value] of Object.entries(request.parameters ?? {})) {
    if (!Number.isFinite(value)) fail(`parameters.${name}: must be a finite number`);
    p[lookup((x) => model.parameterIndex(x), name, 'parameters')] = value;
  }

  let y0: Float64Array;
  if (request.initialValues !== undefined) {
    if (request.initialValues.length !== model.stateNames.length) {
      fail(`initialValues: expected ${model.stateNames.length} values`);
    }
    y0 = Float64Array.from(request.initialValues);
  } else {
    y0 = model.initialState(p);
    for (const [name, value] of Object.entries(request.initialState ?? {})) {
      if (!Number.isFinite(value)) fail(`initialState.${name}: must be a finite number`);
      y0[lookup((x) => model.stateIndex(x), name, 'initialState')] = value;
    }
  }

  const [t0, t1] = request.tspan ?? [0, request.duration ?? fail('duration: give duration or tspan')];
  if (!(t1 > t0)) fail('tspan: end must be after start');
  const every = request.reportEvery ?? 1;
  if (!(every > 0)) fail('reportEvery: must be positive');

  // Inputs = base value (set-input) + the sum of active segments.
  const base = model.defaultInputs();
  const segmentSum = new Float64Array(base.length);
  const refresh = (u: Float64Array, i: number): void => {
    u[i] = base[i] + segmentSum[i];
  };
  const instants = buildInstants(model, request.schedule ?? [], base, segmentSum, refresh, lookup, fail);

  // Events at or before the start act on the initial values; the solver gets the ones strictly inside.
  const u0 = model.defaultInputs();
  const startCtx: EventContext = { t: t0, y: y0, p, u: u0 };
  const inside: Instant[] = [];
  for (const instant of instants) {
    if (instant.t <= t0) instant.actions.forEach((act) => act({ ...startCtx, t: instant.t }));
    else if (instant.t < t1) inside.push(instant);
  }

  const timeEvents: TimeEvent[] = inside.map((instant) => ({
    t: instant.t,
    label: instant.labels.join('; '),
    apply: (ctx) => {
      for (const act of instant.actions) act(ctx);
    },
  }));

  const reportCount = Math.floor((t1 - t0) / every + 1e-9) + 1;
  const saveAt = new Float64Array(reportCount);
  for (let k = 0; k < reportCount; k++) saveAt[k] = t0 + k * every;
  const m = model.outputNames.length;
  const solution = solve(
    { f: model.f, y0, tspan: [t0, t1], p, u: u0, timeEvents },
    request.method ?? defaultMethod(),
    {
      rtol: request.rtol ?? 1e-6,
      atol: request.atol ?? 1e-6,
      saveAt,
      nonNegative: model.nonNegativeStates.length > 0 ? model.nonNegativeStates : undefined,
      maxSteps: request.maxSteps,
      maxStep: request.maxStep,
      reportFunction: { dimension: m, evaluate: model.outputs },
      saveStates: request.includeStates !== false,
    },
  );

  const n = model.stateNames.length;
  const rows = solution.t.length;
  const outputs = solution.reported ?? new Float64Array(0);
  const states = solution.y;
  return {
    outcome: solution.outcome,
    message: solution.message,
    times: solution.t,
    outputNames: model.outputNames,
    outputs,
    stateNames: model.stateNames,
    states,
    stats: solution.stats,
    column(name: string): Float64Array {
      const j = model.outputNames.indexOf(name);
      if (j >= 0) return Float64Array.from({ length: rows }, (_, k) => outputs[k * m + j]);
      const i = model.stateNames.indexOf(name);
      if (i >= 0 && states.length > 0) return Float64Array.from({ length: rows }, (_, k) => states[k * n + i]);
      throw new RangeError(`no output or state "${name}" in this result`);
    },
  };
}

function buildInstants(
  model: CompiledModel,
  schedule: readonly ScheduleItem[],
  base: Float64Array,
  segmentSum: Float64Array,
  refresh: (u: Float64Array, i: number) => void,
  lookup: (find: (name: string) => number, name: string, field: string) => number,
  fail: (message: string) => never,
): Instant[] {
  const byTime = new Map<number, Instant>();
  const at = (t: number, label: string, action: (ctx: EventContext) => void): void => {
    let instant = byTime.get(t);
    if (instant === undefined) {
      instant = { t, actions: [], labels: [] };
      byTime.set(t, instant);
    }
    instant.actions.push(action);
    instant.labels.push(label);
  };
  // active segments per input, summed afresh at each change so that no round-off residue accumulates
  const active = model.inputNames.map(() => new Set<number>());
  const sumActive = (i: number): number => {
    let sum = 0;
    for (const k of active[i]) sum += (schedule[k] as InputSegment).value;
    return sum;
  };
  const inputIndex = (name: string, k: number): number =>
    lookup((x) => model.inputIndex(x), name, `schedule[${k}].input`);
  schedule.forEach((item, k) => {
    switch (item.kind) {
      case 'input-segment': {
        const i = inputIndex(item.input, k);
        if (!Number.isFinite(item.start) || !(item.end > item.start)) fail(`schedule[${k}]: end must be after start`);
        if (!Number.isFinite(item.value)) fail(`schedule[${k}].value: must be a finite number`);
        at(item.start, `${item.input} += ${item.value}`, (ctx) => {
          active[i].add(k);
          segmentSum[i] = sumActive(i);
          refresh(ctx.u, i);
        });
        at(item.end, `${item.input} -= ${item.value}`, (ctx) => {
          active[i].delete(k);
          segmentSum[i] = sumActive(i);
          refresh(ctx.u, i);
        });
        break;
      }
      case 'set-input': {
        const i = inputIndex(item.input, k);
        if (!Number.isFinite(item.t)) fail(`schedule[${k}].t: must be a finite number`);
        const value = item.value;
        if (typeof value === 'number' && !Number.isFinite(value)) fail(`schedule[${k}].value: must be a finite number`);
        at(item.t, `${item.input} := ${typeof value === 'number' ? value : '(computed)'}`, (ctx) => {
          base[i] = typeof value === 'number' ? value : value(ctx);
          refresh(ctx.u, i);
        });
        break;
      }
      case 'add-to-state': {
        const i = lookup((x) => model.stateIndex(x), item.state, `schedule[${k}].state`);
        if (!Number.isFinite(item.t)) fail(`schedule[${k}].t: must be a finite number`);
        if (!Number.isFinite(item.amount)) fail(`schedule[${k}].amount: must be a finite number`);
        at(item.t, `${item.state} += ${item.amount}`, (ctx) => {
          ctx.y[i] += item.amount;
        });
        break;
      }
      default:
        fail(`schedule[${k}].kind: unknown kind "${(item as { kind: string }).kind}"`);
    }
  });
  return [...byTime.values()].sort((a, b) => a.t - b.t);
}
