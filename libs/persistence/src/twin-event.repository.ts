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

  /** When the person's latest event was stored, in microseconds (ISO 8601, UTC), or null with none. */
  async mark(patientId: string): Promise<string | null> {
    const rows: { mark: string | null }[] = await this.dataSource.query(
      `SELECT to_char(max(stored_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS mark FROM twin_events WHERE patient_id = $1`,
      [patientId],
    );
    return rows[0]?.mark ?? null;
  }

  /** A person's events stored at or before `mark` (from `mark`), in (time, id) order. */
  async readThrough(patientId: string, mark: string): Promise<E[]> {
    const rows: { body: E }[] = await this.dataSource.query('SELECT body FROM twin_events WHERE patient_id = $1 AND stored_at <= $2::timestamptz ORDER BY time_ms, event_id', [patientId, mark]);
    return rows.map((r) => r.body);
  }
}
