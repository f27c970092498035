/**
 * Persistence ports of the twin: the event log (the source of truth) and versioned snapshots (checkpoints,
 * only a cache: deleting them and replaying the log gives the same twin). Implementations: in memory (tests,
 * embedded single process) and PostgreSQL.
 */
import type { TwinCheckpoint } from './twin-engine';
import { compareEvents, type TwinEvent } from './twin-event';

export interface TwinSnapshot {
  readonly patientId: string;
  /** Model versions the members belong to, e.g. "uva-padova-s2008@2008.1/twin.4"; a mismatch discards the snapshot. */
  readonly modelVersion: string;
  readonly checkpoint: TwinCheckpoint;
}

export interface TwinEventLog {
  /** Appends unless an event with this id is stored already; true when it was new. */
  append(event: TwinEvent): Promise<boolean>;
  read(patientId: string): Promise<TwinEvent[]>;
  /**
   * A mark of the person's log as stored now (where its latest event was stored; opaque, ordered by the log), or
   * null while it is empty. With `readThrough` it gives back the log a reader saw: the twin a stored recommendation
   * rested on is rebuilt from it. Events that arrive later are stored after the mark, however early their time.
   */
  mark(patientId: string): Promise<string | null>;
  /** The events stored at or before a mark of this log. */
  readThrough(patientId: string, mark: string): Promise<TwinEvent[]>;
  /** How many of the person's stored events sort at or before `last` in (time, id) order: a prefix's length, counted. */
  countThrough(patientId: string, last: Pick<TwinEvent, 'timeMs' | 'id'>): Promise<number>;
}

export interface TwinSnapshotStore {
  save(snapshot: TwinSnapshot): Promise<void>;
  /** The snapshot of this model version with the most events applied (at most `atMostApplied` when given). */
  latest(patientId: string, modelVersion: string, atMostApplied?: number): Promise<TwinSnapshot | undefined>;
  /** Deletes the snapshots (of any model version) taken after more than `applied` events: stale after a late event. */
  deleteAfter(patientId: string, applied: number): Promise<void>;
  deleteAll(patientId: string): Promise<void>;
}

export class InMemoryTwinEventLog implements TwinEventLog {
  private readonly byPatient = new Map<string, Map<string, TwinEvent>>();
  /** Where each event was stored: 1, 2, … over the whole log. */
  private readonly position = new Map<TwinEvent, number>();

  append(event: TwinEvent): Promise<boolean> {
    let events = this.byPatient.get(event.patientId);
    if (events === undefined) {
      events = new Map();
      this.byPatient.set(event.patientId, events);
    }
    if (events.has(event.id)) return Promise.resolve(false);
    events.set(event.id, event);
    this.position.set(event, this.position.size + 1);
    return Promise.resolve(true);
  }

  read(patientId: string): Promise<TwinEvent[]> {
    return Promise.resolve([...(this.byPatient.get(patientId)?.values() ?? [])]);
  }

  mark(patientId: string): Promise<string | null> {
    const last = [...(this.byPatient.get(patientId)?.values() ?? [])].at(-1);
    return Promise.resolve(last === undefined ? null : String(this.position.get(last)));
  }

  countThrough(patientId: string, last: Pick<TwinEvent, 'timeMs' | 'id'>): Promise<number> {
    return Promise.resolve([...(this.byPatient.get(patientId)?.values() ?? [])].filter((e) => compareEvents(e, last) <= 0).length);
  }

  readThrough(patientId: string, mark: string): Promise<TwinEvent[]> {
    const through = Number(mark);
    return Promise.resolve([...(this.byPatient.get(patientId)?.values() ?? [])].filter((e) => this.position.get(e)! <= through));
  }
}

export class InMemoryTwinSnapshotStore implements TwinSnapshotStore {
  private readonly byPatient = new Map<string, TwinSnapshot[]>();

  save(snapshot: TwinSnapshot): Promise<void> {
    const copy: TwinSnapshot = {
      ...snapshot,
      checkpoint: { ...snapshot.checkpoint, members: snapshot.checkpoint.members.map((m) => Float64Array.from(m)) },
    };
    const list = this.byPatient.get(snapshot.patientId) ?? [];
    list.push(copy);
    this.byPatient.set(snapshot.patientId, list);
    return Promise.resolve();
  }

  latest(patientId: string, modelVersion: string, atMostApplied = Number.POSITIVE_INFINITY): Promise<TwinSnapshot | undefined> {
    const list = (this.byPatient.get(patientId) ?? []).filter((s) => s.modelVersion === modelVersion && s.checkpoint.applied <= atMostApplied);
    return Promise.resolve(list.reduce<TwinSnapshot | undefined>((best, s) => (best === undefined || s.checkpoint.applied > best.checkpoint.applied ? s : best), undefined));
  }

  deleteAfter(patientId: string, applied: number): Promise<void> {
    const list = this.byPatient.get(patientId);
    if (list !== undefined) this.byPatient.set(patientId, list.filter((s) => s.checkpoint.applied <= applied));
    return Promise.resolve();
  }

  deleteAll(patientId: string): Promise<void> {
    this.byPatient.delete(patientId);
    return Promise.resolve();
  }

  count(patientId: string): number {
    return this.byPatient.get(patientId)?.length ?? 0;
  }
}
