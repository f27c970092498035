import type { DataSource } from 'typeorm';

/** What the twin_events table keys an event by; the whole event is stored as its JSON body. */
export interface StoredTwinEventKey {
  readonly patientId: string;
  readonly id: string;
  readonly timeMs: number;
}

/** The twin's event log (the source of truth of every twin) on twin_events; the table is created by the twin-schema migration. */
export class TwinEventRepository<E extends StoredTwinEventKey = StoredTwinEventKey> {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends unless an event with this id is stored for the person already; true when it was new. */
  async append(event: E): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO twin_events (patient_id, event_id, time_ms, body) VALUES ($1, $2, $3, $4)
       ON CONFLICT (patient_id, event_id) DO NOTHING RETURNING event_id`,
      [event.patientId, event.id, event.timeMs, JSON.stringify(event)],
    );
    return rows.length === 1;
  }

  /** A person's events in (time, id) order. */
  async read(patientId: string): Promise<E[]> {
    const rows: { body: E }[] = await this.dataSource.query('SELECT body FROM twin_events WHERE patient_id = $1 ORDER BY time_ms, event_id', [patientId]);
    return rows.map((r) => r.body);
  }

  /** How many of the person's events sort at or before `last` in (time, id) order (the ids compared bytewise, as read orders them). */
  async countThrough(patientId: string, last: Pick<StoredTwinEventKey, 'timeMs' | 'id'>): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(
      'SELECT count(*)::int AS n FROM twin_events WHERE patient_id = $1 AND (time_ms < $2 OR (time_ms = $2 AND event_id <= $3))',
      [patientId, last.timeMs, last.id],
    );
    return rows[0]?.n ?? 0;
  }

  /**
   * A mark of the person's log as this statement sees it, or null with no events: when the latest visible event was
   * stored (microseconds, ISO 8601, UTC; for people) and the statement's PostgreSQL snapshot (for `readThrough`), as
   * `2026-12-05T00:40:00.123456Z;snapshot=xmin:xmax:xip,…`.
   */
  async mark(patientId: string): Promise<string | null> {
    const rows: { stored: string | null; snapshot: string }[] = await this.dataSource.query(
      `SELECT to_char(max(stored_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS stored, pg_current_snapshot()::text AS snapshot
       FROM twin_events WHERE patient_id = $1`,
      [patientId],
    );
    const { stored, snapshot } = rows[0] ?? { stored: null, snapshot: '' };
    return stored === null ? null : `${stored}${SNAPSHOT_SEPARATOR}${snapshot}`;
  }

  /**
   * A person's events as the reader that took `mark` saw them, in (time, id) order: those stored by transactions its
   * snapshot counts as committed (an insert under way at the mark is left out, even once it has committed). A mark of
   * a storage time alone (made before snapshots were kept) gives the events stored at or before it.
   */
  async readThrough(patientId: string, mark: string): Promise<E[]> {
    const at = mark.indexOf(SNAPSHOT_SEPARATOR);
    const rows: { body: E }[] =
      at < 0
        ? await this.dataSource.query('SELECT body FROM twin_events WHERE patient_id = $1 AND stored_at <= $2::timestamptz ORDER BY time_ms, event_id', [patientId, mark])
        : await this.dataSource.query(
            `SELECT body FROM twin_events WHERE patient_id = $1 AND (stored_by IS NULL OR pg_visible_in_snapshot(stored_by, $2::pg_snapshot))
             ORDER BY time_ms, event_id`,
            [patientId, mark.slice(at + SNAPSHOT_SEPARATOR.length)],
          );
    return rows.map((r) => r.body);
  }
}

const SNAPSHOT_SEPARATOR = ';snapshot=';
