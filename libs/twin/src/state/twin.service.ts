/**
 * The twin service: one event in → the patient's twin updated → a TwinUpdated out. Holds the rules of event
 * sourcing; the log and snapshots live behind ports. Order per event: apply to the in-memory twin (refuses an
 * event outside the out-of-order window before anything is stored), append to the log, save a snapshot when a
 * new checkpoint exists, return the update. A redelivered event changes nothing and returns the current
 * revision again (TwinUpdated is idempotent by revision), so a crash anywhere loses or doubles nothing.
 */
import { createHash } from 'node:crypto';
import { ComponentRegistry } from '../composition/component-registry';
import type { TwinProfile } from '../composition/twin-profile';
import { t1dDescriptor } from '../composition/t1d.descriptor';
import type { EnsembleComponent } from '../composition/twin-component';
import { ProfileComponentFactory } from './profile-component.factory';
import { TwinEngine, DEFAULT_TWIN_SETTINGS, type TwinCheckpoint, type TwinSettings } from './twin-engine';
import { compareEvents, type TwinEvent } from './twin-event';
import type { TwinEventLog, TwinSnapshotStore } from './twin-store';
import { summariseTwin, type TwinSummary } from './twin-summary';

export class TwinNotFoundError extends Error {
  readonly code = 'TWIN_NOT_FOUND';
  constructor(patientId: string) {
    super(`no twin for patient ${patientId}`);
    this.name = 'TwinNotFoundError';
  }
}

/**
 * Which components a person's twin is made of: chosen from what the twin's log (and what else is known) says of the
 * person. The layout is a function of the log, so a rebuild from the log gets the same components.
 */
export interface TwinLayout {
  /** The chosen components' descriptor ids, e.g. "uva-padova-s2008": a new key means new components. */
  readonly key: string;
  readonly profile: TwinProfile;
  /** Each chosen component's descriptor id and why it was chosen (e.g. "a CGM stream"), in the order of the composite's children. */
  readonly chosen: readonly { readonly id: string; readonly reason: string }[];
}

/** What the twin knows about a person beyond the event log: chooses and parameterises its components. */
export interface TwinComponentFactory {
  /** The layout a person's log calls for. */
  layout(patientId: string, events: readonly TwinEvent[]): Promise<TwinLayout>;
  /** The layout after one more event (cheap: runs for every event; the same object when nothing changes). */
  extend(layout: TwinLayout, event: TwinEvent): TwinLayout;
  create(patientId: string, layout: TwinLayout): Promise<EnsembleComponent>;
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

/** What handling an event gives when the person has no twin and the event does not start one. */
export interface NoTwinUpdate {
  readonly patientId: string;
  readonly revision: 0;
  readonly changed: false;
  readonly eventId: string;
  readonly engine: null;
}

/** The update of a person who has a twin (TwinNotFoundError otherwise): for callers whose events always start one. */
export function twinUpdateOf(update: TwinUpdate | NoTwinUpdate): TwinUpdate {
  if (update.engine === null) throw new TwinNotFoundError(update.patientId);
  return update;
}

/** What a twin holds at one revision, copied: it does not move on with the live twin. */
export interface TwinView {
  readonly patientId: string;
  readonly component: EnsembleComponent;
  readonly revision: number;
  readonly currentTimeMs: number;
  readonly ensemble: readonly Float64Array[];
  readonly events: readonly TwinEvent[];
}

/** A twin as of a mark of its log: what a stored recommendation rests on, and what its re-run rebuilds. */
export interface TwinAsOf {
  readonly twin: TwinView;
  readonly summary: TwinSummary;
  /** The log's mark (TwinEventLog.mark) the twin was folded through. */
  readonly mark: string;
  /** SHA-256 (hex) of the ids of the events it was folded from, in log order, one per line. */
  readonly eventsSha256: string;
}

/** SHA-256 of event ids in log order: two twins folded from the same events share it. */
export function eventIdsSha256(events: readonly TwinEvent[]): string {
  const hash = createHash('sha256');
  for (const e of events) hash.update(`${e.id}\n`);
  return hash.digest('hex');
}

interface HeldTwin {
  readonly engine: TwinEngine;
  readonly layout: TwinLayout;
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
  private readonly twins = new Map<string, HeldTwin>();
  private readonly savedApplied = new Map<string, number>();
  /** A twin's summary at its revision: reads repeat it until the twin changes (a new revision, or a new layout: another HeldTwin). */
  private readonly summaries = new WeakMap<HeldTwin, { readonly revision: number; readonly summary: TwinSummary }>();
  /** Restores in flight, so concurrent calls for one person share a single engine. */
  private readonly restoring = new Map<string, Promise<{ twin: HeldTwin | null; savedApplied: number }>>();

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
    return this.twins.size;
  }

