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
}
