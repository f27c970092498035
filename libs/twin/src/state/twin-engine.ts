/**
 * The event-sourced twin: state = fold of the time-ordered event log through the ensemble filter. Pure in
 * (log, model versions, settings): every random draw is keyed by (patient, event id), the log order is
 * (effective time, id), so a rebuild or a shuffled delivery gives a bit-identical ensemble.
 *
 * Late or out-of-order events are inserted in log order; if they sort before what has been applied, the twin
 * rewinds to the last checkpoint before them (or to genesis) and replays. Checkpoints are taken every
 * `checkpointEveryMin` of event time and kept for the out-of-order window. An event older than the window
 * (before the twin's time minus the window) replays the whole log while the log is short (`lateReplayMaxEvents`:
 * a clinic record's medication history reaching the twin after its readings, on another topic), and is refused
 * with TwinEventTooLateError beyond that (months of CGM are not refolded for one late reading).
 * The same event id twice changes nothing.
 */
import { enkfScalarUpdate } from '../assimilation/ensemble-kalman-filter';
import type { ConsentCategory } from '@shuji/contracts';
import { ConsentState } from './consent';
import type { KnownActivity, KnownBasal, KnownBolus, KnownDose, KnownInputs, KnownMeal, KnownSchedule } from '../composition/known-inputs';
import type { EnsembleComponent, HierarchicalGroups } from '../composition/twin-component';
import { seededRandom } from '@shuji/stats';
import { checkParameterPrior, compareEvents, MS_PER_MIN, type TwinEvent } from './twin-event';

export interface TwinSettings {
  readonly ensembleSize: number;
  /** RTPS relaxation of the analysis spread (Whitaker & Hamill 2012). */
  readonly rtps: number;
  readonly checkpointEveryMin: number;
  /** How far back (minutes of event time) a late event may land. */
  readonly outOfOrderWindowMin: number;
  /**
   * Up to this many events in the log, an event older than the window is still taken, by replaying the log from
   * its start (the twin stays a fold of its sorted log). ~2,000 events of a whole-person twin replay in about 2 s.
   */
  readonly lateReplayMaxEvents: number;
  /**
   * The longest gap (minutes of event time) the ensemble is integrated across. Past it the members restart at
   * their basal steady state (keeping what they learnt of their parameters): integrating months at once froze
   * the process for seconds, and after a long gap the old state carries no information about the new one.
   */
  readonly maxGapMin: number;
}

export const DEFAULT_TWIN_SETTINGS: TwinSettings = {
  ensembleSize: 64,
  rtps: 0.5,
  checkpointEveryMin: 60,
  outOfOrderWindowMin: 24 * 60,
  lateReplayMaxEvents: 2_000,
  // integrating 64 members costs a few ms per hour of gap (bench:twin): 6 h keeps one step to tens of ms
  maxGapMin: 6 * 60,
};

export class TwinEventTooLateError extends Error {
  readonly code = 'TWIN_EVENT_TOO_LATE';
  constructor(
    readonly eventId: string,
    oldestMs: number,
  ) {
    // the message is logged where the event is dead-lettered: no identifier in it (the id is a property)
    super(`the event is older than the out-of-order window (earliest accepted ${new Date(oldestMs).toISOString()})`);
    this.name = 'TwinEventTooLateError';
  }
}

/** Restorable state after the first `applied` events of the log. */
export interface TwinCheckpoint {
  readonly applied: number;
  readonly timeMs: number;
  readonly members: readonly Float64Array[];
}

export interface ApplyResult {
  /** False when the event id was already in the log. */
  readonly changed: boolean;
  /** Events (re)applied by this call, including replays after a rewind. */
  readonly replayed: number;
  readonly rewound: boolean;
  /**
   * Log position the event was inserted at. After a rewind, snapshots taken after more than this many events
   * hold a prefix without the event: they are stale and must be discarded before the event is stored.
   */
  readonly insertedAt: number;
}

export class TwinEngine {
  private readonly log: TwinEvent[] = [];
  private readonly ids = new Set<string>();
  private checkpoints: TwinCheckpoint[] = [];
  private members: Float64Array[] = [];
  private applied = 0;
  private timeMs = Number.NaN;
  private readonly meals: KnownMeal[] = [];
  private readonly boluses: KnownBolus[] = [];
  private readonly basal: KnownBasal[] = [];
  private readonly doses: KnownDose[] = [];
  private readonly schedules: KnownSchedule[] = [];
  private readonly activity: KnownActivity[] = [];
  /** Consent over the applied prefix (consent.ts). */
  private readonly consent = new ConsentState();
  /** Observation counts per LOINC code (data coverage), over the applied log. */
  private readonly coverage = new Map<string, { count: number; firstMs: number; lastMs: number }>();
  private lastInnovation = new Map<string, { innovation: number; sd: number }>();
  /** The analysis's hierarchical option per observed LOINC for this ensemble size (a checkpoint of another size is not restored). */
  private readonly hierarchical = new Map<string, HierarchicalGroups | undefined>();

