import { OdeOptionError } from '../ode-option.error';
import { ExplicitRkStepper } from '../steppers/explicit-rk.stepper';
import { RosenbrockStepper } from '../steppers/rosenbrock.stepper';
import type { StepContext, Stepper } from '../steppers/stepper';
import type {
  EventRecord,
  OdeMethod,
  OdeProblem,
  OdeSolution,
  Outcome,
  SolveOptions,
  SolverStats,
  StateEvent,
  TimeEvent,
} from '../types';
import { DenseStore } from './dense-store';
import { GrowableSeries } from './growable-series';
import { validateSolve } from './validate-options';

const EPS = 2.220446049250313e-16;
/** Step-size controller constants: safety factor and bounds on the change per step (HNW I §II.4). */
const SAFETY = 0.9;
const FAC_MIN = 0.2;
const FAC_MAX = 10;
/**
 * PI controller memory exponent β (Gustafsson, Lundh & Söderlind, BIT 1988;28:270–287; Hairer & Wanner,
 * Solving ODEs II, §IV.2); Hairer's DOPRI5 uses 0.04 with α = 1/k − 0.75β.
 */
const BETA = 0.04;
/**
 * Auto-switch: Hairer's DOPRI5 declares stiffness after 15 flagged steps unless 6 clean ones reset the count.
 * A step is flagged at h·ρ > 0.9 × the stability boundary (OrdinaryDiffEq's AutoSwitch `stifftol` = 9/10), since
 * the controller of a stability-bound explicit method hovers just below the boundary.
 */
const STIFF_FLAG_FRACTION = 0.9;
const STIFF_FLAGS_TO_SWITCH = 15;
const CLEAN_STEPS_TO_RESET = 6;
/** Auto-switch back: this many consecutive stiff-method steps whose h·‖J‖∞ fits inside the explicit stability region. */
const NONSTIFF_STEPS_TO_SWITCH_BACK = 6;

function emptyStats(): SolverStats {
  return {
    steps: 0,
    accepted: 0,
    rejected: 0,
    rhsEvaluations: 0,
    jacobianEvaluations: 0,
    luDecompositions: 0,
    stiffSteps: 0,
    switches: 0,
    finiteDifferenceJacobians: 0,
  };
}

/** Sign-change test for a state event, from a strictly signed start value. */
function crosses(direction: -1 | 0 | 1, gOld: number, gNew: number): boolean {
  const rising = gOld < 0 && gNew >= 0;
  const falling = gOld > 0 && gNew <= 0;
  if (direction === 1) return rising;
  if (direction === -1) return falling;
  return rising || falling;
}

/**
 * Integrates `problem` with `method` over its time span.
 *
 * The driver: step-size control (PI), exact landing on time events with an FSAL reset and no cold restart,
 * state events located on the dense output (Illinois), report values from the dense interpolant, non-negativity
 * clipping, stiffness detection and switching for `autoSwitch` methods. Bad options throw `OdeOptionError`;
 * everything that goes wrong during integration is returned as the solution's `outcome`.
 */
