import { UnprocessableMessageError, type BusMessage } from './bus-message';
import { buildDeadLetter } from './dead-letter';
import { backoffDelayMs, type RetryPolicy } from './retry-policy';
import { isTransientInfrastructureError } from './transient-error';

export type DeliveryOutcome =
  | { readonly status: 'handled'; readonly attempts: number }
  | { readonly status: 'dead-lettered'; readonly attempts: number; readonly reason: string; readonly errorCode: string };

export interface DeliveryDeps {
  readonly policy: RetryPolicy;
  readonly groupId: string;
  /** Runs the handler once; rejects on failure. */
  readonly handle: (attempt: number) => Promise<void>;
  /** Publishes to the dead-letter topic; must reject if it could not (the message is then not acknowledged). */
  readonly publishDeadLetter: (topic: string, message: ReturnType<typeof buildDeadLetter>['message']) => Promise<void>;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onRetry?: (attempt: number, error: unknown) => void;
  /** Called on every infrastructure failure with how long this message has been waiting for it (ms). */
  readonly onTransient?: (error: unknown, waitedMs: number) => void;
  /** True once the consumer is shutting down or lost the partition: stop waiting, leave the message uncommitted. */
  readonly isStopping?: () => boolean;
  readonly now?: () => number;
}

/** Thrown when a delivery waiting out an infrastructure failure is abandoned; the message must not be committed. */
export class DeliveryAbandonedError extends Error {
  constructor(cause: unknown) {
    super(`delivery abandoned while waiting for the infrastructure: ${describeError(cause)}`, { cause });
    this.name = 'DeliveryAbandonedError';
  }
}

/** Longest wait between two tries while a database or broker is down: recovery is noticed within seconds. */
export const TRANSIENT_MAX_BACKOFF_MS = 5_000;
/** Shortest such wait, so that a policy without backoff cannot spin on a dead database. */
const TRANSIENT_MIN_BACKOFF_MS = 100;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A readable reason from whatever a handler threw (Errors, RPC error objects, strings). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (typeof error === 'object' && error !== null && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}

/**
 * The delivery contract shared by both transports: try the handler up to maxAttempts times with
 * backoff; an UnprocessableMessageError skips the retries; after the last failure the message goes to
 * `<topic>.dlq` with reason, origin and attempt count. An infrastructure failure (database or broker down,
 * isTransientInfrastructureError) is never the record's fault: it is retried without limit and without counting
 * an attempt, so a good record is never dead-lettered for an outage. Resolves only once the message is either
 * handled or dead-lettered, so the caller may then acknowledge (commit) it: nothing is dropped. Rejects with
 * DeliveryAbandonedError when `isStopping` turns true during an outage (the caller must not commit).
 */
export async function deliverWithRetry(msg: BusMessage, deps: DeliveryDeps): Promise<DeliveryOutcome> {
  const sleep = deps.sleep ?? defaultSleep;
  const now = deps.now ?? Date.now;
  let lastError: unknown;
  let attempt = 0;
  let outageSince: number | undefined;
  let outageWaits = 0;
  for (;;) {
    // an attempt that met an outage is tried again as the same attempt, after the outage's own backoff
    if (outageWaits === 0) {
      attempt += 1;
      if (attempt > 1) await sleep(backoffDelayMs(deps.policy, attempt));
    }
    try {
      await deps.handle(attempt);
      return { status: 'handled', attempts: attempt };
    } catch (error) {
      lastError = error;
      if (isTransientInfrastructureError(error)) {
        outageSince ??= now();
        deps.onTransient?.(error, now() - outageSince);
        if (deps.isStopping?.()) throw new DeliveryAbandonedError(error);
        outageWaits += 1;
        await sleep(Math.min(TRANSIENT_MAX_BACKOFF_MS, Math.max(TRANSIENT_MIN_BACKOFF_MS, backoffDelayMs(deps.policy, outageWaits + 1))));
        if (deps.isStopping?.()) throw new DeliveryAbandonedError(error);
        continue;
      }
      outageWaits = 0;
      outageSince = undefined;
      if (error instanceof UnprocessableMessageError || attempt >= deps.policy.maxAttempts) break;
      deps.onRetry?.(attempt, error);
    }
  }
  const unprocessable = lastError instanceof UnprocessableMessageError;
  const reason = describeError(lastError);
  const errorCode = unprocessable ? (lastError as UnprocessableMessageError).code : 'RETRIES_EXHAUSTED';
  const dl = buildDeadLetter(msg, {
    reason,
    errorCode,
    attempts: attempt,
    groupId: deps.groupId,
  });
  await deps.publishDeadLetter(dl.topic, dl.message);
  return { status: 'dead-lettered', attempts: attempt, reason, errorCode };
}
