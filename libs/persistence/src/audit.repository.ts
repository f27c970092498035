import type { DataSource, QueryRunner } from 'typeorm';
import { AuditGroupCommit } from './audit-group-commit';
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

/** A point of the chain (its seq and hash), to keep outside the database and check against later. */
export interface AuditChainTip {
  readonly seq: number;
  readonly hash: string;
}

/**
 * The outcome of re-hashing the audit chain: `firstBroken` is the first row whose hash or link does not hold (or the
 * anchor's seq when the row there is gone or differs); `tip` is the newest row, to export as the next anchor.
 */
export interface AuditChainCheck {
  readonly rows: number;
  readonly intact: boolean;
  readonly firstBroken?: number;
  readonly tip?: AuditChainTip;
}

/**
 * The audit log: who read or changed whose data, when. Append-only (the application role may only insert and read)
 * and hash-chained by a trigger (migration AuditChain1764600000000); reads of the log itself are not audited.
 */
export class AuditRepository {
  /** Rows recorded outside a transaction, committed together (audit-group-commit.ts). */
  private readonly group = new AuditGroupCommit((entries) => this.recordMany(entries));

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends one row; resolves once it is committed. On `runner`, in its transaction; otherwise together with the rows
   * other callers record meanwhile (one INSERT: group commit), each caller still waiting for the commit of its own.
   */
  async record(entry: AuditEntry, runner?: QueryRunner): Promise<void> {
    await (runner === undefined ? this.group.record(entry) : this.recordMany([entry], runner));
  }

  /** Appends rows in one INSERT, in the order given (the chain's trigger numbers them in that order). */
  async recordMany(entries: readonly AuditEntry[], runner?: QueryRunner): Promise<void> {
    if (entries.length === 0) return;
    const params: unknown[] = [];
    const rows = entries.map((e) => {
      const k = params.push(e.actor, e.action, e.patientId ?? null, e.resource, e.details === undefined ? null : JSON.stringify(e.details));
      return `($${k - 4}, $${k - 3}, $${k - 2}, $${k - 1}, $${k})`;
    });
    await runSql(this.dataSource, `INSERT INTO audit_log (actor, action, patient_id, resource, details) VALUES ${rows.join(', ')}`, params, runner);
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

  /**
   * Re-hashes every row in chain order; an edited, deleted or reordered row breaks the chain from there on. With
   * `anchor` (a tip exported earlier), also checks that the chain still holds that row unchanged, which detects a
   * rewritten chain and deleted newest rows.
   */
  async verifyChain(anchor?: AuditChainTip): Promise<AuditChainCheck> {
    const { rows } = await runSql<{ seq: string; hash: string; ok: boolean }>(
      this.dataSource,
      `SELECT seq, hash, (hash = audit_log_row_hash(prev_hash, seq, actor, action, patient_id, resource, details, at)
                    AND prev_hash = coalesce(lag(hash) OVER w, '') AND seq = row_number() OVER w) AS ok
         FROM audit_log WINDOW w AS (ORDER BY seq) ORDER BY seq`,
      [],
    );
    const last = rows.at(-1);
    const tip = last ? { tip: { seq: Number(last.seq), hash: last.hash } } : {};
    const broken = rows.find((r) => !r.ok);
    if (broken) return { rows: rows.length, intact: false, firstBroken: Number(broken.seq), ...tip };
    if (anchor !== undefined && rows[anchor.seq - 1]?.hash !== anchor.hash) return { rows: rows.length, intact: false, firstBroken: anchor.seq, ...tip };
    return { rows: rows.length, intact: true, ...tip };
  }
}