export function solve(problem: OdeProblem, method: OdeMethod, options: SolveOptions = {}): OdeSolution {
  const opts = validateSolve(problem, method, options);
  const f = problem.f;
  const n = f.dimension;
  const [t0, tEnd] = problem.tspan;
  const stats = emptyStats();
  const ctx: StepContext = {
    n,
    rhs: f.rhs,
    // Copies: events may change p and u in place, and the caller's arrays must not move under them.
    p: problem.p !== undefined ? Float64Array.from(problem.p) : new Float64Array(0),
    u: problem.u !== undefined ? Float64Array.from(problem.u) : new Float64Array(0),
    stats,
    rtol: opts.rtol,
    atol: opts.atol,
  };
  const autonomous = f.autonomous === true;
  const explicit =
    method.kind === 'explicit'
      ? new ExplicitRkStepper(method.tableau, ctx)
      : method.kind === 'auto'
        ? new ExplicitRkStepper(method.explicit, ctx, true)
        : undefined;
  const stiff =
    method.kind === 'rosenbrock'
      ? new RosenbrockStepper(method.tableau, ctx, f.jacobian, autonomous)
      : method.kind === 'auto'
        ? new RosenbrockStepper(method.stiff, ctx, f.jacobian, autonomous)
        : undefined;
  const isAuto = method.kind === 'auto';
  const explicitBoundary =
    method.kind === 'explicit' ? method.tableau.stabilityBoundary : method.kind === 'auto' ? method.explicit.stabilityBoundary : 0;
  let stepper: Stepper = explicit ?? (stiff as Stepper);

  let y = Float64Array.from(problem.y0);
  let yNew = new Float64Array(n);
  const scratch = new Float64Array(n);
  const events: EventRecord[] = [];
  const eventCtx = { t: t0, y, p: ctx.p, u: ctx.u };

  // Time events inside [t0, t1), in time order (stable for equal times).
  const timeEvents: TimeEvent[] = (problem.timeEvents ?? []).filter((e) => e.t >= t0 && e.t < tEnd).slice();
  timeEvents.sort((a, b) => a.t - b.t);
  let nextEvent = 0;
  const stateEvents: readonly StateEvent[] = problem.stateEvents ?? [];
  const gOld = new Float64Array(stateEvents.length);

  const series = new GrowableSeries(n, opts.saveMode === 'times' ? opts.saveTimes.length : 64);
  const saveTimes = opts.saveTimes;
  let nextSave = 0;
  const denseRec = new Float64Array(Math.max(explicit?.denseLength ?? 0, stiff?.denseLength ?? 0));
  const store = opts.dense ? new DenseStore(n) : undefined;
  const nonNeg = opts.nonNegative;

  // Times equal up to a few ulps (a report grid t0 + k·Δ against an event time, say).
  const same = (a: number, b: number): boolean => Math.abs(a - b) <= 8 * EPS * Math.max(Math.abs(a), Math.abs(b));

  const clip = (v: Float64Array): boolean => {
    let clipped = false;
    for (let k = 0; k < nonNeg.length; k++) {
      const i = nonNeg[k];
      if (v[i] < 0) {
        v[i] = 0;
        clipped = true;
      }
    }
    return clipped;
  };

  const applyTimeEventsAt = (t: number): boolean => {
    let applied = false;
    while (nextEvent < timeEvents.length && (timeEvents[nextEvent].t <= t || same(timeEvents[nextEvent].t, t))) {
      const e = timeEvents[nextEvent++];
      eventCtx.t = t;
      eventCtx.y = y;
      e.apply?.(eventCtx);
      events.push(e.label !== undefined ? { t, kind: 'time', label: e.label } : { t, kind: 'time' });
      applied = true;
    }
    return applied;
  };

  const evalConditions = (t: number, v: Float64Array, out: Float64Array): void => {
    for (let i = 0; i < stateEvents.length; i++) out[i] = stateEvents[i].condition(t, v, ctx.p, ctx.u);
  };

  /** Emits report points with time < tLimit (strictly) from the current step's dense record. */
  const emitInside = (tStart: number, h: number, tLimit: number, s: Stepper): void => {
    while (nextSave < saveTimes.length && saveTimes[nextSave] < tLimit && !same(saveTimes[nextSave], tLimit)) {
      const ts = saveTimes[nextSave++];
      s.interpolateCurrent((ts - tStart) / h, h, scratch);
      clip(scratch);
      series.push(ts, scratch);
    }
  };
  /** Emits report points at time t (post-event state y). */
  const emitAt = (t: number): void => {
    if (opts.saveMode === 'steps') {
      series.push(t, y);
      return;
    }
    while (nextSave < saveTimes.length && (saveTimes[nextSave] <= t || same(saveTimes[nextSave], t))) {
      nextSave++;
      series.push(t, y);
    }
  };

  let outcome: Outcome = 'success';
  let message: string | undefined;
  let t = t0;

  // Takes the final time as an argument: a closure over `t` would box it on every step.
  const finish = (tFinal: number): OdeSolution => {
    const tOut = series.times();
    const yOut = series.states();
    return {
      outcome,
      ...(message !== undefined ? { message } : {}),
      dimension: n,
      t: tOut,
      y: yOut,
      stats,
      events,
      at(tq: number, out?: Float64Array): Float64Array {
        if (store === undefined) throw new OdeOptionError('dense', 'must be true to evaluate solution.at(t)');
        const target = out ?? new Float64Array(n);
        const located = store.locate(tq);
        if (located < 0) {
          // No step taken (failure at the start): only the initial report point exists.
          if (store.count === 0 && same(tq, t0) && yOut.length >= n) {
            target.set(yOut.subarray(0, n));
            return target;
          }
          throw new RangeError(`t = ${tq} lies outside the integrated span [${t0}, ${tFinal}]`);
        }
        const s = store.kind(located) === 0 ? (explicit as Stepper) : (stiff as Stepper);
        const h = store.stepSize(located);
        s.interpolate(store.buffer, store.offset(located), (tq - store.start(located)) / h, h, target);
        clip(target);
        return target;
      },
    };
  };

  // Start: events at t0, then the initial report point.
  applyTimeEventsAt(t0);
  clip(y);
  emitAt(t0);
  if (!stepper.start(t, y)) {
    outcome = 'non-finite';
    message = `f(t0, y0) is not finite at t = ${t0}`;
    return finish(t);
  }
  if (stateEvents.length > 0) evalConditions(t, y, gOld);

  let h = opts.fixedStep || opts.initialStep || initialStep(ctx, stepper, t, y, tEnd - t0, opts.maxStep, scratch, yNew);
  let errOld = 1;
  let lastRejected = false;
  let stiffFlags = 0;
  let cleanSteps = 0;
  let nonstiffSteps = 0;
  let singularFailures = 0;
  const gNew = new Float64Array(stateEvents.length);
  const fixed = opts.fixedStep > 0;

  while (t < tEnd && !same(t, tEnd)) {
    if (stats.steps >= opts.maxSteps) {
      outcome = 'max-steps';
      message = `maxSteps (${opts.maxSteps}) reached at t = ${t}`;
      break;
    }
    const tStop = nextEvent < timeEvents.length ? Math.min(timeEvents[nextEvent].t, tEnd) : tEnd;
    const hWanted = Math.min(h, opts.maxStep);
    let hTry = hWanted;
    let landing = false;
    // Land exactly on the stop; stretch by ≤1% rather than leave a sliver (Hairer's DOPRI5 does the same).
    if ((t + 1.01 * hTry >= tStop && tStop - t <= opts.maxStep) || same(t + hTry, tStop)) {
      hTry = tStop - t;
      landing = true;
    }
    const err = stepper.attempt(t, y, hTry, yNew);
    stats.steps++;
    if (stepper === stiff) stats.stiffSteps++;

    if (!(err <= 1) && !fixed) {
      // Rejected (including non-finite trials and a singular iteration matrix): shrink and retry.
      stats.rejected++;
      if (Number.isNaN(err)) {
        if (stepper.singular && ++singularFailures > 5) {
          outcome = 'singular-matrix';
          message = `iteration matrix singular at t = ${t}`;
          break;
        }
        h = hTry * 0.25;
      } else {
        h = hTry * Math.max(FAC_MIN, SAFETY * Math.pow(err, -1 / stepper.errorOrder));
      }
      lastRejected = true;
      if (h < 16 * EPS * Math.max(1, Math.abs(t))) {
        outcome = Number.isNaN(err) && !stepper.singular ? 'non-finite' : 'step-size-too-small';
        message = `step size ${h} too small at t = ${t}`;
        break;
      }
      continue;
    }
    if (fixed && Number.isNaN(err)) {
      stats.rejected++;
      outcome = stepper.singular ? 'singular-matrix' : 'non-finite';
      message = stepper.singular ? `iteration matrix singular at t = ${t}` : `solution not finite after the step from t = ${t}`;
      break;
    }

    // Accepted.
    stats.accepted++;
    singularFailures = 0;
    let tNext = landing ? tStop : t + hTry;
    if (!fixed) {
      const k = stepper.errorOrder;
      let fac = err === 0 ? FAC_MAX : SAFETY * Math.pow(err, -(1 / k - 0.75 * BETA)) * Math.pow(errOld, BETA);
      fac = Math.min(FAC_MAX, Math.max(FAC_MIN, fac));
      if (lastRejected) fac = Math.min(fac, 1);
      errOld = Math.max(err, 1e-4);
      h = hTry * fac;
      // A step shortened to land on a stop says nothing against the step size planned before it.
      if (landing) h = Math.max(h, hWanted);
    }
    lastRejected = false;

    const needDense = store !== undefined || stateEvents.length > 0 || nextSave < saveTimes.length;
    if (needDense) stepper.prepareDense(y, yNew);

    // State events: find the earliest crossing in (t, tNext] on the dense output.
    let fired = -1;
    if (stateEvents.length > 0) {
      evalConditions(tNext, yNew, gNew);
      let tFirst = Infinity;
      for (let i = 0; i < stateEvents.length; i++) {
        let tA = t;
        let gA = gOld[i];
        if (gA === 0) {
          // Just fired here (or started on the surface): take the side from a point a hair into the step, so a
          // step that leaves the surface and recrosses it (a bounce) is still caught.
          tA = t + Math.max(1e-6 * hTry, 64 * EPS * Math.max(1, Math.abs(t)));
          if (tA >= tNext) continue;
          stepper.interpolateCurrent((tA - t) / hTry, hTry, scratch);
          gA = stateEvents[i].condition(tA, scratch, ctx.p, ctx.u);
        }
        if (!crosses(stateEvents[i].direction ?? 0, gA, gNew[i])) continue;
        const root = locateRoot(stateEvents[i], stepper, t, tA, hTry, gA, gNew[i], tNext, ctx, scratch);
        if (root < tFirst) {
          tFirst = root;
          fired = i;
        }
      }
      if (fired >= 0) {
        tNext = tFirst;
        stepper.interpolateCurrent((tNext - t) / hTry, hTry, yNew);
        landing = false;
      }
    }

    if (store !== undefined) {
      stepper.writeDense(denseRec, 0);
      store.push(t, tNext, hTry, stepper === stiff ? 1 : 0, denseRec, stepper.denseLength);
    }
    emitInside(t, hTry, tNext, stepper);

    // Stiffness detection and switching (auto methods only).
    let restart = false;
    if (isAuto) {
      const rho = stepper.stiffness(hTry);
      if (stepper === explicit) {
        if (rho > STIFF_FLAG_FRACTION * explicitBoundary) {
          cleanSteps = 0;
          if (++stiffFlags >= STIFF_FLAGS_TO_SWITCH) {
            stepper = stiff as Stepper;
            stats.switches++;
            stiffFlags = 0;
            nonstiffSteps = 0;
            errOld = 1;
            restart = true;
          }
        } else if (++cleanSteps >= CLEAN_STEPS_TO_RESET) {
          stiffFlags = 0;
        }
      } else if (rho < explicitBoundary) {
        if (++nonstiffSteps >= NONSTIFF_STEPS_TO_SWITCH_BACK) {
          stepper = explicit as Stepper;
          stats.switches++;
          nonstiffSteps = 0;
          cleanSteps = 0;
          errOld = 1;
          restart = true;
        }
      } else {
        nonstiffSteps = 0;
      }
    }
    if (!restart) stepper.accept();

    const swap = y;
    y = yNew;
    yNew = swap;
    t = tNext;
    if (clip(y)) restart = true;

    if (fired >= 0) {
      const e = stateEvents[fired];
      eventCtx.t = t;
      eventCtx.y = y;
      e.apply?.(eventCtx);
      events.push(e.label !== undefined ? { t, kind: 'state', label: e.label } : { t, kind: 'state' });
      restart = true;
    }
    if (landing && applyTimeEventsAt(t)) restart = true;
    emitAt(t);
    if (fired >= 0 && stateEvents[fired].terminal === true) {
      outcome = 'terminated-by-event';
      break;
    }
    if (restart && !stepper.start(t, y)) {
      outcome = 'non-finite';
      message = `f not finite at t = ${t}`;
      break;
    }
    if (stateEvents.length > 0) {
      evalConditions(t, y, gOld);
      if (fired >= 0) gOld[fired] = 0;
    }
  }
  return finish(t);
}

