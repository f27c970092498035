import { autoSwitch, DenseHistory, propagateBreakpoints, solve, type OdeFunction, type StateEvent } from '@shuji/ode';
import { mulberry32 } from '@shuji/stats';
import { SbmlError, SbmlErrorCode } from '../errors/sbml-error';
import type { SbmlModel } from '../import/sbml-model';
import { buildSbmlRuntime, FAST_REACTION_SPEEDUP, type CompiledEvent, type SbmlRuntime } from './sbml-runtime';

export interface SimulateSbmlOptions {
  readonly start?: number;
  readonly duration: number;
  /** Number of output intervals: steps + 1 rows from start to start + duration. */
  readonly steps: number;
  /** Columns to report; default: every species, then every non-constant compartment and parameter. */
  readonly variables?: readonly string[];
  /** Species reported as amounts / as concentrations; others in the units their math value has. */
  readonly amounts?: readonly string[];
  readonly concentrations?: readonly string[];
  readonly rtol?: number;
  readonly atol?: number;
  readonly maxSteps?: number;
  /** Seed of the generator that orders simultaneous events of equal priority (default 1). */
  readonly seed?: number;
}

export interface SbmlSimulationResult {
  readonly columns: readonly string[];
  readonly time: Float64Array;
  /** values[k][j]: column j at time[k]. */
  readonly values: readonly Float64Array[];
  readonly stats: { readonly steps: number; readonly events: number };
}

interface Pending {
  readonly event: CompiledEvent;
  readonly at: number;
  readonly values?: readonly number[];
  readonly seq: number;
}

/**
 * Simulate an imported SBML model. Events follow SBML L3V2 §4.12: a trigger fires on a false→true
 * transition (located by the solver's root finder on its dense output), delays schedule execution, priorities order
 * simultaneous executions, non-persistent events are dropped when their trigger turns false before they
 * execute, and each execution is followed by re-evaluation of all triggers (cascades). Integration between
 * discontinuities is @shuji/ode's auto-switching Tsit5/RODAS4 with one terminal state event per trigger.
 */