  /**
   * Applies one event; `revision` stays 0 when the person has no twin and this event does not start one. Then an
   * observation is dropped (it is not the twin's: ingest stores it) and anything else (a dose, a meal, a genotype, a
   * consent) is appended to the log, so the twin that the person's first reading starts is folded over it; nothing
   * is held in memory for people without a twin. An event that calls for another layout (a component
   * joins, e.g. the first blood-pressure reading of a T1D twin) rebuilds the twin with it from its whole log first.
   */
  async handle(event: TwinEvent): Promise<TwinUpdate | NoTwinUpdate> {
    let twin = await this.twinFor(event.patientId);
    let rebuilt = false;
    if (twin === null) {
      if (!this.components.startsTwin(event)) {
        // the person's context (doses, meals, genotype, consent) is kept for the twin their first reading starts
        if (event.kind !== 'observation') await this.log.append(event);
        return { patientId: event.patientId, revision: 0, changed: false, eventId: event.id, engine: null };
      }
      const before = await this.log.read(event.patientId);
      const layout = await this.components.layout(event.patientId, [...before, event]);
      const component = await this.components.create(event.patientId, layout);
      twin = { engine: TwinEngine.restore(event.patientId, component, this.settings, before, undefined), layout };
    } else {
      const layout = this.components.extend(twin.layout, event);
      if (layout.key !== twin.layout.key) {
        twin = { engine: await this.rebuild(twin.engine, layout), layout };
        rebuilt = true;
      } else if (layout !== twin.layout) {
        twin = { engine: twin.engine, layout }; // the same components, known better (e.g. why one is chosen)
      }
    }
    const { engine } = twin;
    const result = engine.apply(event);
    if (rebuilt) this.savedApplied.delete(event.patientId); // its snapshots are of the old layout (another model version)
    this.hold(twin);
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
    return (await this.readable(patientId)).engine;
  }

  /**
   * The twin folded from its log as stored through `mark` (now, when no mark is given), never held. The held twin
   * serves when it holds exactly those events; otherwise the twin is rebuilt from them (the same bits: the engine is
   * a pure fold of its sorted log). TwinNotFoundError when those events start no twin.
   */
  async asOf(patientId: string, mark?: string): Promise<TwinAsOf> {
    const through = mark ?? (await this.log.mark(patientId));
    if (through === null) throw new TwinNotFoundError(patientId);
    const events = (await this.log.readThrough(patientId, through)).sort(compareEvents);
    if (!events.some((e) => this.components.startsTwin(e))) throw new TwinNotFoundError(patientId);
    const eventsSha256 = eventIdsSha256(events);
    // compared and copied in one synchronous step: the held twin cannot move on in between
    const held = this.twins.get(patientId);
    if (held !== undefined && held.engine.revision === events.length && held.engine.events.length === events.length && eventIdsSha256(held.engine.events) === eventsSha256) {
      return { twin: frozenTwinView(held.engine), summary: summariseTwin(held.engine, held.layout.chosen.map((c) => c.reason)), mark: through, eventsSha256 };
    }
    const layout = await this.components.layout(patientId, events);
    const component = await this.components.create(patientId, layout);
    const engine = TwinEngine.restore(patientId, component, this.settings, events, await this.checkpointWithin(patientId, component.id, events));
    return { twin: viewOf(engine), summary: summariseTwin(engine, layout.chosen.map((c) => c.reason)), mark: through, eventsSha256 };
  }

  /**
   * The newest snapshot of at most `events.length` events whose prefix of the log (its first `applied` events) is a
   * prefix of `events` too: then folding on from it gives the same twin as folding `events` from genesis (a mark of
   * now, in a process that does not hold the twin, or a re-run of an older mark: snapshots are kept, and those a late
   * event made stale are deleted before it is stored, so a kept one is a prefix of the log as it is now).
   */
  private async checkpointWithin(patientId: string, modelVersion: string, events: readonly TwinEvent[]): Promise<TwinCheckpoint | undefined> {
    const snapshot = await this.snapshots.latest(patientId, modelVersion, events.length);
    if (snapshot === undefined || snapshot.checkpoint.applied > events.length) return undefined;
    const { applied } = snapshot.checkpoint;
    if (applied === 0) return snapshot.checkpoint;
    // the log's first `applied` events are `events`' first ones when no event outside `events` sorts among them
    return (await this.log.countThrough(patientId, events[applied - 1])) === applied ? snapshot.checkpoint : undefined;
  }

