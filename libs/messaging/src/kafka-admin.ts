import { deadLetterTopicOf } from '@shuji/contracts';
import { Kafka, logLevel } from 'kafkajs';

/** Kafka's retention of data topics, and of dead-letter topics (longer: each letter is also archived in the database). */
export const TOPIC_RETENTION_MS = 7 * 24 * 3600 * 1000;
export const DEAD_LETTER_RETENTION_MS = 30 * 24 * 3600 * 1000;

/**
 * Creates the topics and their `.dlq` twins up front (the apps run with auto-creation off),
 * so partition counts are what we chose, with a bounded retention each. Replication uses the broker default.
 * Existing topics are kept as they are.
 */
export async function ensureTopics(brokers: string[], topics: readonly string[], partitions: number): Promise<void> {
  const admin = new Kafka({ clientId: 'shuji-admin', brokers, logLevel: logLevel.ERROR }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = [...new Set(topics.flatMap((t) => [t, deadLetterTopicOf(t)]))].filter((t) => !existing.has(t));
    if (wanted.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: wanted.map((topic) => ({
          topic,
          numPartitions: partitions,
          configEntries: [{ name: 'retention.ms', value: String(topic.endsWith('.dlq') ? DEAD_LETTER_RETENTION_MS : TOPIC_RETENTION_MS) }],
        })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}