  constructor(
    readonly patientId: string,
    readonly component: EnsembleComponent,
    readonly settings: TwinSettings = DEFAULT_TWIN_SETTINGS,
  ) {}

  get revision(): number {
    return this.applied;
  }

  get currentTimeMs(): number {
    return this.timeMs;
  }

  get ensemble(): readonly Float64Array[] {
    return this.members;
  }

  /** Whether the log holds an event with this id. */
  hasEvent(id: string): boolean {
    return this.ids.has(id);
  }

  get events(): readonly TwinEvent[] {
    return this.log;
  }

  get dataCoverage(): ReadonlyMap<string, { count: number; firstMs: number; lastMs: number }> {
    return this.coverage;
  }

  get innovations(): ReadonlyMap<string, { innovation: number; sd: number }> {
    return this.lastInnovation;
  }

  /** Each consent category and whether it is granted, as of the applied log. */
  get consents(): Record<ConsentCategory, boolean> {
    return this.consent.snapshot();
  }

  /** Known inputs over the whole log (planned ones included): the person's schedule for forecasts. */
  knownInputs(): KnownInputs {
    return this.inputsOf(this.log);
  }

  /** Inputs in model minutes (epoch minutes). */
  private inputsOf(events: readonly TwinEvent[]): KnownInputs {
    const meals: KnownMeal[] = [];
    const boluses: KnownBolus[] = [];
    const basal: KnownBasal[] = [];
    const doses: KnownDose[] = [];
    const schedules: KnownSchedule[] = [];
    const activity: KnownActivity[] = [];
    const consent = new ConsentState();
    for (const e of events) {
      if (consent.take(e)) {
        if (e.kind === 'consent') endSchedulesOnWithdrawal(schedules, e);
        continue;
      }
      if (!consent.allows(e)) continue;
      const tMin = e.timeMs / MS_PER_MIN;
      if (e.kind === 'meal') meals.push({ tMin, carbsG: e.carbsG });
      else if (e.kind === 'insulin-bolus') boluses.push({ tMin, units: e.units });
      else if (e.kind === 'basal-rate') basal.push({ tMin, unitsPerHour: e.unitsPerHour });
      else if (e.kind === 'medication-dose') doses.push({ tMin, atc: e.atc, mg: e.mg });
      else if (e.kind === 'medication-schedule') schedules.push(scheduleOf(e));
      else if (e.kind === 'activity-level') activity.push({ tMin, pal: e.pal });
    }
    return { meals, boluses, basal, doses, schedules, activity };
  }

  apply(event: TwinEvent): ApplyResult {
    if (event.patientId !== this.patientId) throw new RangeError(`event ${event.id} is for another patient`);
    if (this.ids.has(event.id)) return { changed: false, replayed: 0, rewound: false, insertedAt: -1 };
    if (event.kind === 'parameter-prior') checkParameterPrior(event);
    const pos = this.insertionIndex(event);
    let rewound = false;
    if (pos < this.applied) {
      if (event.timeMs < this.timeMs - this.settings.outOfOrderWindowMin * MS_PER_MIN && this.log.length >= this.settings.lateReplayMaxEvents) {
        throw new TwinEventTooLateError(event.id, this.timeMs - this.settings.outOfOrderWindowMin * MS_PER_MIN);
      }
      // the last checkpoint before the event, or genesis (a full replay of the log) when none is held (always so
      // for an event older than the window: its checkpoints are dropped)
      const keep = this.checkpoints.filter((c) => c.applied <= pos);
      this.log.splice(pos, 0, event);
      this.ids.add(event.id);
      this.restore(keep);
      rewound = true;
    } else {
      this.log.splice(pos, 0, event);
      this.ids.add(event.id);
    }
    const before = this.applied;
    while (this.applied < this.log.length) this.step();
    return { changed: true, replayed: this.applied - before, rewound, insertedAt: pos };
  }

