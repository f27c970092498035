import type { BusMessage, OutgoingMessage } from './bus-message';
import type { InProcessJournal } from './in-process-journal';
import { fnv1a32 } from '@shuji/stats';

/** Handles one message; resolves when it may be acknowledged (handled or dead-lettered). */
export type PartitionConsumer = (msg: BusMessage) => Promise<void>;

interface PartitionLog {
  /** Offset of messages[0]; consumed prefixes are trimmed to bound memory. */
  base: number;
  messages: BusMessage[];
}

interface GroupSubscription {
  readonly groupId: string;
  readonly topics: ReadonlySet<string>;
  readonly consume: PartitionConsumer;
  /** committed offset (next to read) per "topic#partition" */
  readonly committed: Map<string, number>;
  readonly running: Set<string>;
  stopped: boolean;
}

/** Per partition of a topic declared unread in this process (e.g. twin updates in the embedded platform). */
export const DEFAULT_RETAIN_UNREAD = 256;
/** Trims happen in chunks of this many messages, so the journal file is rewritten rarely. */
const TRIM_CHUNK = 256;

/** A stable hash (FNV-1a) so equal keys always land in the same partition. */
export function partitionForKey(key: string, partitions: number): number {
  return fnv1a32(key) % partitions;
}

/**
 * The embedded stand-in for Kafka, with the same contract: topics split into partitions by key,
 * a log per partition with offsets, consumer groups that each read every partition in order,
 * one message at a time per partition, advancing their offset only after the consumer resolved
 * (at-least-once). New groups start at the earliest retained offset. With a journal (the platform passes
 * one under SHUJI_DATA_DIR/bus) messages and offsets survive a crash; without, state is in memory only.
 */
export class InProcessBroker {
  private readonly logs = new Map<string, PartitionLog[]>();
  private readonly groups = new Map<string, GroupSubscription>();
  private idleWaiters: (() => void)[] = [];
  private readonly restoredOffsets = new Map<string, Map<string, number>>();

  constructor(
    private readonly partitions = 8,
    private readonly journal?: InProcessJournal,
    /**
     * Topics no group of this process reads (e.g. twin updates in the embedded platform): each keeps only its newest
     * `retainUnread` messages per partition (Kafka's retention, by count). Every other topic keeps what a group —
     * live, or one of an earlier run of the journal — has yet to read, so a group subscribing late loses nothing.
     */
    private readonly unreadTopics: ReadonlySet<string> = new Set(),
    private readonly retainUnread = DEFAULT_RETAIN_UNREAD,
  ) {
    if (!Number.isInteger(partitions) || partitions < 1) throw new Error('"partitions" must be an integer ≥ 1');
    if (journal) {
      const state = journal.load();
      for (const p of state.partitions) {
        if (p.partition >= partitions) throw new Error(`journal holds partition ${p.partition} of ${p.topic}, but the bus has ${partitions}: keep KAFKA_PARTITIONS unchanged or clear the bus journal`);
        this.topicLog(p.topic)[p.partition] = { base: p.base, messages: p.messages };
      }
      for (const [g, slots] of state.committed) this.restoredOffsets.set(g, slots);
    }
  }

  /** Flushes and closes the journal, if any. */
  close(): void {
    for (const g of this.groups.values()) g.stopped = true;
    this.journal?.close();
  }

  publish(topic: string, messages: readonly OutgoingMessage[]): { partition: number; offset: string }[] {
    const log = this.topicLog(topic);
    const placed = messages.map((m) => {
      const partition = partitionForKey(m.key, this.partitions);
      const p = log[partition]!;
      const offset = p.base + p.messages.length;
      const msg: BusMessage = { topic, partition, offset: String(offset), key: m.key, value: m.value, headers: { ...(m.headers ?? {}) } };
      // journaled before publish returns: an acknowledged message survives a crash
      this.journal?.append(msg);
      p.messages.push(msg);
      return { partition, offset: String(offset) };
    });
    let read = false;
    for (const g of this.groups.values()) {
      if (g.topics.has(topic)) {
        read = true;
        this.pump(g, topic);
      }
    }
    if (!read && this.unreadTopics.has(topic)) for (const p of new Set(placed.map((x) => x.partition))) this.trim(topic, p);
    return placed;
  }

