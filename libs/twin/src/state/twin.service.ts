/**
 * The twin service: one event in → the patient's twin updated → a TwinUpdated out. Holds the rules of event
 * sourcing; the log and snapshots live behind ports. Order per event: apply to the in-memory twin (refuses an
 * event outside the out-of-order window before anything is stored), append to the log, save a snapshot when a
 * new checkpoint exists, return the update. A redelivered event changes nothing and returns the current
 * revision again (TwinUpdated is idempotent by revision), so a crash anywhere loses or doubles nothing.
 */
import { ObservationCodes } from '../composition/observation-codes';
import { T1dGlucoseComponent } from '../composition/t1d-glucose.component';
import type { EnsembleComponent } from '../composition/twin-component';
import { TwinEngine, DEFAULT_TWIN_SETTINGS, type TwinSettings } from './twin-engine';
import type { TwinEvent } from './twin-event';
import type { TwinEventLog, TwinSnapshotStore } from './twin-store';

export class TwinNotFoundError extends Error {
  readonly code = 'TWIN_NOT_FOUND';
  constructor(patientId: string) {
    super(`no twin for patient ${patientId}`);
    this.name = 'TwinNotFoundError';
  }
}

/** What the twin knows about a person beyond the event log: chooses and parameterises its components. */
export interface TwinComponentFactory {
  create(patientId: string): Promise<EnsembleComponent>;
  /**
   * Whether this event may start a person's twin (e.g. the first CGM reading for a T1D twin). Until one does,
   * events are not the twin's: a yearly lab glucose of someone without a glucose stream starts nothing.
   */
  startsTwin(event: TwinEvent): boolean;
}

export interface TwinUpdate {
  readonly patientId: string;
  readonly revision: number;
  readonly changed: boolean;
  readonly eventId: string;
  readonly engine: TwinEngine;
}

export interface TwinServiceOptions {
  /**
   * Most twins held in memory; beyond it the least recently used one is dropped and rebuilt from its snapshot and
   * log when its person's next event arrives. People without a twin are never held.
   */
  readonly maxTwinsInMemory: number;
}

export const DEFAULT_TWIN_SERVICE_OPTIONS: TwinServiceOptions = { maxTwinsInMemory: 10_000 };

export class TwinService {
  /** Live twins in least-recently-used order (a Map iterates in insertion order; a hit re-inserts). */
  private readonly engines = new Map<string, TwinEngine>();
  private readonly savedApplied = new Map<string, number>();
  /** Restores in flight, so concurrent calls for one person share a single engine. */
  private readonly restoring = new Map<string, Promise<{ engine: TwinEngine; savedApplied: number }>>();

  constructor(
    private readonly log: TwinEventLog,
    private readonly snapshots: TwinSnapshotStore,
    private readonly components: TwinComponentFactory,
    private readonly settings: TwinSettings = DEFAULT_TWIN_SETTINGS,
    private readonly options: TwinServiceOptions = DEFAULT_TWIN_SERVICE_OPTIONS,
  ) {
    if (!Number.isInteger(options.maxTwinsInMemory) || options.maxTwinsInMemory < 1) throw new RangeError('"maxTwinsInMemory" must be an integer ≥ 1');
  }

  /** Twins held in memory now. */
  get twinsInMemory(): number {
    return this.engines.size;
  }

  /**
   * Applies one event; `revision` stays 0 when the person has no twin and this event does not start one (the
   * empty engine returned then is not kept: memory grows with twins, not with everyone seen).
   */
  async handle(event: TwinEvent): Promise<TwinUpdate> {
    const engine = await this.engineFor(event.patientId);
    if (engine.revision === 0 && !this.components.startsTwin(event)) {
      return { patientId: event.patientId, revision: 0, changed: false, eventId: event.id, engine };
    }
    const result = engine.apply(event);
    this.hold(engine);
    if (result.rewound) {
      // before the event is stored: a crash between the append and the next snapshot must not leave a snapshot
      // whose prefix lacks it (a restart would trust it), and replayed checkpoints must not collide with stale ones
      await this.snapshots.deleteAfter(event.patientId, result.insertedAt);
      this.savedApplied.set(event.patientId, Math.min(result.insertedAt, this.savedApplied.get(event.patientId) ?? -1));
    }
    if (result.changed) await this.log.append(event);
    await this.saveCheckpoint(engine);
    return { patientId: event.patientId, revision: engine.revision, changed: result.changed, eventId: event.id, engine };
  }