export function simulateSbml(model: SbmlModel | SbmlRuntime, options: SimulateSbmlOptions): SbmlSimulationResult {
  const rt = 'stateSlots' in model ? model : buildSbmlRuntime(model);
  const start = options.start ?? 0;
  const { duration, steps } = options;
  if (!(duration >= 0) || !Number.isInteger(steps) || steps < 1) throw new SbmlError(SbmlErrorCode.Invalid, '"duration" must be ≥ 0 and "steps" a positive integer');

  const n = rt.stateSlots.length;
  rt.setDelayLookup(undefined); // a runtime reused after a failed run starts without its old history
  const v = rt.initialValues(start);
  const y = new Float64Array(n);
  const toState = (): void => {
    for (let i = 0; i < n; i++) y[i] = v[rt.stateSlots[i]];
  };
  const fromState = (t: number, state: Float64Array): void => {
    for (let i = 0; i < n; i++) v[rt.stateSlots[i]] = state[i];
    rt.derive(t, v);
  };
  toState();
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(y[i])) {
      const name = rt.plan.states[i].name;
      throw new SbmlError(SbmlErrorCode.Invalid, `no initial value for "${name.replace(/^amount:/, '')}" (set its attribute or an initial assignment)`);
    }
  }
  fromState(start, y);
  const rtol = options.rtol ?? 1e-10;
  const atol = options.atol ?? 1e-14;
  const maxSteps = options.maxSteps ?? 2_000_000;
  // The solver needs at least one state: a model of parameters and events alone gets a constant dummy one.
  const dim = Math.max(n, 1);
  const f: OdeFunction = {
    dimension: dim,
    rhs: (t, state, _p, _u, dy) => {
      fromState(t, state);
      if (n === 0) dy[0] = 0;
      else rt.derivatives(t, v, dy);
    },
  };
  // One terminal state event per SBML event: its sign flips whenever the trigger differs from the value it
  // had at the start of the segment, so the solver stops on the far side of any trigger change (either way:
  // rising fires, falling may cancel a non-persistent pending event).
  const stateEvents: StateEvent[] = rt.events.map((e) => ({
    condition: (t, state) => {
      fromState(t, state);
      return e.trigger(t, v) === triggered[e.index] ? 1 : -1;
    },
    terminal: true,
    label: e.id,
  }));
  /** Integrate from (t, y) to tStop or the first trigger change, whichever is first. */
  const advance = (t0: number, tStop: number): { t: number; y: Float64Array; steps: number } => {
    if (n === 0 && stateEvents.length === 0) {
      pastStates?.push({ t0, t1: tStop, at: (_t, out) => out });
      return { t: tStop, y, steps: 0 };
    }
    const y0 = n === 0 ? new Float64Array(1) : Float64Array.from(y);
    const sol = solve({ f, y0, tspan: [t0, tStop], stateEvents }, autoSwitch(), { rtol, atol, saveAt: 'steps', maxSteps, dense: pastStates !== undefined });
    if (sol.outcome !== 'success' && sol.outcome !== 'terminated-by-event') {
      throw new SbmlError(SbmlErrorCode.Invalid, `integration failed (${sol.outcome}) ${sol.message ?? ''}`.trim());
    }
    const last = sol.t.length - 1;
    if (pastStates && sol.t[last] > t0) {
      const full = new Float64Array(dim);
      pastStates.push({ t0, t1: sol.t[last], at: (tq, out) => (out.set(sol.at(tq, full).subarray(0, n)), out) });
    }
    return { t: sol.outcome === 'success' ? tStop : sol.t[last], y: sol.y.slice(last * dim, last * dim + n), steps: sol.stats.steps };
  };

  const columns = options.variables ?? defaultColumns(rt);
  const reader = columns.map((c) => columnReader(rt, c, options));
  const time = new Float64Array(steps + 1);
  const values: Float64Array[] = [];
  const record = (k: number, t: number): void => {
    time[k] = t;
    values.push(Float64Array.from(reader, (read) => read(v)));
  };

  const triggered = rt.events.map((e) => e.initialValue);
  let pending: Pending[] = [];
  const random = mulberry32(options.seed ?? 1);
  let seq = 0;
  let fired = 0;

  /** Re-read every trigger at (t, v): fire rising ones, cancel non-persistent falling ones. */
  const checkTriggers = (t: number): void => {
    for (const e of rt.events) {
      const now = e.trigger(t, v);
      if (now && !triggered[e.index]) {
        const delay = e.delay ? e.delay(t, v) : 0;
        if (delay < 0) throw new SbmlError(SbmlErrorCode.Invalid, `event "${e.id}" has a negative delay`);
        pending.push({
          event: e,
          at: t + delay,
          values: e.useValuesFromTriggerTime ? e.assignments.map((a) => a.value(t, v)) : undefined,
          seq: seq++,
        });
      } else if (!now && triggered[e.index] && !e.persistent) {
        pending = pending.filter((p) => p.event !== e);
      }
      triggered[e.index] = now;
    }
  };

  const execute = (p: Pending, t: number): void => {
    const vals = p.values ?? p.event.assignments.map((a) => a.value(t, v));
    // Every assignment reads the state before the event (§4.12.4), compartment sizes included: a concentration
    // assigned to a species fixes its amount in the compartment as it was; a compartment resized by the same
    // event (or alone) then changes the concentration of the amount it holds (SBML Test Suite 01779).
    const before = Float64Array.from(v);
    const assignedSpecies = new Set<string>();
    p.event.assignments.forEach((a, i) => {
      v[rt.slotOf(a.variable)!] = vals[i];
      if (rt.species.has(a.variable)) assignedSpecies.add(a.variable);
    });
    for (const [id, s] of rt.species) {
      if (s.valueIsAmount) continue;
      const resized = v[s.compartmentSlot] !== before[s.compartmentSlot];
      if (!assignedSpecies.has(id) && !resized) continue;
      const amount = assignedSpecies.has(id) ? v[s.slot] * before[s.compartmentSlot] : s.amountSlot !== undefined ? before[s.amountSlot] : before[s.slot] * before[s.compartmentSlot];
      if (s.amountSlot !== undefined) v[s.amountSlot] = amount;
      else if (rt.isState(s.slot)) v[s.slot] = amount / v[s.compartmentSlot];
    }
    toState();
    fromState(t, y);
    fired++;
    addBreakpoints(t, 3);
  };

  /** Execute everything due at t, highest priority first, re-checking triggers after each. */
  const runDue = (t: number): void => {
    const eps = 1e-12 * Math.max(1, Math.abs(t));
    for (let guard = 0; guard < 100_000; guard++) {
      const due = pending.filter((p) => p.at <= t + eps);
      if (due.length === 0) return;
      // Highest priority first; events of equal priority execute in random order (§4.12.7), drawn from
      // the seeded generator so a run is reproducible. Events without a priority come last, in trigger order.
      const priorities = due.map((p) => {
        const pr = p.event.priority ? p.event.priority(t, v) : -Infinity;
        return Number.isNaN(pr) ? -Infinity : pr;
      });
      const top = Math.max(...priorities);
      const tied = due.filter((_, i) => priorities[i] === top);
      const best = top === -Infinity ? tied.reduce((a, b) => (b.seq < a.seq ? b : a)) : tied[Math.floor(random() * tied.length)];
      pending = pending.filter((p) => p !== best);
      execute(best, t);
      checkTriggers(t);
    }
    throw new SbmlError(SbmlErrorCode.Invalid, `events keep firing at t=${t}`);
  };

  // Delays (§3.4.7) by the method of steps: the states' past is the solver's dense output, the other slots' past
  // the snapshot taken after the last discontinuity before it; before the start, the initial state.
  const pastStates = rt.delayCount > 0 ? new DenseHistory(n, () => undefined, start) : undefined;
  const snapshots: { t: number; v: Float64Array }[] = [];
  const snapshot = (tt: number): void => {
    if (pastStates) snapshots.push({ t: tt, v: Float64Array.from(v) });
  };
  const breakpoints: number[] = [];
  const addBreakpoints = (from: number, depth: number): void => {
    if (!pastStates) return;
    const lags = Array.from({ length: rt.delayCount }, (_, k) => rt.lag(k, from, v));
    for (const b of propagateBreakpoints([from], lags, start + duration, depth)) breakpoints.push(b);
    breakpoints.sort((a, b) => a - b);
  };
  /** The largest step that keeps every delayed time in the stored past (0-lags read the present). */
  const lagCap = (tt: number): number => {
    let cap = Infinity;
    for (let k = 0; k < rt.delayCount; k++) {
      const lag = rt.lag(k, tt, v);
      if (lag > 1e-9 * Math.max(1, duration)) cap = Math.min(cap, lag);
    }
    return cap;
  };
  if (pastStates) {
    snapshot(start);
    rt.setDelayLookup((k, past, now, current) => {
      if (past < start) return rt.preStartValue(k, past);
      const scratch = Float64Array.from(current);
      // Inside the step being taken (a lag shorter than the step, or zero): the present values stand in.
      if (past > pastStates.end) return rt.pastValue(k, now, scratch);
      let i = snapshots.length - 1;
      while (i > 0 && snapshots[i].t > past) i--;
      scratch.set(snapshots[i].v);
      const ys = pastStates.at(past);
      for (let j = 0; j < n; j++) scratch[rt.stateSlots[j]] = ys[j];
      return rt.pastValue(k, past, scratch);
    });
    addBreakpoints(start, 5);
  }

  /**
   * Relax onto the fast reactions' equilibrium (the slow manifold) at time tt: only the fast reactions act, at
   * unit speed, in a pseudo-time span that grows until the species stop moving (slow reactions and rate rules frozen).
   */
  const relaxFast = (tt: number): void => {
    const fs = rt.fastScaling;
    if (!fs || n === 0) return;
    v[fs.fast] = 1;
    v[fs.slow] = 0;
    const dy = new Float64Array(n);
    const g: OdeFunction = {
      dimension: n,
      rhs: (_s, state, _p, _u, out) => {
        fromState(tt, state);
        rt.derivatives(tt, v, out);
        for (let i = 0; i < n; i++) if (!fs.speciesStates[i]) out[i] = 0;
      },
    };
    try {
      for (let span = 1, k = 0; k < 60; k++, span *= 2) {
        const sol = solve({ f: g, y0: Float64Array.from(y), tspan: [0, span] }, autoSwitch(), { rtol, atol, saveAt: new Float64Array([span]), maxSteps });
        if (sol.outcome !== 'success') throw new SbmlError(SbmlErrorCode.Invalid, `fast reactions found no equilibrium at t=${tt} (${sol.outcome})`);
        y.set(sol.y.subarray(0, n));
        g.rhs(0, y, new Float64Array(0), new Float64Array(0), dy);
        let moving = 0;
        let size = 1;
        for (let i = 0; i < n; i++) {
          moving = Math.max(moving, Math.abs(dy[i]));
          size = Math.max(size, Math.abs(y[i]));
        }
        if (moving <= 1e-12 * size) return;
      }
      throw new SbmlError(SbmlErrorCode.Invalid, `fast reactions keep moving at t=${tt}: no equilibrium`);
    } finally {
      v[fs.fast] = FAST_REACTION_SPEEDUP;
      v[fs.slow] = 1;
      fromState(tt, y);
    }
  };

  relaxFast(start);
  checkTriggers(start);
  runDue(start);
  if (fired > 0) relaxFast(start);
  snapshot(start);
  record(0, start);

  let t = start;
  let steps_ = 0;
  let stalled = 0;
  const eps = (tt: number): number => 1e-12 * Math.max(1, Math.abs(tt));
  for (let k = 1; k <= steps; k++) {
    const tOut = start + (duration * k) / steps;
    while (t < tOut && tOut - t > eps(tOut)) {
      const nextPending = pending.reduce((m, p) => Math.min(m, p.at), Infinity);
      if (nextPending <= t + eps(t)) {
        const firedBefore = fired;
        runDue(t);
        if (fired > firedBefore) relaxFast(t);
        continue;
      }
      while (breakpoints.length > 0 && breakpoints[0] <= t + eps(t)) breakpoints.shift();
      const tStop = pastStates ? Math.min(tOut, nextPending, breakpoints[0] ?? Infinity, t + lagCap(t)) : Math.min(tOut, nextPending);
      const seg = advance(t, tStop);
      steps_ += seg.steps;
      // A trigger that flips back and forth without time advancing (chattering) would loop forever.
      stalled = seg.t - t <= eps(t) ? stalled + 1 : 0;
      if (stalled > 10_000) throw new SbmlError(SbmlErrorCode.Invalid, `triggers keep changing without time advancing at t=${t}`);
      t = seg.t;
      y.set(seg.y);
      fromState(t, y);
      checkTriggers(t);
      const firedBefore = fired;
      runDue(t);
      if (fired > firedBefore) relaxFast(t);
      snapshot(t);
    }
    t = tOut;
    fromState(t, y);
    record(k, t);
  }
  rt.setDelayLookup(undefined);
  return { columns, time, values, stats: { steps: steps_, events: fired } };
}

