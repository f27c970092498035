/** Bounded retry with exponential backoff (capped), after which a message is dead-lettered. */
export interface RetryPolicy {
  /** Total handler attempts including the first; ≥ 1. */
  readonly maxAttempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  readonly multiplier: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, initialBackoffMs: 200, maxBackoffMs: 30_000, multiplier: 2 };

/** Delay before attempt `nextAttempt` (2, 3, …): initial · multiplier^(nextAttempt−2), capped. */
export function backoffDelayMs(policy: RetryPolicy, nextAttempt: number): number {
  if (nextAttempt < 2) return 0;
  return Math.min(policy.maxBackoffMs, policy.initialBackoffMs * policy.multiplier ** (nextAttempt - 2));
}

export function validateRetryPolicy(policy: RetryPolicy): RetryPolicy {
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) throw new Error('"maxAttempts" must be an integer ≥ 1');
  if (!(policy.initialBackoffMs >= 0)) throw new Error('"initialBackoffMs" must be ≥ 0');
  if (!(policy.maxBackoffMs >= policy.initialBackoffMs)) throw new Error('"maxBackoffMs" must be ≥ "initialBackoffMs"');
  if (!(policy.multiplier >= 1)) throw new Error('"multiplier" must be ≥ 1');
  return policy;
}
