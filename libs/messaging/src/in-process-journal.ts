import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { BusMessage } from './bus-message';

/** What a journal gives back at start: each partition's retained messages and each group's committed offsets. */
export interface JournalState {
  readonly partitions: { readonly topic: string; readonly partition: number; readonly base: number; readonly messages: BusMessage[] }[];
  /** group → "topic#partition" → next offset to read */
  readonly committed: Map<string, Map<string, number>>;
}

/**
 * Makes the in-process bus survive a process crash, so the embedded platform keeps the at-least-once promise
 * Kafka gives: a message is appended to a per-partition log file before publish returns; group offsets are
 * written (atomically, tmp + rename) at most every `flushMs`, so a crash replays at most that window
 * (consumers are idempotent). Writes go to the OS page cache: a killed process loses nothing, a power cut
 * may lose the last moments (no fsync per message, by design for throughput).
 *
 * Record framing: u32 record length | u16 key length | key | u32 headers length | headers JSON | value.
 */
export class InProcessJournal {
  private readonly fds = new Map<string, number>();
  private readonly committed = new Map<string, Map<string, number>>();
  private readonly bases = new Map<string, number>();
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dir: string,
    private readonly flushMs = 100,
  ) {
    // request bodies with personal data: readable by the platform's own user only
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  }

  load(): JournalState {
    const offsetsFile = join(this.dir, 'offsets.json');
    if (existsSync(offsetsFile)) {
      const saved = JSON.parse(readFileSync(offsetsFile, 'utf8')) as { groups: Record<string, Record<string, number>>; bases: Record<string, number> };
      for (const [g, slots] of Object.entries(saved.groups)) this.committed.set(g, new Map(Object.entries(slots)));
      for (const [slot, base] of Object.entries(saved.bases)) this.bases.set(slot, base);
    }
    const partitions: JournalState['partitions'][number][] = [];
    for (const file of readdirSync(this.dir).filter((f) => f.endsWith('.log'))) {
      const m = /^(.*)\.(\d+)\.log$/.exec(file);
      if (!m) continue;
      const topic = decodeURIComponent(m[1]!);
      const partition = Number(m[2]);
      const base = this.bases.get(`${topic}#${partition}`) ?? 0;
      partitions.push({ topic, partition, base, messages: readLog(join(this.dir, file), topic, partition, base) });
    }
    return { partitions, committed: new Map([...this.committed].map(([g, s]) => [g, new Map(s)])) };
  }

  append(msg: BusMessage): void {
    const key = Buffer.from(msg.key, 'utf8');
    const headers = Buffer.from(JSON.stringify(msg.headers), 'utf8');
    const rec = Buffer.alloc(4 + 2 + key.length + 4 + headers.length + msg.value.length);
    let o = rec.writeUInt32BE(rec.length - 4, 0);
    o = rec.writeUInt16BE(key.length, o);
    o += key.copy(rec, o);
    o = rec.writeUInt32BE(headers.length, o);
    o += headers.copy(rec, o);
    msg.value.copy(rec, o);
    writeSync(this.fd(msg.topic, msg.partition), rec);
  }

  commit(groupId: string, slot: string, offset: number): void {
    let g = this.committed.get(groupId);
    if (!g) this.committed.set(groupId, (g = new Map()));
    g.set(slot, offset);
    this.flushTimer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  /** Rewrites a partition's log without its consumed prefix. */
  trim(topic: string, partition: number, base: number, remaining: readonly BusMessage[]): void {
    const slot = `${topic}#${partition}`;
    const fd = this.fds.get(slot);
    if (fd !== undefined) closeSync(fd);
    this.fds.delete(slot);
    const file = this.file(topic, partition);
    writeFileSync(`${file}.tmp`, '', { mode: 0o600 });
    this.bases.set(slot, base);
    this.flush();
    // offsets (with the new base) are saved before the log shrinks: a crash in between re-reads at most a stale tail
    const tmpFd = openSync(`${file}.tmp`, 'a', 0o600);
    try {
      for (const m of remaining) this.writeTo(tmpFd, m);
    } finally {
      closeSync(tmpFd);
    }
    renameSync(`${file}.tmp`, file);
  }

  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const groups = Object.fromEntries([...this.committed].map(([g, s]) => [g, Object.fromEntries(s)]));
    const file = join(this.dir, 'offsets.json');
    writeFileSync(`${file}.tmp`, JSON.stringify({ groups, bases: Object.fromEntries(this.bases) }), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }

  close(): void {
    this.flush();
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }

  private writeTo(fd: number, msg: BusMessage): void {
    const saved = this.fds.get(`${msg.topic}#${msg.partition}`);
    this.fds.set(`${msg.topic}#${msg.partition}`, fd);
    try {
      this.append(msg);
    } finally {
      if (saved === undefined) this.fds.delete(`${msg.topic}#${msg.partition}`);
      else this.fds.set(`${msg.topic}#${msg.partition}`, saved);
    }
  }

  private file(topic: string, partition: number): string {
    return join(this.dir, `${encodeURIComponent(topic)}.${partition}.log`);
  }

  private fd(topic: string, partition: number): number {
    const slot = `${topic}#${partition}`;
    let fd = this.fds.get(slot);
    if (fd === undefined) this.fds.set(slot, (fd = openSync(this.file(topic, partition), 'a', 0o600)));
    return fd;
  }
}

function readLog(file: string, topic: string, partition: number, base: number): BusMessage[] {
  const buf = readFileSync(file);
  const out: BusMessage[] = [];
  let o = 0;
  // a record cut short by a crash mid-write is ignored (it was never acknowledged to the publisher)
  while (o + 4 <= buf.length) {
    const len = buf.readUInt32BE(o);
    if (o + 4 + len > buf.length) break;
    let p = o + 4;
    const keyLen = buf.readUInt16BE(p);
    p += 2;
    const key = buf.toString('utf8', p, p + keyLen);
    p += keyLen;
    const hLen = buf.readUInt32BE(p);
    p += 4;
    const headers = JSON.parse(buf.toString('utf8', p, p + hLen)) as Record<string, string>;
    p += hLen;
    const value = Buffer.from(buf.subarray(p, o + 4 + len));
    out.push({ topic, partition, offset: String(base + out.length), key, value, headers });
    o += 4 + len;
  }
  if (o < buf.length) truncateSync(file, o);
  return out;
}
