import type { EventRecord, TimeEvent } from '../types';
import { sameTime } from './time-compare';

/** The one context object events are called with: the driver points t and y at the current step end. */
export interface EventScratch {
  t: number;
  y: Float64Array;
  readonly p: Float64Array;
  readonly u: Float64Array;
}

/**
 * The time events of a solve as stops (OrdinaryDiffEqCore's tstops): the driver lands exactly on each, applies the
 * events due there in time order (stable for equal times), and restarts the stepper.
 */
export class TimeEventQueue {
  private readonly events: TimeEvent[];
  private next = 0;

  constructor(events: readonly TimeEvent[], t0: number, tEnd: number) {
    // events inside [t0, tEnd), in time order
    this.events = events.filter((e) => e.t >= t0 && e.t < tEnd).slice();
    this.events.sort((a, b) => a.t - b.t);
  }

  /** Where the next step must stop: the next event's time, or tEnd. */
  nextStop(tEnd: number): number {
    return this.next < this.events.length ? Math.min(this.events[this.next].t, tEnd) : tEnd;
  }

  /** Applies the events due at t (state y) and records them; true when any was applied. */
  applyAt(t: number, y: Float64Array, ctx: EventScratch, records: EventRecord[]): boolean {
    let applied = false;
    while (this.next < this.events.length && (this.events[this.next].t <= t || sameTime(this.events[this.next].t, t))) {
      const e = this.events[this.next++];
      ctx.t = t;
      ctx.y = y;
      e.apply?.(ctx);
      records.push(e.label !== undefined ? { t, kind: 'time', label: e.label } : { t, kind: 'time' });
      applied = true;
    }
    return applied;
  }
}
