import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessBroker } from './in-process-broker';
import { InProcessJournal } from './in-process-journal';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'shuji-journal-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  // a journal a test let "die" (no close) still has its offsets flush armed: let it land before the dir goes
  await new Promise((r) => setTimeout(r, 150));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe(InProcessJournal.name, () => {
  it('should redeliver what was published but not committed when the process dies', async () => {
    const dir = tempDir();
    const first = new InProcessBroker(2, new InProcessJournal(dir, 5));
    const seen1: string[] = [];
    first.subscribe('g', ['t'], async (m) => {
      seen1.push(m.value.toString());
    });
    first.publish('t', [{ key: 'a', value: Buffer.from('1') }, { key: 'a', value: Buffer.from('2') }]);
    await first.whenIdle();
    await new Promise((r) => setTimeout(r, 20)); // offsets flushed
    first.unsubscribe('g');
    // published, never consumed: then the process "dies" (no close, no flush)
    first.publish('t', [{ key: 'a', value: Buffer.from('3') }, { key: 'b', value: Buffer.from('4', 'utf8'), headers: { h: 'v' } }]);

    const second = new InProcessBroker(2, new InProcessJournal(dir, 5));
    const seen2: { v: string; h: Record<string, string> }[] = [];
    second.subscribe('g', ['t'], async (m) => {
      seen2.push({ v: m.value.toString(), h: { ...m.headers } });
    });
    await second.whenIdle();
    expect(seen1).toEqual(['1', '2']);
    expect(seen2.map((s) => s.v).sort()).toEqual(['3', '4']);
    expect(seen2.find((s) => s.v === '4')!.h).toEqual({ h: 'v' });
    second.close();
  });

  it('should ignore a record cut short by a crash mid-write and keep appending cleanly', async () => {
    const dir = tempDir();
    const first = new InProcessBroker(1, new InProcessJournal(dir));
    first.publish('t', [{ key: 'a', value: Buffer.from('whole') }]);
    const log = readdirSync(dir).find((f) => f.endsWith('.log'))!;
    appendFileSync(join(dir, log), Buffer.from([0, 0, 0, 99, 1, 2]));
    const second = new InProcessBroker(1, new InProcessJournal(dir));
    second.publish('t', [{ key: 'a', value: Buffer.from('after') }]);
    const third = new InProcessBroker(1, new InProcessJournal(dir));
    expect(third.read('t').map((m) => `${m.offset}:${m.value.toString()}`)).toEqual(['0:whole', '1:after']);
  });

  it('should keep offsets and surviving messages across a trim of the consumed prefix', async () => {
    const dir = tempDir();
    const broker = new InProcessBroker(1, new InProcessJournal(dir, 1));
    const n = 1500;
    let count = 0;
    broker.subscribe('g', ['t'], async () => {
      count += 1;
    });
    broker.publish('t', Array.from({ length: n }, (_, i) => ({ key: 'k', value: Buffer.from(String(i)) })));
    await broker.whenIdle();
    broker.close();
    expect(count).toBe(n);
    const again = new InProcessBroker(1, new InProcessJournal(dir));
    const after: string[] = [];
    again.subscribe('g', ['t'], async (m) => {
      after.push(m.offset);
    });
    again.publish('t', [{ key: 'k', value: Buffer.from('new') }]);
    await again.whenIdle();
    expect(after).toEqual([String(n)]);
  });
});
