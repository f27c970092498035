import { describe, expect, it } from 'vitest';
import { InProcessBroker, partitionForKey } from './in-process-broker';

describe(InProcessBroker.name, () => {
  it('should map a key to the same partition every time and spread keys', () => {
    expect(partitionForKey('patient-1', 8)).toBe(partitionForKey('patient-1', 8));
    const used = new Set(Array.from({ length: 200 }, (_, i) => partitionForKey(`p-${i}`, 8)));
    expect(used.size).toBe(8);
  });

  it('should give a late group everything retained and each group its own offsets', async () => {
    const sut = new InProcessBroker(2);
    sut.publish('t', [{ key: 'a', value: Buffer.from('1') }, { key: 'b', value: Buffer.from('2') }]);
    const g1: string[] = [];
    const g2: string[] = [];
    sut.subscribe('g1', ['t'], async (m) => void g1.push(m.value.toString()));
    sut.subscribe('g2', ['t'], async (m) => void g2.push(m.value.toString()));
    sut.publish('t', [{ key: 'a', value: Buffer.from('3') }]);
    await sut.whenIdle();
    expect(g1.sort()).toEqual(['1', '2', '3']);
    expect(g2.sort()).toEqual(['1', '2', '3']);
  });

  it('should keep the offset and redeliver when the consumer itself rejects', async () => {
    const sut = new InProcessBroker(1);
    let calls = 0;
    sut.subscribe('g', ['t'], async () => {
      calls += 1;
      if (calls === 1) throw new Error('could not even dead-letter');
    });
    sut.publish('t', [{ key: 'a', value: Buffer.from('x') }]);
    await sut.whenIdle();
    expect(calls).toBe(2);
  });

  it('should refuse a second consumer for the same group in one process', () => {
    const sut = new InProcessBroker(1);
    sut.subscribe('g', ['t'], async () => undefined);
    expect(() => sut.subscribe('g', ['t'], async () => undefined)).toThrow(/already has a consumer/);
  });

  it('should keep only the newest messages of a topic declared unread, and everything a group has yet to read', async () => {
    const sut = new InProcessBroker(1, undefined, new Set(['unread']), 100);
    const many = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ key: 'k', value: Buffer.from(String(from + i)) }));
    sut.publish('unread', many(3_000));
    const kept = sut.read('unread');
    expect(kept.length).toBeLessThan(100 + 256);
    expect(kept.at(-1)!.value.toString()).toBe('2999');
    let seen = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    sut.subscribe('slow', ['read'], async () => {
      await gate;
      seen += 1;
    });
    sut.publish('read', many(3_000));
    expect(sut.read('read')).toHaveLength(3_000);
    release();
    await sut.whenIdle();
    expect(seen).toBe(3_000);
  });

  it('should give a group that subscribes late, or again, everything it has not read when the topic is not declared unread', async () => {
    const sut = new InProcessBroker(1, undefined, new Set(['other']), 100);
    const many = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ key: 'k', value: Buffer.from(String(from + i)) }));
    sut.publish('t', many(2_000));
    const first: string[] = [];
    sut.subscribe('late', ['t'], async (m) => void first.push(m.value.toString()));
    await sut.whenIdle();
    expect(first).toHaveLength(2_000);
    sut.unsubscribe('late');
    sut.subscribe('reader', ['t'], async () => undefined);
    sut.publish('t', many(1_000, 2_000));
    await sut.whenIdle();
    sut.unsubscribe('reader');
    const again: string[] = [];
    sut.subscribe('late', ['t'], async (m) => void again.push(m.value.toString()));
    await sut.whenIdle();
    expect(again).toEqual(Array.from({ length: 1_000 }, (_, i) => String(2_000 + i)));
  });
});
