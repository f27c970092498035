import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter';

describe(RateLimiter.name, () => {
  it('should allow a burst, then refuse with the seconds until a token is back, then refill at the rate', () => {
    const sut = new RateLimiter({ perSecond: 2, burst: 3 });
    expect([0, 0, 0].map(() => sut.take('device:a', 0).ok)).toEqual([true, true, true]);
    expect(sut.take('device:a', 0)).toEqual({ ok: false, retryAfterSec: 1 });
    expect(sut.take('device:a', 499).ok).toBe(false);
    expect(sut.take('device:a', 500).ok).toBe(true);
  });

  it('should keep one bucket per principal: one principal flooding leaves another untouched', () => {
    const sut = new RateLimiter({ perSecond: 1, burst: 1 });
    expect(sut.take('a', 0).ok).toBe(true);
    expect(sut.take('a', 0).ok).toBe(false);
    expect(sut.take('b', 0).ok).toBe(true);
  });

  it('should never refuse with perSecond 0 (off) and refuse a negative rate', () => {
    const sut = new RateLimiter({ perSecond: 0, burst: 1 });
    expect(Array.from({ length: 1000 }, () => sut.take('a', 0).ok).every(Boolean)).toBe(true);
    expect(() => new RateLimiter({ perSecond: -1, burst: 1 })).toThrow(RangeError);
  });
});