/**
 * Starting step size (Hairer, Nørsett & Wanner, Solving ODEs I, §II.4, "Starting step size", steps a–f):
 * h₀ from ‖y₀‖/‖f₀‖, one explicit Euler probe for a second-derivative estimate, h₁ = (0.01/max(d₁, d₂))^(1/k).
 */
function initialStep(
  ctx: StepContext,
  stepper: Stepper,
  t: number,
  y: Float64Array,
  span: number,
  maxStep: number,
  y1: Float64Array,
  f1: Float64Array,
): number {
  const { n, atol, rtol } = ctx;
  const f0 = stepper.fStart;
  let d0 = 0;
  let d1 = 0;
  for (let i = 0; i < n; i++) {
    const sc = atol[i] + rtol * Math.abs(y[i]);
    d0 += (y[i] / sc) ** 2;
    d1 += (f0[i] / sc) ** 2;
  }
  d0 = Math.sqrt(d0 / n);
  d1 = Math.sqrt(d1 / n);
  let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * (d0 / d1);
  h0 = Math.min(h0, span, maxStep);
  for (let i = 0; i < n; i++) y1[i] = y[i] + h0 * f0[i];
  ctx.rhs(t + h0, y1, ctx.p, ctx.u, f1);
  ctx.stats.rhsEvaluations++;
  let d2 = 0;
  for (let i = 0; i < n; i++) {
    const sc = atol[i] + rtol * Math.abs(y[i]);
    d2 += ((f1[i] - f0[i]) / sc) ** 2;
  }
  d2 = Math.sqrt(d2 / n) / h0;
  const dm = Math.max(d1, d2);
  const h1 = Number.isFinite(dm) && dm > 1e-15 ? Math.pow(0.01 / dm, 1 / stepper.errorOrder) : Math.max(1e-6, h0 * 1e-3);
  const h = Math.min(100 * h0, h1, span, maxStep);
  return Number.isFinite(h) && h > 0 ? h : Math.min(1e-6, span);
}

