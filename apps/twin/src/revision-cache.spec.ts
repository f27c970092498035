import { describe, expect, it } from 'vitest';
import { RevisionCache } from './revision-cache';

describe('RevisionCache', () => {
  it('should compute once per key and revision, again for a new revision, and forget the least recently used', async () => {
    const sut = new RevisionCache<number>(2);
    let computed = 0;
    const compute = (v: number) => () => Promise.resolve((computed++, v));
    expect(await sut.get('a', 1, compute(10))).toBe(10);
    expect(await sut.get('a', 1, compute(99))).toBe(10);
    expect(computed).toBe(1);
    expect(await sut.get('a', 2, compute(20))).toBe(20);
    await sut.get('b', 1, compute(30));
    await sut.get('a', 2, compute(0)); // a is now the most recent
    await sut.get('c', 1, compute(40)); // b goes
    expect(sut.size).toBe(2);
    expect(await sut.get('b', 1, compute(31))).toBe(31);
    expect(computed).toBe(5);
  });

  it('should not keep a failure', async () => {
    const sut = new RevisionCache<number>();
    await expect(sut.get('a', 1, () => Promise.reject(new Error('no twin')))).rejects.toThrow('no twin');
    await Promise.resolve();
    expect(await sut.get('a', 1, () => Promise.resolve(7))).toBe(7);
  });
});
