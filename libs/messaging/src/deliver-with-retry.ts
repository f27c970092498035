import { UnprocessableMessageError, type BusMessage } from './bus-message';
import { buildDeadLetter } from './dead-letter';
import { backoffDelayMs, type RetryPolicy } from './retry-policy';

export type DeliveryOutcome = { readonly status: 'handled'; readonly attempts: number } | { readonly status: 'dead-lettered'; readonly attempts: number; readonly reason: string };

export interface DeliveryDeps {
  readonly policy: RetryPolicy;
  readonly groupId: string;
  /** Runs the handler once; rejects on failure. */
  readonly handle: (attempt: number) => Promise<void>;
  /** Publishes to the dead-letter topic; must reject if it could not (the message is then not acknowledged). */
  readonly publishDeadLetter: (topic: string, message: ReturnType<typeof buildDeadLetter>['message']) => Promise<void>;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onRetry?: (attempt: number, error: unknown) => void;
}

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
 * `<topic>.dlq` with reason, origin and attempt count. Resolves only once the message is either
 * handled or dead-lettered, so the caller may then acknowledge (commit) it: nothing is dropped.
 */
export async function deliverWithRetry(msg: BusMessage, deps: DeliveryDeps): Promise<DeliveryOutcome> {
  const sleep = deps.sleep ?? defaultSleep;
  let lastError: unknown;
  let attempt = 0;
  while (attempt < deps.policy.maxAttempts) {
    attempt += 1;
    if (attempt > 1) await sleep(backoffDelayMs(deps.policy, attempt));
    try {
      await deps.handle(attempt);
      return { status: 'handled', attempts: attempt };
    } catch (error) {
      lastError = error;
      if (error instanceof UnprocessableMessageError) break;
      if (attempt < deps.policy.maxAttempts) deps.onRetry?.(attempt, error);
    }
  }
  const unprocessable = lastError instanceof UnprocessableMessageError;
  const reason = describeError(lastError);
  const dl = buildDeadLetter(msg, {
    reason,
    errorCode: unprocessable ? (lastError as UnprocessableMessageError).code : 'RETRIES_EXHAUSTED',
    attempts: attempt,
    groupId: deps.groupId,
  });
  await deps.publishDeadLetter(dl.topic, dl.message);
  return { status: 'dead-lettered', attempts: attempt, reason };
}
