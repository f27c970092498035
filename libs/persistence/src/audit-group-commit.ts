import type { AuditEntry } from './audit.repository';

/** SQLSTATE classes of a row the server refuses for its own data (22 data exception, 23 integrity constraint). */
const ROW_FAULT_CLASSES = new Set(['22', '23']);

/** Whether the database refused a statement for the data of its rows (not for an outage or a bug of the statement). */
function isRowFault(err: unknown): boolean {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = typeof e?.code === 'string' ? e.code : typeof e?.driverError?.code === 'string' ? e.driverError.code : undefined;
  return code !== undefined && code.length === 5 && ROW_FAULT_CLASSES.has(code.slice(0, 2));
}

interface Waiter {
  readonly entry: AuditEntry;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Group commit of audit rows. The chain's trigger appends under one advisory lock held to commit, so one INSERT per
 * read allows one read per commit — a WAL flush, 3 ms here (docs/benchmarks.md, "bench:api") — and concurrent reads
 * queue for the lock. Here rows recorded while an insert is in flight wait and go together in the next insert: one
 * multi-row statement, one transaction, one flush. Each `record` resolves only once its own row is committed (durable
 * before the read answers, as before), and rejects with the insert's error when it fails, so no read answers without
 * its row. The chain's order is the order of the calls. A row the server refuses for its data (SQLSTATE class 22/23,
 * e.g. a NUL in a text) does not fail its batch-mates: that batch is retried row by row.
 */
export class AuditGroupCommit {
  private readonly queue: Waiter[] = [];
  private draining = false;

  constructor(
    private readonly insert: (entries: readonly AuditEntry[]) => Promise<void>,
    /** Most rows in one statement (5 parameters a row; PostgreSQL takes at most 65,535). */
    private readonly maxRows = 1000,
  ) {
    if (!Number.isInteger(maxRows) || maxRows < 1 || maxRows > 13_000) throw new RangeError('"maxRows" must be an integer in [1, 13000]');
  }

  /** Resolves once `entry`'s row is committed; rejects with the insert's error otherwise. */
  record(entry: AuditEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      if (this.draining) return;
      this.draining = true;
      // after this turn's I/O callbacks: the reads that arrived together start as one batch
      setImmediate(() => void this.drain());
    });
  }

  /** Rows waiting for their insert (in flight not counted). */
  get waiting(): number {
    return this.queue.length;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) await this.commit(this.queue.splice(0, this.maxRows));
    this.draining = false;
  }

  private async commit(batch: readonly Waiter[]): Promise<void> {
    try {
      await this.insert(batch.map((w) => w.entry));
    } catch (err) {
      if (batch.length > 1 && isRowFault(err)) {
        for (const w of batch) await this.commit([w]);
      } else {
        for (const w of batch) w.reject(err);
      }
      return;
    }
    for (const w of batch) w.resolve();
  }
}
