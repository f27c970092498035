import type { StepContext, Stepper } from '../steppers/stepper';
import type { EventRecord, StateEvent } from '../types';
import { EPS } from './time-compare';
import type { EventScratch } from './time-events';

/** Sign-change test for a state event, from a strictly signed start value. */
function crosses(direction: -1 | 0 | 1, gOld: number, gNew: number): boolean {
  const rising = gOld < 0 && gNew >= 0;
  const falling = gOld > 0 && gNew <= 0;
  if (direction === 1) return rising;
  if (direction === -1) return falling;
  return rising || falling;
}

/**
 * State events (OrdinaryDiffEqCore's continuous callbacks): the conditions' values at the last step end, the
 * earliest crossing inside an accepted step found on its dense output, and the event applied there.
 */
export class StateEventLocator {
  private readonly gOld: Float64Array;
  private readonly gNew: Float64Array;
  /** Time of the crossing `locate` found last. */
  time = Infinity;

  constructor(
    private readonly events: readonly StateEvent[],
    private readonly ctx: StepContext,
    private readonly scratch: Float64Array,
  ) {
    this.gOld = new Float64Array(events.length);
    this.gNew = new Float64Array(events.length);
  }

  get any(): boolean {
    return this.events.length > 0;
  }

  /** Evaluates every condition at the step end (t, y); `fired` sits on its surface now (g = 0). */
  reset(t: number, y: Float64Array, fired = -1): void {
    for (let i = 0; i < this.events.length; i++) this.gOld[i] = this.events[i].condition(t, y, this.ctx.p, this.ctx.u);
    if (fired >= 0) this.gOld[fired] = 0;
  }

  /** The index of the earliest event crossing in (t, tNext] of the step (its time in `time`), or −1. */
  locate(stepper: Stepper, t: number, hTry: number, tNext: number, yNew: Float64Array): number {
    const { events, gOld, gNew, ctx, scratch } = this;
    for (let i = 0; i < events.length; i++) gNew[i] = events[i].condition(tNext, yNew, ctx.p, ctx.u);
    let tFirst = Infinity;
    let fired = -1;
    for (let i = 0; i < events.length; i++) {
      let tA = t;
      let gA = gOld[i];
      if (gA === 0) {
        // Just fired here (or started on the surface): take the side from a point a hair into the step, so a
        // step that leaves the surface and recrosses it (a bounce) is still caught.
        tA = t + Math.max(1e-6 * hTry, 64 * EPS * Math.max(1, Math.abs(t)));
        if (tA >= tNext) continue;
        stepper.interpolateCurrent((tA - t) / hTry, hTry, scratch);
        gA = events[i].condition(tA, scratch, ctx.p, ctx.u);
      }
      if (!crosses(events[i].direction ?? 0, gA, gNew[i])) continue;
      const root = locateRoot(events[i], stepper, t, tA, hTry, gA, gNew[i], tNext, ctx, scratch);
      if (root < tFirst) {
        tFirst = root;
        fired = i;
      }
    }
    this.time = tFirst;
    return fired;
  }

  /** Applies event i at the step end (t, y) and records it; true when it ends the integration. */
  apply(i: number, t: number, y: Float64Array, eventCtx: EventScratch, records: EventRecord[]): boolean {
    const e = this.events[i];
    eventCtx.t = t;
    eventCtx.y = y;
    e.apply?.(eventCtx);
    records.push(e.label !== undefined ? { t, kind: 'state', label: e.label } : { t, kind: 'state' });
    return e.terminal === true;
  }
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
