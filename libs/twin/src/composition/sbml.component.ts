/**
 * An imported SBML model as an ensemble twin component (issue 19: "any curated SBML model becomes a twin
 * component"). A member is the model's integrated states (in the order of `SbmlRuntime.stateSlots`) followed by
 * the natural logs of its estimated parameters; the stochastic EnKF (ensemble-kalman-filter.ts; Evensen 2009
 * §9.2) updates both from readings of model symbols, which is joint state–parameter estimation by state
 * augmentation (Evensen 2009 §7.2). Each member is advanced by @shuji/ode's auto-switching DOPRI5/RODAS4 on the
 * runtime's right-hand side, with its own parameter values in the constant slots.
 *
 * Scope: event-free models without delays or fast reactions (their discontinuities and histories are per run in
 * simulateSbml, not per member); known inputs (meals, boluses) are not routed into SBML models yet.
 */
import { autoSwitch, solve } from '@shuji/ode';
import { buildSbmlRuntime, type SbmlModel, type SbmlRuntime } from '@shuji/sbml';
import type { SeededRandom } from '@shuji/stats';
import type { ParameterPriorEntry } from '../state/twin-event';
import type { KnownInputs } from './known-inputs';
import { ObservationCodes, type ObservationCode } from './observation-codes';
import type { ComponentVariable, EnsembleComponent } from './twin-component';

export interface SbmlObservationMapping {
  /** LOINC code of the reading, one of ObservationCodes. */
  readonly loinc: string;
  /** SBML id whose value is the reading (in the reading's unit). */
  readonly symbol: string;
  /** SD of the white observation error, in the reading's unit. */
  readonly sd: number;
}

export interface SbmlComponentOptions {
  readonly id: string;
  readonly observations: readonly SbmlObservationMapping[];
  /** Constant parameters estimated as log values, with their prior SD in log space around the model's value. */
  readonly estimated: readonly { readonly parameter: string; readonly logSd: number }[];
  /** Model time units per twin minute (1 for a model in minutes, 1/60 for hours). Default 1. */
  readonly modelTimePerMinute?: number;
  /** Solver tolerances per member (defaults 1e-8 relative, 1e-10 absolute). */
  readonly rtol?: number;
  readonly atol?: number;
}

export class SbmlEnsembleComponent implements EnsembleComponent {
  readonly id: string;
  readonly size: number;
  readonly explains: readonly ObservationCode[];
  readonly variables: readonly ComponentVariable[];
  readonly localisation: Float64Array;
  private readonly rt: SbmlRuntime;
  private readonly base: Float64Array;
  private readonly n: number;
  private readonly paramSlots: readonly number[];
  private readonly priorLog: Float64Array;
  private readonly observationSlots: ReadonlyMap<string, { readonly slot: number; readonly sd: number }>;
  private readonly timeScale: number;
  /** Twin time (min) of the last propagation: time-dependent rules are read there. */
  private now = 0;

  constructor(
    model: SbmlModel,
    private readonly options: SbmlComponentOptions,
  ) {
    this.rt = buildSbmlRuntime(model);
    if (model.events.length > 0) throw new RangeError(`SBML component "${options.id}": models with events are not ensemble components yet`);
    if (this.rt.delayCount > 0 || this.rt.fastScaling) throw new RangeError(`SBML component "${options.id}": delays and fast reactions need simulateSbml`);
    this.id = options.id;
    this.timeScale = options.modelTimePerMinute ?? 1;
    this.base = this.rt.initialValues(0);
    this.n = this.rt.stateSlots.length;
    const constants = new Set(this.rt.plan.constants);
    this.paramSlots = options.estimated.map((p) => {
      const slot = this.rt.slotOf(p.parameter);
      if (slot === undefined || !constants.has(p.parameter)) throw new RangeError(`estimated.${p.parameter}: not a constant of the model`);
      if (!(this.base[slot] > 0) || !(p.logSd >= 0)) throw new RangeError(`estimated.${p.parameter}: needs a positive value and logSd ≥ 0`);
      return slot;
    });
    this.priorLog = Float64Array.from(this.paramSlots, (slot) => Math.log(this.base[slot]));
    const codes = Object.values(ObservationCodes) as ObservationCode[];
    this.explains = options.observations.map((o) => {
      const code = codes.find((c) => c.loinc === o.loinc);
      if (!code) throw new RangeError(`observations: LOINC ${o.loinc} is not one the twin explains`);
      return code;
    });
    this.observationSlots = new Map(
      options.observations.map((o) => {
        const slot = this.rt.slotOf(o.symbol);
        if (slot === undefined) throw new RangeError(`observations: no symbol "${o.symbol}" in the model`);
        return [o.loinc, { slot, sd: o.sd }];
      }),
    );
    this.size = this.n + this.paramSlots.length;
    this.variables = [
      ...this.rt.plan.states.map((s, i): ComponentVariable => ({ name: s.name, unit: '', index: i, kind: 'state' })),
      ...options.estimated.map((p, k): ComponentVariable => ({ name: p.parameter, unit: '', index: this.n + k, kind: 'log-parameter' })),
    ];
    this.localisation = new Float64Array(this.size).fill(1);
  }

