import { deadLetterTopicOf } from '@shuji/contracts';
import { Kafka, logLevel } from 'kafkajs';

/**
 * Creates the topics and their `.dlq` twins up front (the apps run with auto-creation off),
 * so partition counts are what we chose. Replication uses the broker default. Existing topics are kept.
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
        topics: wanted.map((topic) => ({ topic, numPartitions: partitions })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}