  /**
   * The twin: the held one, or restored from snapshot + log without being held. Only the consumer of the person's
   * partition holds a twin: in a group of several twin processes a copy held by a reader would never see the
   * owner's later updates.
   */
  async get(patientId: string): Promise<TwinEngine> {
    const engine = this.engines.get(patientId) ?? (await this.engineFor(patientId, false));
    if (engine.revision === 0) throw new TwinNotFoundError(patientId);
    return engine;
  }

  /** The twin as the consumer of the person's partition needs it: restored once and held (TwinNotFoundError when none). */
  async getHeld(patientId: string): Promise<TwinEngine> {
    const engine = await this.engineFor(patientId);
    if (engine.revision === 0) throw new TwinNotFoundError(patientId);
    return engine;
  }

  /** Drops the in-memory twins (a restart, or to prove that the stores alone rebuild them). */
  forgetAll(): void {
    this.engines.clear();
    this.savedApplied.clear();
  }

  private async engineFor(patientId: string, toHold = true): Promise<TwinEngine> {
    const held = this.engines.get(patientId);
    if (held !== undefined) {
      this.engines.delete(patientId);
      this.engines.set(patientId, held);
      return held;
    }
    let pending = this.restoring.get(patientId);
    if (pending === undefined) {
      pending = this.restore(patientId).finally(() => this.restoring.delete(patientId));
      this.restoring.set(patientId, pending);
    }
    const { engine, savedApplied } = await pending;
    if (toHold) this.hold(engine, savedApplied);
    return engine;
  }

  private async restore(patientId: string): Promise<{ engine: TwinEngine; savedApplied: number }> {
    const component = await this.components.create(patientId);
    const [events, snapshot] = await Promise.all([this.log.read(patientId), this.snapshots.latest(patientId, component.id)]);
    const engine = TwinEngine.restore(patientId, component, this.settings, events, snapshot?.checkpoint);
    return { engine, savedApplied: snapshot?.checkpoint.applied ?? -1 };
  }

  /** Keeps a twin (revision > 0) as the most recently used, evicting the least recently used beyond the bound. */
  private hold(engine: TwinEngine, savedApplied?: number): void {
    if (engine.revision === 0) return;
    const id = engine.patientId;
    if (this.engines.get(id) !== engine) {
      this.engines.delete(id);
      this.engines.set(id, engine);
      this.savedApplied.set(id, Math.max(savedApplied ?? -1, this.savedApplied.get(id) ?? -1));
    }
    while (this.engines.size > this.options.maxTwinsInMemory) {
      const oldest = this.engines.keys().next().value as string;
      this.engines.delete(oldest);
      this.savedApplied.delete(oldest);
    }
  }

  private async saveCheckpoint(engine: TwinEngine): Promise<void> {
    const last = engine.heldCheckpoints.at(-1);
    if (last === undefined || last.applied <= (this.savedApplied.get(engine.patientId) ?? -1)) return;
    await this.snapshots.save({ patientId: engine.patientId, modelVersion: engine.component.id, checkpoint: last });
    this.savedApplied.set(engine.patientId, last.applied);
  }
}

/** Component factory from per-patient prior parameters (UVA/Padova T1D). */
export class T1dComponentFactory implements TwinComponentFactory {
  constructor(private readonly priorOf: (patientId: string) => Promise<Readonly<Record<string, number>>>) {}

  async create(patientId: string): Promise<EnsembleComponent> {
    return new T1dGlucoseComponent({ prior: await this.priorOf(patientId) });
  }

  /**
   * A T1D twin follows a CGM stream and its insulin and meals: those start it. Other glucose readings (a
   * yearly lab value) are assimilated once the twin runs but never start one.
   */
  startsTwin(event: TwinEvent): boolean {
    return event.kind !== 'observation' || event.loinc === ObservationCodes.cgmGlucose.loinc;
  }
}
