import type { DataSource, QueryRunner } from 'typeorm';
import { runSql } from './sql-runner.util';

export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly patientId?: string;
  /** What was read or changed, e.g. `Observation?patient=p1&code=2339-0`. */
  readonly resource: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface AuditRecord extends AuditEntry {
  readonly id: string;
  readonly at: string;
}

/** The audit log: who read or changed whose data, when. Append-only; reads of the log itself are not audited. */
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(entry: AuditEntry, runner?: QueryRunner): Promise<void> {
    await runSql(
      this.dataSource,
      'INSERT INTO audit_log (actor, action, patient_id, resource, details) VALUES ($1, $2, $3, $4, $5)',
      [entry.actor, entry.action, entry.patientId ?? null, entry.resource, entry.details === undefined ? null : JSON.stringify(entry.details)],
      runner,
    );
  }

  async findByPatient(patientId: string, limit = 100): Promise<AuditRecord[]> {
    const { rows } = await runSql<{ id: string; actor: string; action: string; patient_id: string | null; resource: string; details: Record<string, unknown> | null; at: Date }>(
      this.dataSource,
      'SELECT id, actor, action, patient_id, resource, details, at FROM audit_log WHERE patient_id = $1 ORDER BY at DESC, id DESC LIMIT $2',
      [patientId, Math.min(Math.max(1, limit), 10_000)],
    );
    return rows.map((r) => ({
      id: String(r.id),
      actor: r.actor,
      action: r.action,
      ...(r.patient_id !== null ? { patientId: r.patient_id } : {}),
      resource: r.resource,
      ...(r.details !== null ? { details: r.details } : {}),
      at: r.at.toISOString(),
    }));
  }
}
