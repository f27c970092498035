import { deadLetterTopicOf, DeadLetterSchema, encodeMessage, toTimestamp } from '@shuji/contracts';
import type { BusMessage, OutgoingMessage } from './bus-message';

/** Kafka header names set on every dead-lettered message (readable without protobuf). */
export const DeadLetterHeaders = {
  reason: 'shuji-dlq-reason',
  errorCode: 'shuji-dlq-error-code',
  originalTopic: 'shuji-dlq-original-topic',
  originalPartition: 'shuji-dlq-original-partition',
  originalOffset: 'shuji-dlq-original-offset',
  attempts: 'shuji-dlq-attempts',
  group: 'shuji-dlq-group',
} as const;

export interface DeadLetterFacts {
  readonly reason: string;
  readonly errorCode: string;
  readonly attempts: number;
  readonly groupId: string;
}

/**
 * Builds the `<topic>.dlq` record: a protobuf DeadLetter that wraps the original bytes unchanged
 * (so it can be replayed), keyed like the original so the DLQ keeps per-patient order too.
 */
export function buildDeadLetter(msg: BusMessage, facts: DeadLetterFacts, now = new Date()): { topic: string; message: OutgoingMessage } {
  const reason = facts.reason.slice(0, 4000);
  const value = encodeMessage(DeadLetterSchema, {
    schemaVersion: 1,
    originalTopic: msg.topic,
    originalPartition: msg.partition,
    originalOffset: msg.offset,
    originalKey: Buffer.from(msg.key, 'utf8'),
    originalValue: msg.value,
    attempts: facts.attempts,
    reason,
    errorCode: facts.errorCode,
    failedTime: toTimestamp(now),
    consumerGroup: facts.groupId,
  });
  return {
    topic: deadLetterTopicOf(msg.topic),
    message: {
      key: msg.key,
      value,
      headers: {
        ...msg.headers,
        // header values must be single-line ASCII-safe for every Kafka tool
        [DeadLetterHeaders.reason]: reason.replace(/\s+/g, ' ').slice(0, 500),
        [DeadLetterHeaders.errorCode]: facts.errorCode,
        [DeadLetterHeaders.originalTopic]: msg.topic,
        [DeadLetterHeaders.originalPartition]: String(msg.partition),
        [DeadLetterHeaders.originalOffset]: msg.offset,
        [DeadLetterHeaders.attempts]: String(facts.attempts),
        [DeadLetterHeaders.group]: facts.groupId,
      },
    },
  };
}
