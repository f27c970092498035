import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnWorkerPool } from './worker-pool';

// a plain-JS worker: doubles each number it is sent, and answers an error for a negative one
const WORKER = `const { parentPort, workerData } = require('node:worker_threads');
parentPort.on('message', (n) => parentPort.postMessage(n < 0 ? { error: 'negative ' + n } : { n, doubled: n * workerData }));`;

describe(runOnWorkerPool.name, () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shuji-pool-'));
    file = join(dir, 'double.worker.js');
    await writeFile(file, WORKER);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const jobsOf = (values: readonly number[]) => {
    let next = 0;
    return () => values[next++];
  };

  it('should hand every job to some worker exactly once and give each reply to onReply', async () => {
    const replies = new Map<number, number>();
    await runOnWorkerPool<number, { n: number; doubled: number; error?: string }>({
      file,
      workerData: 2,
      threads: 3,
      label: 'double worker',
      next: jobsOf([1, 2, 3, 4, 5, 6, 7]),
      onReply: (r) => void replies.set(r.n, r.doubled),
    });
    expect([...replies.entries()].sort((a, b) => a[0] - b[0])).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => [n, 2 * n]));
  });

  it('should reject naming the pool when a worker answers an error', async () => {
    const sut = runOnWorkerPool<number, { error?: string }>({ file, workerData: 2, threads: 2, label: 'double worker', next: jobsOf([1, -3, 4]), onReply: () => undefined });
    await expect(sut).rejects.toThrow('double worker: negative -3');
  });

  it('should reject when onReply throws or rejects', async () => {
    const throws = runOnWorkerPool<number, { error?: string }>({ file, workerData: 1, threads: 1, label: 'w', next: jobsOf([1]), onReply: () => { throw new Error('bad reply'); } });
    await expect(throws).rejects.toThrow('bad reply');
    const rejects = runOnWorkerPool<number, { error?: string }>({ file, workerData: 1, threads: 1, label: 'w', next: jobsOf([1]), onReply: () => Promise.reject(new Error('store failed')) });
    await expect(rejects).rejects.toThrow('store failed');
  });
});
