import { afterEach, describe, expect, it, vi } from 'vitest';
import { MicroBatcher } from './micro-batcher';

const double = (items: readonly number[]): Promise<number[]> => Promise.resolve(items.map((x) => 2 * x));

describe(MicroBatcher.name, () => {
  it('should run requests that arrive together as one batch and answer each with its own result', async () => {
    const sut = new MicroBatcher<number, number>(double, { maxBatch: 64, maxWaitMs: 5 });
    const results = await Promise.all([1, 2, 3, 4, 5].map((x) => sut.submit(x)));
    expect(results).toEqual([2, 4, 6, 8, 10]);
    expect(sut.batchSizes).toEqual([5]);
  });

  describe('on a fake clock', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('should flush at maxBatch without waiting for the timer', async () => {
      vi.useFakeTimers();
      const sut = new MicroBatcher<number, number>(double, { maxBatch: 4, maxWaitMs: 10_000 });
      const answered: number[] = [];
      const all = Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((x) => sut.submit(x).then((y) => (answered.push(y), y))));
      await vi.advanceTimersByTimeAsync(1); // 1 ms of the 10-s wait: only immediate turns can have run
      expect(answered).toHaveLength(8);
      expect(await all).toEqual([2, 4, 6, 8, 10, 12, 14, 16]);
      expect(sut.batchSizes).toEqual([4, 4]);
    });

    it('should answer a lone request at maxWaitMs, not before', async () => {
      vi.useFakeTimers();
      const sut = new MicroBatcher<number, number>(double, { maxBatch: 64, maxWaitMs: 20 });
      let answer: number | undefined;
      void sut.submit(21).then((y) => (answer = y));
      await vi.advanceTimersByTimeAsync(19);
      expect(answer).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(answer).toBe(42);
    });
  });

  it('should gather requests arriving while a batch runs into the next batch', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const sut = new MicroBatcher<number, number>(
      async (items) => {
        if (items[0] === 0) await gate;
        return items.map((x) => x + 1);
      },
      { maxBatch: 64, maxWaitMs: 1 },
    );
    const first = sut.submit(0);
    await new Promise((r) => setTimeout(r, 10));
    const later = [1, 2, 3].map((x) => sut.submit(x));
    release();
    expect(await first).toBe(1);
    expect(await Promise.all(later)).toEqual([2, 3, 4]);
    expect(sut.batchSizes).toEqual([1, 3]);
  });

  it('should reject every request of a failed batch with the error, and keep serving', async () => {
    let fail = true;
    const sut = new MicroBatcher<number, number>(
      (items) => (fail ? Promise.reject(new Error('session lost')) : double(items)),
      { maxBatch: 8, maxWaitMs: 1 },
    );
    const failed = [1, 2].map((x) => sut.submit(x));
    await expect(Promise.all(failed)).rejects.toThrow('session lost');
    fail = false;
    await expect(sut.submit(3)).resolves.toBe(6);
  });

  it('should refuse a non-positive maxBatch, naming it', () => {
    expect(() => new MicroBatcher(double, { maxBatch: 0, maxWaitMs: 1 })).toThrow(/maxBatch/);
  });
});
