/** PostgreSQL implementations of the twin's event log and snapshot ports (repositories hold the SQL). */
import type { TwinEvent, TwinEventLog, TwinSnapshot, TwinSnapshotStore } from '@shuji/twin';
import type { DataSource } from 'typeorm';

export class PostgresTwinEventLog implements TwinEventLog {
  constructor(private readonly dataSource: DataSource) {}

  async append(event: TwinEvent): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO twin_events (patient_id, event_id, time_ms, body) VALUES ($1, $2, $3, $4)
       ON CONFLICT (patient_id, event_id) DO NOTHING RETURNING event_id`,
      [event.patientId, event.id, event.timeMs, JSON.stringify(event)],
    );
    return rows.length === 1;
  }

  async read(patientId: string): Promise<TwinEvent[]> {
    const rows: { body: TwinEvent }[] = await this.dataSource.query(
      'SELECT body FROM twin_events WHERE patient_id = $1 ORDER BY time_ms, event_id',
      [patientId],
    );
    return rows.map((r) => r.body);
  }
}

export class PostgresTwinSnapshotStore implements TwinSnapshotStore {
  constructor(private readonly dataSource: DataSource) {}

  async save(snapshot: TwinSnapshot): Promise<void> {
    const c = snapshot.checkpoint;
    await this.dataSource.query(
      `INSERT INTO twin_snapshots (patient_id, model_version, applied, time_ms, members) VALUES ($1, $2, $3, $4, $5::float8[][])
       ON CONFLICT (patient_id, model_version, applied) DO NOTHING`,
      [snapshot.patientId, snapshot.modelVersion, c.applied, c.timeMs, c.members.map((m) => [...m])],
    );
  }

  async latest(patientId: string, modelVersion: string): Promise<TwinSnapshot | undefined> {
    const rows: { applied: number; time_ms: number; members: number[][] }[] = await this.dataSource.query(
      `SELECT applied, time_ms, members FROM twin_snapshots WHERE patient_id = $1 AND model_version = $2
       ORDER BY applied DESC LIMIT 1`,
      [patientId, modelVersion],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    return {
      patientId,
      modelVersion,
      checkpoint: { applied: row.applied, timeMs: Number(row.time_ms), members: row.members.map((m) => Float64Array.from(m, Number)) },
    };
  }

  async deleteAfter(patientId: string, applied: number): Promise<void> {
    await this.dataSource.query('DELETE FROM twin_snapshots WHERE patient_id = $1 AND applied > $2', [patientId, applied]);
  }

  async deleteAll(patientId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM twin_snapshots WHERE patient_id = $1', [patientId]);
  }
}
