import { describe, expect, it } from 'vitest';
import { PerKeyChain } from './per-key-chain';

const tick = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe(PerKeyChain.name, () => {
  it('should run one key\'s tasks in order when a later one would finish first', async () => {
    const sut = new PerKeyChain();
    const done: string[] = [];
    await Promise.all([
      sut.run('p-1', async () => (await tick(20), void done.push('slow'))),
      sut.run('p-1', async () => void done.push('fast')),
    ]);
    expect(done).toEqual(['slow', 'fast']);
  });

  it('should run different keys concurrently', async () => {
    const sut = new PerKeyChain();
    const done: string[] = [];
    await Promise.all([sut.run('a', async () => (await tick(20), void done.push('a'))), sut.run('b', async () => void done.push('b'))]);
    expect(done).toEqual(['b', 'a']);
  });

  it('should reject a failed task and still run the next one of its key, then forget the drained key', async () => {
    const sut = new PerKeyChain();
    const failed = sut.run('p-1', () => Promise.reject(new Error('poison')));
    const next = sut.run('p-1', async () => undefined);
    await expect(failed).rejects.toThrow('poison');
    await expect(next).resolves.toBeUndefined();
    await tick(0);
    expect(sut.pendingKeys).toBe(0);
  });
});
