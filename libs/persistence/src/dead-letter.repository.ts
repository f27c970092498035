import type { DataSource } from 'typeorm';
import { AuditRepository } from './audit.repository';
import { runSql } from './sql-runner.util';
import type { AuditContext } from './stored-observation';

export interface DeadLetter {
  readonly topic: string;
  /** The message key (the patient id for Shuji's topics), when it had one. */
  readonly key?: string;
  /** The message exactly as received, e.g. protobuf bytes. */
  readonly payload: Uint8Array;
  readonly reason: string;
  /** A machine-readable cause, e.g. a domain error code. */
  readonly errorCode?: string;
  readonly attempts: number;
}

export interface StoredDeadLetter extends DeadLetter {
  readonly id: string;
  readonly failedAt: string;
}

/** Messages that could not be processed, kept with their reason so nothing is silently dropped. */
export class DeadLetterRepository {
  private readonly audit: AuditRepository;

  constructor(private readonly dataSource: DataSource) {
    this.audit = new AuditRepository(dataSource);
  }

  async add(letter: DeadLetter): Promise<string> {
    const { rows } = await runSql<{ id: string }>(
      this.dataSource,
      'INSERT INTO dead_letters (topic, message_key, payload, reason, error_code, attempts) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [letter.topic, letter.key ?? null, Buffer.from(letter.payload), letter.reason, letter.errorCode ?? null, letter.attempts],
    );
    return String(rows[0]!.id);
  }

  /** Newest first. Payloads may hold personal data: audited. */
  async list(audit: AuditContext, topic?: string, limit = 100): Promise<StoredDeadLetter[]> {
    const capped = Math.min(Math.max(1, limit), 10_000);
    const { rows } = await runSql<{ id: string; topic: string; message_key: string | null; payload: Buffer; reason: string; error_code: string | null; attempts: number; failed_at: Date }>(
      this.dataSource,
      topic === undefined
        ? 'SELECT * FROM dead_letters ORDER BY failed_at DESC, id DESC LIMIT $1'
        : 'SELECT * FROM dead_letters WHERE topic = $2 ORDER BY failed_at DESC, id DESC LIMIT $1',
      topic === undefined ? [capped] : [capped, topic],
    );
    await this.audit.record({ actor: audit.actor, action: audit.action, resource: `dead_letters${topic === undefined ? '' : `?topic=${topic}`} (${rows.length} read)` });
    return rows.map((r) => ({
      id: String(r.id),
      topic: r.topic,
      ...(r.message_key !== null ? { key: r.message_key } : {}),
      payload: new Uint8Array(r.payload),
      reason: r.reason,
      ...(r.error_code !== null ? { errorCode: r.error_code } : {}),
      attempts: r.attempts,
      failedAt: r.failed_at.toISOString(),
    }));
  }

  async count(topic?: string): Promise<number> {
    const { rows } = await runSql<{ n: string }>(
      this.dataSource,
      topic === undefined ? 'SELECT count(*) AS n FROM dead_letters' : 'SELECT count(*) AS n FROM dead_letters WHERE topic = $1',
      topic === undefined ? [] : [topic],
    );
    return Number(rows[0]?.n ?? 0);
  }
}