  /** The twin's summary with why each of its components was chosen (TwinNotFoundError when none); computed once per revision. */
  async summary(patientId: string): Promise<TwinSummary> {
    const twin = await this.readable(patientId);
    const kept = this.summaries.get(twin);
    if (kept !== undefined && kept.revision === twin.engine.revision) return kept.summary;
    const summary = summariseTwin(twin.engine, twin.layout.chosen.map((c) => c.reason));
    this.summaries.set(twin, { revision: twin.engine.revision, summary });
    return summary;
  }

  /** The held twin, or one restored for reading without being held (see `get`); TwinNotFoundError when none. */
  private async readable(patientId: string): Promise<HeldTwin> {
    const twin = this.twins.get(patientId) ?? (await this.twinFor(patientId, false));
    if (twin === null) throw new TwinNotFoundError(patientId);
    return twin;
  }

  /** The twin as the consumer of the person's partition needs it: restored once and held (TwinNotFoundError when none). */
  async getHeld(patientId: string): Promise<TwinEngine> {
    const twin = await this.twinFor(patientId);
    if (twin === null) throw new TwinNotFoundError(patientId);
    return twin.engine;
  }

  /** Drops the in-memory twins (a restart, or to prove that the stores alone rebuild them). */
  forgetAll(): void {
    this.twins.clear();
    this.savedApplied.clear();
  }

  private async twinFor(patientId: string, toHold = true): Promise<HeldTwin | null> {
    const held = this.twins.get(patientId);
    if (held !== undefined) {
      this.twins.delete(patientId);
      this.twins.set(patientId, held);
      return held;
    }
    let pending = this.restoring.get(patientId);
    if (pending === undefined) {
      pending = this.restore(patientId).finally(() => this.restoring.delete(patientId));
      this.restoring.set(patientId, pending);
    }
    const { twin, savedApplied } = await pending;
    if (toHold && twin !== null) this.hold(twin, savedApplied);
    return twin;
  }

  private async restore(patientId: string): Promise<{ twin: HeldTwin | null; savedApplied: number }> {
    const events = await this.log.read(patientId);
    // context kept before any reading started a twin is not a twin yet
    if (!events.some((e) => this.components.startsTwin(e))) return { twin: null, savedApplied: -1 };
    const layout = await this.components.layout(patientId, events);
    const component = await this.components.create(patientId, layout);
    const snapshot = await this.snapshots.latest(patientId, component.id);
    const engine = TwinEngine.restore(patientId, component, this.settings, events, snapshot?.checkpoint);
    return { twin: { engine, layout }, savedApplied: snapshot?.checkpoint.applied ?? -1 };
  }

  /** The twin refolded from its whole log with the components of `layout` (deterministic: the log decides the layout). */
  private async rebuild(engine: TwinEngine, layout: TwinLayout): Promise<TwinEngine> {
    const component = await this.components.create(engine.patientId, layout);
    return TwinEngine.restore(engine.patientId, component, this.settings, engine.events, undefined);
  }

  /** Keeps a twin as the most recently used, evicting the least recently used beyond the bound. */
  private hold(twin: HeldTwin, savedApplied?: number): void {
    const id = twin.engine.patientId;
    if (this.twins.get(id) !== twin) {
      this.twins.delete(id);
      this.twins.set(id, twin);
      this.savedApplied.set(id, Math.max(savedApplied ?? -1, this.savedApplied.get(id) ?? -1));
    }
    while (this.twins.size > this.options.maxTwinsInMemory) {
      const oldest = this.twins.keys().next().value as string;
      this.twins.delete(oldest);
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

function viewOf(engine: TwinEngine): TwinView {
  const { patientId, component, revision, currentTimeMs, ensemble, events } = engine;
  return { patientId, component, revision, currentTimeMs, ensemble, events };
}

/**
 * A copy of a twin's state and events: a live twin that moves on (its next event) while a reader computes on it
 * (simulations yield to the event loop) cannot give the reader two revisions at once.
 */
export function frozenTwinView(engine: TwinEngine): TwinView {
  return { ...viewOf(engine), ensemble: engine.ensemble.map((m) => Float64Array.from(m)), events: [...engine.events] };
}

/**
 * The T1D-only factory (tests, benches, the validation on simulated T1D people): the registry with the UVA/Padova
 * descriptor alone, every person taken to have type 1 diabetes (CGM readings or meals alone start their twin).
 */
export class T1dComponentFactory extends ProfileComponentFactory {
  constructor(priorOf: (patientId: string) => Promise<Readonly<Record<string, number>>>) {
    super(new ComponentRegistry().register(t1dDescriptor(priorOf, { everyoneHasType1: true })));
  }
}
