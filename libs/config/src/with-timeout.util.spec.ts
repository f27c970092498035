import { afterEach, describe, expect, it, vi } from 'vitest';
import { withTimeout } from './with-timeout.util';

describe(withTimeout.name, () => {
  afterEach(() => vi.useRealTimers());

  it('should give the work its answer when it comes in time', async () => {
    await expect(withTimeout(Promise.resolve(42), 1_000, 'database')).resolves.toBe(42);
  });

  it('should reject naming what did not answer once the time is up', async () => {
    vi.useFakeTimers();
    const sut = withTimeout(new Promise<never>(() => undefined), 250, 'bus');
    const expectation = expect(sut).rejects.toThrow('bus did not answer within 250 ms');
    await vi.advanceTimersByTimeAsync(250);
    await expectation;
  });

  it('should leave no timer behind once the work has answered', async () => {
    vi.useFakeTimers();
    await withTimeout(Promise.resolve('up'), 5_000, 'database');
    expect(vi.getTimerCount()).toBe(0);
  });
});