  private insertionIndex(event: TwinEvent): number {
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEvents(this.log[mid], event) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private restore(keep: TwinCheckpoint[]): void {
    this.checkpoints = keep;
    const last = keep.at(-1);
    if (last === undefined) {
      this.applied = 0;
      this.members = [];
      this.timeMs = Number.NaN;
    } else {
      this.applied = last.applied;
      this.members = last.members.map((m) => Float64Array.from(m));
      this.timeMs = last.timeMs;
    }
    this.rebuildDerived();
  }

  /** Inputs and coverage are functions of the applied prefix. */
  private rebuildDerived(): void {
    this.meals.length = 0;
    this.boluses.length = 0;
    this.basal.length = 0;
    this.doses.length = 0;
    this.schedules.length = 0;
    this.activity.length = 0;
    this.consent.clear();
    this.coverage.clear();
    this.lastInnovation.clear();
    const inputs = this.inputsOf(this.log.slice(0, this.applied));
    this.meals.push(...inputs.meals);
    this.boluses.push(...inputs.boluses);
    this.basal.push(...inputs.basal);
    this.doses.push(...(inputs.doses ?? []));
    this.schedules.push(...(inputs.schedules ?? []));
    this.activity.push(...(inputs.activity ?? []));
    for (const e of this.log.slice(0, this.applied)) {
      this.consent.take(e);
      if (e.kind === 'observation') this.count(e.loinc, e.timeMs);
    }
  }

  private count(loinc: string, timeMs: number): void {
    const c = this.coverage.get(loinc);
    if (c === undefined) this.coverage.set(loinc, { count: 1, firstMs: timeMs, lastMs: timeMs });
    else {
      c.count++;
      c.lastMs = Math.max(c.lastMs, timeMs);
    }
  }

  private step(): void {
    const event = this.log[this.applied];
    if (this.applied === 0) {
      this.members = this.component.initialEnsemble(seededRandom(this.patientId, 'genesis'), this.settings.ensembleSize);
      this.timeMs = event.timeMs;
      this.checkpoints = [{ applied: 0, timeMs: event.timeMs, members: this.members.map((m) => Float64Array.from(m)) }];
    }
    // a consent event changes what the twin may use; data of a withdrawn category stay in the log, unused
    const isConsent = this.consent.take(event);
    if (isConsent && event.kind === 'consent') endSchedulesOnWithdrawal(this.schedules, event);
    const usable = !isConsent && this.consent.allows(event);
    if (!usable && event.kind === 'observation') this.count(event.loinc, event.timeMs);
    if (usable) this.use(event);
    this.applied++;
    this.maybeCheckpoint(event.timeMs);
  }

  /** Applies one usable event to the members and the known inputs. */
  private use(event: TwinEvent): void {
    switch (event.kind) {
      case 'meal':
        this.meals.push({ tMin: event.timeMs / MS_PER_MIN, carbsG: event.carbsG });
        break;
      case 'insulin-bolus':
        this.boluses.push({ tMin: event.timeMs / MS_PER_MIN, units: event.units });
        break;
      case 'basal-rate':
        this.basal.push({ tMin: event.timeMs / MS_PER_MIN, unitsPerHour: event.unitsPerHour });
        break;
      case 'medication-dose':
        this.doses.push({ tMin: event.timeMs / MS_PER_MIN, atc: event.atc, mg: event.mg });
        break;
      case 'medication-schedule':
        this.schedules.push(scheduleOf(event));
        break;
      case 'activity-level':
        this.activity.push({ tMin: event.timeMs / MS_PER_MIN, pal: event.pal });
        break;
      case 'genotype':
        this.component.conditionOnFinding?.(this.members, event.gene, event.result, seededRandom(this.patientId, event.id));
        break;
      case 'observation':
        this.assimilate(event);
        break;
      case 'parameter-prior':
        this.component.redrawParameters(this.members, event.parameters, seededRandom(this.patientId, event.id), event.correlation);
        break;
    }
  }

  private assimilate(event: Extract<TwinEvent, { kind: 'observation' }>): void {
    this.count(event.loinc, event.timeMs);
    const probe = this.component.observe(this.members[0], event.loinc);
    if (probe === null) return; // recorded in coverage; no component explains it
    const rng = seededRandom(this.patientId, event.id);
    const inputs: KnownInputs = { meals: this.meals, boluses: this.boluses, basal: this.basal, doses: this.doses, schedules: this.schedules, activity: this.activity };
    const ta = this.timeMs / MS_PER_MIN;
    const tb = event.timeMs / MS_PER_MIN;
    if (tb - ta > (this.component.maxGapMin ?? this.settings.maxGapMin)) this.members = this.component.restart(this.members, rng);
    else if (tb > ta) this.component.propagate(this.members, ta, tb, inputs, rng);
    this.timeMs = Math.max(this.timeMs, event.timeMs);
    // the twin guards itself too: a reading its component calls implausible is counted, never assimilated
    if (!this.component.isPlausibleReading(event.loinc, event.value)) return;
    const prior = this.members.map((m) => Float64Array.from(m));
    const predicted = Float64Array.from(this.members, (m) => this.component.observe(m, event.loinc) ?? Number.NaN);
    const variance = this.component.observationVariance(event.loinc, event.value);
    const d = enkfScalarUpdate(this.members, predicted, { value: event.value, variance }, rng, {
      rtps: this.settings.rtps,
      localisation: this.component.localisationFor?.(event.loinc) ?? this.component.localisation,
      hierarchical: this.hierarchicalFor(event.loinc),
    });
    for (const m of this.members) this.component.project(m);
    if (this.members.some((m) => m.some((x) => !Number.isFinite(x)))) {
      this.members = prior; // an analysis that leaves a state non-finite is undone, not kept
      return;
    }
    this.lastInnovation.set(event.loinc, { innovation: d.innovation, sd: Math.sqrt(d.innovationVariance) });
  }

  /**
   * The component's hierarchical groups for a reading of `loinc`, fewer in a small ensemble (at least 2 members each),
   * none below 4 members.
   */
  private hierarchicalFor(loinc: string): HierarchicalGroups | undefined {
    if (this.hierarchical.has(loinc)) return this.hierarchical.get(loinc);
    const wanted = this.component.hierarchicalFor?.(loinc) ?? this.component.hierarchical;
    const groups = wanted === undefined ? 0 : Math.min(wanted.groups, Math.floor(this.settings.ensembleSize / 2));
    const option = wanted !== undefined && groups >= 2 ? { groups, variables: wanted.variables } : undefined;
    this.hierarchical.set(loinc, option);
    return option;
  }

  private maybeCheckpoint(eventMs: number): void {
    const last = this.checkpoints.at(-1);
    if (last !== undefined && eventMs - last.timeMs < this.settings.checkpointEveryMin * MS_PER_MIN) return;
    // checkpoint only on a boundary between distinct times, so a later event at the same time cannot split it
    const next = this.log[this.applied];
    if (next !== undefined && next.timeMs === eventMs) return;
    this.checkpoints.push({ applied: this.applied, timeMs: this.timeMs, members: this.members.map((m) => Float64Array.from(m)) });
    const horizon = this.timeMs - this.settings.outOfOrderWindowMin * MS_PER_MIN;
    while (this.checkpoints.length > 1 && this.checkpoints[1].timeMs <= horizon) this.checkpoints.shift();
  }

  /**
   * Restores a twin from its full event log and a persisted checkpoint (a snapshot): the checkpoint's applied
   * prefix must be the log's first `applied` events; the rest of the log is replayed.
   */
  static restore(
    patientId: string,
    component: EnsembleComponent,
    settings: TwinSettings,
    log: readonly TwinEvent[],
    checkpoint: TwinCheckpoint | undefined,
  ): TwinEngine {
    const engine = new TwinEngine(patientId, component, settings);
    engine.log.push(...[...log].sort(compareEvents));
    for (const e of engine.log) engine.ids.add(e.id);
    if (engine.ids.size !== engine.log.length) throw new RangeError(`event log of ${patientId} holds duplicate ids`);
    // a checkpoint of another member layout (e.g. written before the component gained entries) or of another
    // ensemble size (a settings change) is replayed over
    const fits =
      checkpoint !== undefined && checkpoint.members.length === settings.ensembleSize && checkpoint.members.every((m) => m.length === component.size);
    const usable = checkpoint !== undefined && fits && checkpoint.applied <= engine.log.length ? [checkpoint] : [];
    engine.restore(usable);
    while (engine.applied < engine.log.length) engine.step();
    return engine;
  }

  /** The checkpoints currently held (for persistence as snapshots). */
  get heldCheckpoints(): readonly TwinCheckpoint[] {
    return this.checkpoints;
  }
}

function scheduleOf(e: Extract<TwinEvent, { kind: 'medication-schedule' }>): KnownSchedule {
  return { startMin: e.timeMs / MS_PER_MIN, atc: e.atc, mg: e.mg, everyMin: e.everyMin, ...(e.endMs === undefined ? {} : { endMin: e.endMs / MS_PER_MIN }) };
}

/** A withdrawal of consent for medications ends the schedules known so far: their doses after it are not used. */
function endSchedulesOnWithdrawal(schedules: KnownSchedule[], e: Extract<TwinEvent, { kind: 'consent' }>): void {
  if (e.granted || e.category !== 'medications') return;
  const at = e.timeMs / MS_PER_MIN;
  schedules.forEach((s, i) => (schedules[i] = { ...s, endMin: Math.min(s.endMin ?? Number.POSITIVE_INFINITY, at) }));
}