/**
 * Root of g along the step's dense output, by the Illinois variant of regula falsi (Dowell & Jarratt 1971,
 * BIT 11:168–174). Returns the bracket end on the far side of the crossing, so the event never re-fires.
 */
function locateRoot(
  event: StateEvent,
  stepper: Stepper,
  tStart: number,
  tA: number,
  h: number,
  gA: number,
  gB: number,
  tEndStep: number,
  ctx: StepContext,
  scratch: Float64Array,
): number {
  let a = tA;
  let b = tEndStep;
  let fa = gA;
  let fb = gB;
  let side = 0;
  const tol = 4 * EPS * Math.max(1, Math.abs(tEndStep));
  for (let iter = 0; iter < 100 && b - a > tol; iter++) {
    let c = (a * fb - b * fa) / (fb - fa);
    if (!(c > a && c < b)) c = 0.5 * (a + b);
    stepper.interpolateCurrent((c - tStart) / h, h, scratch);
    const fc = event.condition(c, scratch, ctx.p, ctx.u);
    if (fc === 0 || Math.sign(fc) === Math.sign(fb)) {
      b = c;
      fb = fc;
      if (side === 1) fa *= 0.5;
      side = 1;
    } else {
      a = c;
      fa = fc;
      if (side === -1) fb *= 0.5;
      side = -1;
    }
    if (fb === 0) break;
  }
  return b;
}
