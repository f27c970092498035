import type { DataSource } from 'typeorm';

/** A checkpoint of a twin's ensemble after `applied` events of its log (the shape of @shuji/twin's TwinSnapshot). */
export interface StoredTwinSnapshot {
  readonly patientId: string;
  readonly modelVersion: string;
  readonly checkpoint: { readonly applied: number; readonly timeMs: number; readonly members: readonly Float64Array[] };
}

/** Versioned twin snapshots on twin_snapshots: a cache of the event log, safe to delete. */
export class TwinSnapshotRepository {
  constructor(private readonly dataSource: DataSource) {}

  async save(snapshot: StoredTwinSnapshot): Promise<void> {
    const c = snapshot.checkpoint;
    await this.dataSource.query(
      `INSERT INTO twin_snapshots (patient_id, model_version, applied, time_ms, members) VALUES ($1, $2, $3, $4, $5::float8[][])
       ON CONFLICT (patient_id, model_version, applied) DO NOTHING`,
      [snapshot.patientId, snapshot.modelVersion, c.applied, c.timeMs, c.members.map((m) => [...m])],
    );
  }

  /** The snapshot with the most events applied (at most `atMostApplied` when given: an older mark's twin folds on from it). */
  async latest(patientId: string, modelVersion: string, atMostApplied?: number): Promise<StoredTwinSnapshot | undefined> {
    const rows: { applied: number; time_ms: number; members: number[][] }[] = await this.dataSource.query(
      `SELECT applied, time_ms, members FROM twin_snapshots WHERE patient_id = $1 AND model_version = $2
       AND ($3::integer IS NULL OR applied <= $3::integer) ORDER BY applied DESC LIMIT 1`,
      [patientId, modelVersion, atMostApplied ?? null],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    return {
      patientId,
      modelVersion,
      checkpoint: { applied: row.applied, timeMs: Number(row.time_ms), members: row.members.map((m) => Float64Array.from(m, Number)) },
    };
  }

  /** Deletes the snapshots (of any model version) taken after more than `applied` events: stale after a late event. */
  async deleteAfter(patientId: string, applied: number): Promise<void> {
    await this.dataSource.query('DELETE FROM twin_snapshots WHERE patient_id = $1 AND applied > $2', [patientId, applied]);
  }

  async deleteAll(patientId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM twin_snapshots WHERE patient_id = $1', [patientId]);
  }
}