function defaultColumns(rt: SbmlRuntime): string[] {
  const m = rt.model;
  return [
    ...m.species.map((s) => s.id),
    ...m.compartments.filter((c) => !c.constant).map((c) => c.id),
    ...m.parameters.filter((p) => !p.constant).map((p) => p.id),
  ];
}

function columnReader(rt: SbmlRuntime, column: string, options: SimulateSbmlOptions): (v: Float64Array) => number {
  const alias = rt.slotOf(column) === undefined ? rt.model.aliases?.get(column) : undefined;
  if (alias) {
    // A comp-replaced id reads through its replacement: value = replacement / Π conversion factors.
    const base = symbolReader(rt, alias.to, options.amounts?.includes(column) ?? false, options.concentrations?.includes(column) ?? false);
    const divisors = alias.divisors.map((d) => {
      const slot = rt.slotOf(d);
      if (slot === undefined) throw new SbmlError(SbmlErrorCode.Invalid, `no conversion factor "${d}" for "${column}"`);
      return slot;
    });
    return (v) => divisors.reduce((x, slot) => x / v[slot], base(v));
  }
  return symbolReader(rt, column, options.amounts?.includes(column) ?? false, options.concentrations?.includes(column) ?? false);
}

function symbolReader(rt: SbmlRuntime, column: string, amount: boolean, concentration: boolean): (v: Float64Array) => number {
  const slot = rt.slotOf(column);
  if (slot === undefined) throw new SbmlError(SbmlErrorCode.Invalid, `no symbol "${column}" to report`);
  const s = rt.species.get(column);
  if (!s) return (v) => v[slot];
  if (amount) return s.valueIsAmount ? (v) => v[slot] : (v) => v[slot] * v[s.compartmentSlot];
  if (concentration) return s.valueIsAmount ? (v) => v[slot] / v[s.compartmentSlot] : (v) => v[slot];
  return (v) => v[slot];
}
