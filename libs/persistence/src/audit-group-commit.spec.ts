import { describe, expect, it } from 'vitest';
import { AuditGroupCommit } from './audit-group-commit';
import type { AuditEntry } from './audit.repository';

const entry = (i: number, resource = `Twin/p${i}`): AuditEntry => ({ actor: `patient:p${i}`, action: 'read-twin-summary', patientId: `p${i}`, resource });

/** An insert that holds each statement open until `release()`, and keeps what it was given. */
function gatedInsert(fail?: (entries: readonly AuditEntry[]) => unknown) {
  const statements: AuditEntry[][] = [];
  const stored: AuditEntry[] = [];
  let open: (() => void)[] = [];
  const insert = (entries: readonly AuditEntry[]): Promise<void> => {
    statements.push([...entries]);
    return new Promise((resolve, reject) =>
      open.push(() => {
        const err = fail?.(entries);
        if (err !== undefined) return reject(err);
        stored.push(...entries);
        resolve();
      }),
    );
  };
  const release = async (): Promise<void> => {
    const now = open;
    open = [];
    for (const go of now) go();
    await new Promise((r) => setImmediate(r));
  };
  return { insert, statements, stored, release };
}

const settled = (p: Promise<void>) => p.then(() => 'resolved', (e: unknown) => e);

describe(AuditGroupCommit.name, () => {
  it('should store every row of concurrent reads, those arriving during an insert together in the next one, in call order', async () => {
    const db = gatedInsert();
    const sut = new AuditGroupCommit(db.insert);
    const first = Array.from({ length: 3 }, (_, i) => sut.record(entry(i)));
    await new Promise((r) => setImmediate(r));
    const later = Array.from({ length: 5 }, (_, i) => sut.record(entry(3 + i)));
    expect(db.statements.map((s) => s.length)).toEqual([3]);
    expect(sut.waiting).toBe(5);
    await db.release();
    await Promise.all(first);
    expect(db.statements.map((s) => s.length)).toEqual([3, 5]);
    await db.release();
    await Promise.all(later);
    expect(db.stored).toEqual(Array.from({ length: 8 }, (_, i) => entry(i)));
  });

  it('should not resolve a read before the insert of its row has committed', async () => {
    const db = gatedInsert();
    const sut = new AuditGroupCommit(db.insert);
    let done = false;
    const read = sut.record(entry(1)).then(() => (done = true));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 5));
    expect(done).toBe(false);
    await db.release();
    await read;
    expect(done).toBe(true);
  });

  it('should reject every waiter of a batch when its insert fails, and go on with the next batch', async () => {
    const outage = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    let failing = true;
    const db = gatedInsert(() => (failing ? outage : undefined));
    const sut = new AuditGroupCommit(db.insert);
    const batch = Array.from({ length: 4 }, (_, i) => settled(sut.record(entry(i))));
    await new Promise((r) => setImmediate(r));
    await db.release();
    expect(await Promise.all(batch)).toEqual([outage, outage, outage, outage]);
    expect(db.stored).toEqual([]);
    failing = false;
    const after = settled(sut.record(entry(9)));
    await new Promise((r) => setImmediate(r));
    await db.release();
    expect(await after).toBe('resolved');
    expect(db.stored).toEqual([entry(9)]);
  });

  it('should retry a batch row by row when the server refuses one row for its data, failing that row alone', async () => {
    // SQLSTATE 22021: invalid byte sequence (a NUL in a text column), as TypeORM's QueryFailedError carries it
    const refused = Object.assign(new Error('invalid byte sequence'), { driverError: { code: '22021' } });
    const db = gatedInsert((entries) => (entries.some((e) => e.resource.includes('\u0000')) ? refused : undefined));
    const sut = new AuditGroupCommit(db.insert);
    const reads = [settled(sut.record(entry(0))), settled(sut.record(entry(1, 'Twin/\u0000'))), settled(sut.record(entry(2)))];
    await new Promise((r) => setImmediate(r));
    for (let k = 0; k < 4; k++) await db.release();
    expect(await Promise.all(reads)).toEqual(['resolved', refused, 'resolved']);
    expect(db.stored).toEqual([entry(0), entry(2)]);
    expect(db.statements.map((s) => s.length)).toEqual([3, 1, 1, 1]);
  });

  it('should put at most maxRows rows in one insert', async () => {
    const db = gatedInsert();
    const sut = new AuditGroupCommit(db.insert, 2);
    const reads = Array.from({ length: 5 }, (_, i) => sut.record(entry(i)));
    await new Promise((r) => setImmediate(r));
    for (let k = 0; k < 3; k++) await db.release();
    await Promise.all(reads);
    expect(db.statements.map((s) => s.length)).toEqual([2, 2, 1]);
    expect(db.stored).toHaveLength(5);
  });

  it('should refuse a maxRows outside [1, 13000] when built', () => {
    expect(() => new AuditGroupCommit(async () => undefined, 0)).toThrow(/maxRows/);
    expect(() => new AuditGroupCommit(async () => undefined, 20_000)).toThrow(/maxRows/);
  });
});
