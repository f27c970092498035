/** Requests per second a principal may sustain, and the burst it may send at once (a token bucket). */
export interface RateLimitOptions {
  /** 0: no limit. */
  readonly perSecond: number;
  readonly burst: number;
}

export type RateDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterSec: number };

/** Buckets kept at most; past it the full ones (principals idle long enough to have refilled) are dropped. */
const MAX_BUCKETS = 100_000;

/**
 * A token bucket per principal (Turner 1986; the leaky-bucket-as-meter of ITU-T I.371): each request takes one
 * token, tokens refill at `perSecond` up to `burst`. Refused requests take none and learn when one will be back.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();

  constructor(readonly options: RateLimitOptions) {
    if (!(options.perSecond >= 0) || !(options.burst >= 1)) throw new RangeError('rate limit: perSecond must be ≥ 0 and burst ≥ 1');
  }

  take(key: string, nowMs = Date.now()): RateDecision {
    const { perSecond, burst } = this.options;
    if (perSecond === 0) return { ok: true };
    const bucket = this.buckets.get(key) ?? { tokens: burst, atMs: nowMs };
    bucket.tokens = Math.min(burst, bucket.tokens + ((nowMs - bucket.atMs) / 1000) * perSecond);
    bucket.atMs = nowMs;
    if (!this.buckets.has(key)) {
      if (this.buckets.size >= MAX_BUCKETS) this.dropFull(nowMs);
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSec: Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)) };
  }

  private dropFull(nowMs: number): void {
    const { perSecond, burst } = this.options;
    for (const [key, b] of this.buckets) if (b.tokens + ((nowMs - b.atMs) / 1000) * perSecond >= burst) this.buckets.delete(key);
  }
}
