import { ExplicitRkStepper } from '../steppers/explicit-rk.stepper';
import { RosenbrockStepper } from '../steppers/rosenbrock.stepper';
import type { StepContext, Stepper } from '../steppers/stepper';
import type { EventRecord, OdeMethod, OdeProblem, OdeSolution, Outcome, SolveOptions, SolverStats } from '../types';
import { AutoSwitch } from './auto-switch';
import { DenseStore } from './dense-store';
import { initialStep } from './initial-step';
import { clipNegative } from './non-negative';
import { PiController } from './pi-controller';
import { SolutionOutput } from './solution-output';
import { StateEventLocator } from './state-events';
import { EPS, sameTime } from './time-compare';
import { TimeEventQueue, type EventScratch } from './time-events';
import { validateSolve } from './validate-options';

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

/**
 * Integrates `problem` with `method` over its time span.
 *
 * The driver, split along OrdinaryDiffEqCore's seams: step-size control (`PiController`), exact landing on time
 * events with an FSAL reset and no cold restart (`TimeEventQueue`), state events located on the dense output
 * (`StateEventLocator`, Illinois), report values from the dense interpolant (`SolutionOutput`), non-negativity
 * clipping, the starting step (`initialStep`) and stiffness switching for `autoSwitch` methods (`AutoSwitch`). Bad
 * options throw `OdeOptionError`; everything that goes wrong during integration is returned as the solution's `outcome`.
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
  const autoSwitch = method.kind === 'auto' ? new AutoSwitch(method.explicit.stabilityBoundary) : undefined;
  let stepper: Stepper = explicit ?? (stiff as Stepper);

  let y = Float64Array.from(problem.y0);
  let yNew = new Float64Array(n);
  const scratch = new Float64Array(n);
  const events: EventRecord[] = [];
  const eventCtx: EventScratch = { t: t0, y, p: ctx.p, u: ctx.u };
  const timeEvents = new TimeEventQueue(problem.timeEvents ?? [], t0, tEnd);
  const stateEvents = new StateEventLocator(problem.stateEvents ?? [], ctx, scratch);
  const output = new SolutionOutput(opts, n, scratch, ctx.p, ctx.u);
  const denseRec = new Float64Array(Math.max(explicit?.denseLength ?? 0, stiff?.denseLength ?? 0));
  const store = opts.dense ? new DenseStore(n) : undefined;
  const nonNeg = opts.nonNegative;

  let outcome: Outcome = 'success';
  let message: string | undefined;
  let t = t0;
  // Takes the final time as an argument: a closure over `t` would box it on every step.
  const finish = (tFinal: number): OdeSolution => output.solution({ outcome, message, t0, tFinal }, stats, events, store, [explicit, stiff]);

  // Start: events at t0, then the initial report point.
  timeEvents.applyAt(t0, y, eventCtx, events);
  clipNegative(y, nonNeg);
  output.emitAt(t0, y);
  if (!stepper.start(t, y)) {
    outcome = 'non-finite';
    message = `f(t0, y0) is not finite at t = ${t0}`;
    return finish(t);
  }
  if (stateEvents.any) stateEvents.reset(t, y);

  let h = opts.fixedStep || opts.initialStep || initialStep(ctx, stepper, t, y, tEnd - t0, opts.maxStep, scratch, yNew);
  const controller = new PiController();
  let singularFailures = 0;
  const fixed = opts.fixedStep > 0;

  while (t < tEnd && !sameTime(t, tEnd)) {
    if (stats.steps >= opts.maxSteps) {
      outcome = 'max-steps';
      message = `maxSteps (${opts.maxSteps}) reached at t = ${t}`;
      break;
    }
    const tStop = timeEvents.nextStop(tEnd);
    const hWanted = Math.min(h, opts.maxStep);
    let hTry = hWanted;
    let landing = false;
    // Land exactly on the stop; stretch by ≤1% rather than leave a sliver (Hairer's DOPRI5 does the same).
    if ((t + 1.01 * hTry >= tStop && tStop - t <= opts.maxStep) || sameTime(t + hTry, tStop)) {
      hTry = tStop - t;
      landing = true;
    }
    const err = stepper.attempt(t, y, hTry, yNew);
    stats.steps++;
    if (stepper === stiff) stats.stiffSteps++;

    if (!(err <= 1) && !fixed) {
      // Rejected (including non-finite trials and a singular iteration matrix): shrink and retry.
      stats.rejected++;
      if (Number.isNaN(err) && stepper.singular && ++singularFailures > 5) {
        outcome = 'singular-matrix';
        message = `iteration matrix singular at t = ${t}`;
        break;
      }
      h = controller.rejected(hTry, err, stepper.errorOrder);
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
      h = controller.accepted(hTry, err, stepper.errorOrder);
      // A step shortened to land on a stop says nothing against the step size planned before it.
      if (landing) h = Math.max(h, hWanted);
    }

    if (store !== undefined || stateEvents.any || output.pending) stepper.prepareDense(y, yNew);

    // State events: the earliest crossing in (t, tNext] on the dense output ends the step there.
    const fired = stateEvents.any ? stateEvents.locate(stepper, t, hTry, tNext, yNew) : -1;
    if (fired >= 0) {
      tNext = stateEvents.time;
      stepper.interpolateCurrent((tNext - t) / hTry, hTry, yNew);
      landing = false;
    }

    if (store !== undefined) {
      stepper.writeDense(denseRec, 0);
      store.push(t, tNext, hTry, stepper === stiff ? 1 : 0, denseRec, stepper.denseLength);
    }
    output.emitInside(t, hTry, tNext, stepper);

    // Stiffness detection and switching (auto methods only).
    let restart = false;
    if (autoSwitch !== undefined) {
      const rho = stepper.stiffness(hTry);
      const toOther = stepper === explicit ? autoSwitch.afterExplicitStep(rho) : autoSwitch.afterStiffStep(rho);
      if (toOther) {
        stepper = (stepper === explicit ? stiff : explicit) as Stepper;
        stats.switches++;
        controller.forget();
        restart = true;
      }
    }
    if (!restart) stepper.accept();

    const swap = y;
    y = yNew;
    yNew = swap;
    t = tNext;
    if (clipNegative(y, nonNeg)) restart = true;

    let terminal = false;
    if (fired >= 0) {
      terminal = stateEvents.apply(fired, t, y, eventCtx, events);
      restart = true;
    }
    if (landing && timeEvents.applyAt(t, y, eventCtx, events)) restart = true;
    output.emitAt(t, y);
    if (terminal) {
      outcome = 'terminated-by-event';
      break;
    }
    if (restart && !stepper.start(t, y)) {
      outcome = 'non-finite';
      message = `f not finite at t = ${t}`;
      break;
    }
    if (stateEvents.any) stateEvents.reset(t, y, fired);
  }
  return finish(t);
}
