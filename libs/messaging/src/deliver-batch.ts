import type { BusMessage, UnprocessableMessageError } from './bus-message';
import { buildDeadLetter } from './dead-letter';
import { deliverWithRetry, describeError, type DeliveryDeps } from './deliver-with-retry';
import { isTransientInfrastructureError } from './transient-error';

export interface BatchDeliveryDeps extends Omit<DeliveryDeps, 'handle'> {
  /** Runs the batch handler once on these messages; resolves with the ones it rejected (index → error), rejects on failure. */
  readonly handle: (messages: readonly BusMessage[], attempt: number) => Promise<ReadonlyMap<number, UnprocessableMessageError>>;
}

export interface BatchDeliveryOutcome {
  readonly handled: number;
  /** Offsets of the messages sent to the dead-letter topic. */
  readonly deadLettered: readonly string[];
  /** True when the batch failed as a whole and was delivered again one message at a time. */
  readonly oneByOne: boolean;
}

/**
 * The batch form of deliverWithRetry, same contract: resolves only once every message is handled or dead-lettered,
 * so the caller may commit past the last one. The handler runs once on the whole batch; a message it rejects goes
 * to `<topic>.dlq` with its reason while the rest are stored. An infrastructure failure (database or broker down)
 * is waited out without limit and never dead-letters anything (deliverWithRetry's outage loop). Any other failure
 * of the batch as a whole (a record that passes the handler's checks but the database refuses) cannot be pinned on
 * one message: the batch is then delivered one message at a time with deliverWithRetry, so only the record at
 * fault is dead-lettered and its neighbours are stored.
 */
export async function deliverBatch(messages: readonly BusMessage[], deps: BatchDeliveryDeps): Promise<BatchDeliveryOutcome> {
  if (messages.length === 0) return { handled: 0, deadLettered: [], oneByOne: false };
  let rejected: ReadonlyMap<number, UnprocessableMessageError> | undefined;
  let failure: { error: unknown } | undefined;
  // deliverWithRetry's handle throws only infrastructure errors here, so it waits those out and never dead-letters
  await deliverWithRetry(messages[0]!, {
    ...deps,
    handle: async () => {
      try {
        rejected = await deps.handle(messages, 1);
      } catch (error) {
        if (isTransientInfrastructureError(error)) throw error;
        failure = { error };
      }
    },
  });
  if (failure === undefined) {
    const deadLettered: string[] = [];
    for (const [index, error] of [...rejected!].sort((a, b) => a[0] - b[0])) {
      const msg = messages[index]!;
      const dl = buildDeadLetter(msg, { reason: describeError(error), errorCode: error.code, attempts: 1, groupId: deps.groupId });
      await deps.publishDeadLetter(dl.topic, dl.message);
      deadLettered.push(msg.offset);
    }
    return { handled: messages.length - deadLettered.length, deadLettered, oneByOne: false };
  }
  deps.onRetry?.(1, failure.error);
  const deadLettered: string[] = [];
  for (const msg of messages) {
    const outcome = await deliverWithRetry(msg, {
      ...deps,
      handle: async (attempt) => {
        const error = (await deps.handle([msg], attempt)).get(0);
        if (error !== undefined) throw error;
      },
    });
    if (outcome.status === 'dead-lettered') deadLettered.push(msg.offset);
  }
  return { handled: messages.length - deadLettered.length, deadLettered, oneByOne: true };
}