  subscribe(groupId: string, topics: readonly string[], consume: PartitionConsumer): void {
    if (this.groups.has(groupId)) throw new Error(`group "${groupId}" already has a consumer in this process`);
    const g: GroupSubscription = { groupId, topics: new Set(topics), consume, committed: new Map(this.restoredOffsets.get(groupId) ?? []), running: new Set(), stopped: false };
    this.groups.set(groupId, g);
    for (const t of topics) this.pump(g, t);
  }

  unsubscribe(groupId: string): void {
    const g = this.groups.get(groupId);
    if (g) {
      g.stopped = true;
      // a group that subscribes again resumes where it was, and trimming keeps what it has not read
      this.restoredOffsets.set(groupId, new Map(g.committed));
    }
    this.groups.delete(groupId);
    this.notifyIfIdle();
  }

  /** Messages in a topic (for tests and the DLQ inspector), oldest first, still retained. */
  read(topic: string): BusMessage[] {
    return (this.logs.get(topic) ?? []).flatMap((p) => p.messages);
  }

  /** Resolves once every subscribed group has consumed everything published so far. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    for (const g of this.groups.values()) {
      if (g.running.size > 0) return false;
      for (const t of g.topics) {
        const log = this.logs.get(t) ?? [];
        for (let i = 0; i < log.length; i++) {
          const p = log[i]!;
          if ((g.committed.get(`${t}#${i}`) ?? p.base) < p.base + p.messages.length) return false;
        }
      }
    }
    return true;
  }

  private notifyIfIdle(): void {
    if (this.idleWaiters.length === 0 || !this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private topicLog(topic: string): PartitionLog[] {
    let log = this.logs.get(topic);
    if (!log) {
      log = Array.from({ length: this.partitions }, () => ({ base: 0, messages: [] }));
      this.logs.set(topic, log);
    }
    return log;
  }

  private pump(g: GroupSubscription, topic: string): void {
    const log = this.topicLog(topic);
    for (let i = 0; i < log.length; i++) {
      const slot = `${topic}#${i}`;
      if (!g.running.has(slot)) void this.drainPartition(g, topic, i, slot);
    }
  }

  /** One loop per (group, partition): strictly sequential, so per-key order holds. */
  private async drainPartition(g: GroupSubscription, topic: string, partition: number, slot: string): Promise<void> {
    g.running.add(slot);
    try {
      const p = this.topicLog(topic)[partition]!;
      for (;;) {
        if (g.stopped) return;
        const next = g.committed.get(slot) ?? p.base;
        const msg = p.messages[next - p.base];
        if (!msg) return;
        try {
          await g.consume(msg);
        } catch {
          // The consumer could not even dead-letter it: keep the offset and try again shortly,
          // as a Kafka consumer would after not committing.
          await new Promise((resolve) => setTimeout(resolve, 100));
          continue;
        }
        g.committed.set(slot, next + 1);
        this.journal?.commit(g.groupId, slot, next + 1);
        this.trim(topic, partition);
      }
    } finally {
      g.running.delete(slot);
      // a publish may have raced the loop's last check
      const p = this.topicLog(topic)[partition]!;
      if (!g.stopped && (g.committed.get(slot) ?? p.base) < p.base + p.messages.length) this.pump(g, topic);
      else this.notifyIfIdle();
    }
  }

  /**
   * Drops a partition's prefix once every group reading the topic has committed past it (groups of an earlier run
   * of the journal, or unsubscribed, count until they subscribe again); of a topic declared unread, all but the
   * newest `retainUnread` messages. In chunks, to keep it cheap.
   */
  private trim(topic: string, partition: number): void {
    const p = this.topicLog(topic)[partition]!;
    let min = Infinity;
    for (const g of this.groups.values()) {
      if (g.topics.has(topic)) min = Math.min(min, g.committed.get(`${topic}#${partition}`) ?? p.base);
    }
    // a group that read this topic before a restart will again: keep what it has not read yet
    for (const [group, slots] of this.restoredOffsets) {
      const committed = this.groups.has(group) ? undefined : slots.get(`${topic}#${partition}`);
      if (committed !== undefined) min = Math.min(min, committed);
    }
    if (!Number.isFinite(min)) {
      if (!this.unreadTopics.has(topic)) return;
      min = p.base + p.messages.length - this.retainUnread;
    }
    if (min - p.base < TRIM_CHUNK) return;
    p.messages.splice(0, min - p.base);
    p.base = min;
    this.journal?.trim(topic, partition, p.base, p.messages);
  }
}