  /** N members at the model's initial state, estimated parameters drawn from their log-normal prior. */
  initialEnsemble(rng: SeededRandom, n: number): Float64Array[] {
    return Array.from({ length: n }, () => {
      const member = new Float64Array(this.size);
      for (let i = 0; i < this.n; i++) member[i] = this.base[this.rt.stateSlots[i]];
      this.options.estimated.forEach((p, k) => (member[this.n + k] = this.priorLog[k] + p.logSd * rng.normal()));
      return member;
    });
  }

  /** After a gap too long to integrate: every member's state back at the model's initial state, its parameters kept. */
  restart(members: readonly Float64Array[], _rng: SeededRandom): Float64Array[] {
    return members.map((m) => {
      const member = Float64Array.from(m);
      for (let i = 0; i < this.n; i++) member[i] = this.base[this.rt.stateSlots[i]];
      return member;
    });
  }

  /** A finite reading of a mapped code; the model's own variables carry no physiological range to check against. */
  isPlausibleReading(_loinc: string, value: number): boolean {
    return Number.isFinite(value);
  }

  /** The slot vector of a member at model time t: constants, its parameters, its states, then every rule. */
  private slotsOf(member: Float64Array, t: number, state: Float64Array = member): Float64Array {
    const v = Float64Array.from(this.base);
    this.paramSlots.forEach((slot, k) => (v[slot] = Math.exp(member[this.n + k])));
    for (let i = 0; i < this.n; i++) v[this.rt.stateSlots[i]] = state[i];
    this.rt.derive(t, v);
    return v;
  }

  propagate(members: readonly Float64Array[], ta: number, tb: number, _inputs: KnownInputs, _rng: SeededRandom | null): void {
    const [t0, t1] = [ta * this.timeScale, tb * this.timeScale];
    if (t1 > t0) {
      for (const member of members) {
        const v = this.slotsOf(member, t0);
        const rhs = (t: number, y: Float64Array, _p: Float64Array, _u: Float64Array, dy: Float64Array): void => {
          for (let i = 0; i < this.n; i++) v[this.rt.stateSlots[i]] = y[i];
          this.rt.derive(t, v);
          this.rt.derivatives(t, v, dy);
        };
        const sol = solve({ f: { dimension: this.n, rhs }, y0: member.slice(0, this.n), tspan: [t0, t1] }, autoSwitch(), {
          rtol: this.options.rtol ?? 1e-8,
          atol: this.options.atol ?? 1e-10,
          saveAt: new Float64Array([t1]),
        });
        if (sol.outcome !== 'success') throw new Error(`SBML component "${this.id}": integration ${sol.outcome} (${sol.message ?? ''})`);
        member.set(sol.y.subarray(0, this.n));
      }
    }
    this.now = tb;
  }

  observe(member: Float64Array, loinc: string): number | null {
    const o = this.observationSlots.get(loinc);
    return o ? this.slotsOf(member, this.now * this.timeScale)[o.slot] : null;
  }

  observationVariance(loinc: string): number {
    const o = this.observationSlots.get(loinc);
    if (!o) throw new RangeError(`SBML component "${this.id}" does not explain LOINC ${loinc}`);
    return o.sd * o.sd;
  }

  /** Nothing to keep physical in general: an SBML model's states may be of any sign. */
  project(_member: Float64Array): void {}

  redrawParameters(members: readonly Float64Array[], prior: readonly ParameterPriorEntry[], rng: SeededRandom, correlation?: readonly number[]): string[] {
    const targets = this.options.estimated.flatMap((p, k) => {
      const entry = prior.find((e) => e.name === p.parameter && Number.isFinite(e.logMean) && e.logSd >= 0);
      return entry ? [{ k, entry }] : [];
    });
    if (correlation && targets.length > 1) throw new RangeError('correlation: the SBML component redraws its parameters independently only');
    for (const member of members) for (const { k, entry } of targets) member[this.n + k] = entry.logMean + entry.logSd * rng.normal();
    return targets.map((t) => t.entry.name);
  }
}
