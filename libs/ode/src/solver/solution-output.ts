import { OdeOptionError } from '../ode-option.error';
import type { Stepper } from '../steppers/stepper';
import type { EventRecord, OdeSolution, Outcome, SolverStats } from '../types';
import type { DenseStore } from './dense-store';
import { GrowableSeries } from './growable-series';
import { clipNegative } from './non-negative';
import type { ResolvedOptions } from './validate-options';
import { sameTime } from './time-compare';

/**
 * What a solve reports (OrdinaryDiffEqCore's savevalues!): every step end (`saveAt: 'steps'`) or the requested
 * times, those inside a step from its dense interpolant, those at a step end from the post-event state; and the
 * solution object, whose `at(t)` reads the dense store.
 */
export class SolutionOutput {
  private readonly series: GrowableSeries;
  private readonly reported: GrowableSeries | undefined;
  private readonly reportOut: Float64Array;
  private readonly saveTimes: Float64Array;
  private nextSave = 0;

  /** p and u: the solve's own arrays, which events change in place, so the report function sees those in force. */
  constructor(
    private readonly opts: ResolvedOptions,
    private readonly n: number,
    private readonly scratch: Float64Array,
    private readonly p: Float64Array,
    private readonly u: Float64Array,
  ) {
    const capacity = opts.saveMode === 'times' ? opts.saveTimes.length : 64;
    this.series = new GrowableSeries(opts.saveStates ? n : 0, capacity);
    this.reported = opts.report !== undefined ? new GrowableSeries(opts.report.dimension, capacity) : undefined;
    this.reportOut = new Float64Array(opts.report?.dimension ?? 0);
    this.saveTimes = opts.saveTimes;
  }

  private record(t: number, y: Float64Array): void {
    this.series.push(t, y);
    if (this.reported !== undefined) {
      (this.opts.report as NonNullable<ResolvedOptions['report']>).evaluate(t, y, this.p, this.u, this.reportOut);
      this.reported.push(t, this.reportOut);
    }
  }

  /** Report times not written yet (the step's dense output is needed for them). */
  get pending(): boolean {
    return this.nextSave < this.saveTimes.length;
  }

  /** Writes the report points with time < tLimit (strictly) from the current step's dense record. */
  emitInside(tStart: number, h: number, tLimit: number, stepper: Stepper): void {
    const { saveTimes, scratch } = this;
    while (this.nextSave < saveTimes.length && saveTimes[this.nextSave] < tLimit && !sameTime(saveTimes[this.nextSave], tLimit)) {
      const ts = saveTimes[this.nextSave++];
      stepper.interpolateCurrent((ts - tStart) / h, h, scratch);
      clipNegative(scratch, this.opts.nonNegative);
      this.record(ts, scratch);
    }
  }

  /** Writes the report points at time t (post-event state y). */
  emitAt(t: number, y: Float64Array): void {
    if (this.opts.saveMode === 'steps') {
      this.record(t, y);
      return;
    }
    const { saveTimes } = this;
    while (this.nextSave < saveTimes.length && (saveTimes[this.nextSave] <= t || sameTime(saveTimes[this.nextSave], t))) {
      this.nextSave++;
      this.record(t, y);
    }
  }

  /** The solution of a solve that started at t0 and stopped at tFinal; steppers[kind] interprets the dense store. */
  solution(
    end: { outcome: Outcome; message: string | undefined; t0: number; tFinal: number },
    stats: SolverStats,
    events: readonly EventRecord[],
    store: DenseStore | undefined,
    steppers: readonly [Stepper | undefined, Stepper | undefined],
  ): OdeSolution {
    const { n } = this;
    const nonNegative = this.opts.nonNegative;
    const tOut = this.series.times();
    const yOut = this.series.states();
    return {
      outcome: end.outcome,
      ...(end.message !== undefined ? { message: end.message } : {}),
      dimension: n,
      t: tOut,
      y: yOut,
      ...(this.reported !== undefined ? { reported: this.reported.states() } : {}),
      stats,
      events,
      at(tq: number, out?: Float64Array): Float64Array {
        if (store === undefined) throw new OdeOptionError('dense', 'must be true to evaluate solution.at(t)');
        const target = out ?? new Float64Array(n);
        const located = store.locate(tq);
        if (located < 0) {
          // No step taken (failure at the start): only the initial report point exists.
          if (store.count === 0 && sameTime(tq, end.t0) && yOut.length >= n) {
            target.set(yOut.subarray(0, n));
            return target;
          }
          throw new RangeError(`t = ${tq} lies outside the integrated span [${end.t0}, ${end.tFinal}]`);
        }
        const s = steppers[store.kind(located)] as Stepper;
        const h = store.stepSize(located);
        s.interpolate(store.buffer, store.offset(located), (tq - store.start(located)) / h, h, target);
        clipNegative(target, nonNegative);
        return target;
      },
    };
  }
}
