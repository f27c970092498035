import { deadLetterTopicOf, Topics } from '@shuji/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTestTokens } from '../support/access-tokens.testing';
import { pollReadiness, runDeviceStream, sleep, storageDiscrepancies, STORED_COPIES_SQL } from '../support/device-stream.testing';
import { startKafkaIngestStack, type KafkaIngestStack } from '../support/kafka-ingest-stack.testing';
import { waitFor } from '../support/http.testing';

/**
 * The outage test over Kafka: gateway and ingest as their own processes, the apps as the least-privileged role, a
 * real broker, and a PostgreSQL that is SIGKILLed twice (its supervisor restarts it) while six senders stream 5,000
 * readings. Every acknowledged reading is stored exactly once and no dead letter is written.
 */
const access = writeTestTokens();
let stack: KafkaIngestStack;
let db: Client;

beforeAll(async () => {
  stack = await startKafkaIngestStack(access.file);
}, 300_000);

afterAll(async () => {
  await db?.end().catch(() => undefined);
  await stack?.stop();
}, 120_000);

async function dlqDepth(): Promise<number> {
  const admin = new Kafka({ clientId: 'outage-test', brokers: stack.kafka.brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    let n = 0;
    for (const topic of [Topics.ingestRequested, Topics.observationRecorded].map(deadLetterTopicOf)) {
      for (const p of await admin.fetchTopicOffsets(topic)) n += Number(p.high) - Number(p.low);
    }
    return n;
  } finally {
    await admin.disconnect();
  }
}

describe('ingest over Kafka through database outages', () => {
  it('should store every acknowledged reading exactly once and dead-letter nothing when PostgreSQL is killed twice mid-stream', async () => {
    const readiness = pollReadiness(`${stack.url}/health/ready`);
    const outages: { killedAt: number; downSeen: boolean }[] = [];
    const chaos = (async () => {
      for (let i = 0; i < 2; i++) {
        await sleep(2_500);
        const killedAt = Date.now();
        stack.pg.kill();
        await waitFor(async () => readiness.seen.at(-1)?.status, (s) => s === 503, 30_000, 20);
        await waitFor(async () => readiness.seen.at(-1)?.status, (s) => s === 200, 120_000, 50);
        outages.push({ killedAt, downSeen: readiness.seen.some((r) => r.at >= killedAt && r.status === 503) });
      }
    })();
    const stream = await runDeviceStream({ url: stack.url, token: access.tokens.admin, senders: 6, readings: 5_000, batchSize: 10, everyMs: 120, patientPrefix: 'kafka-outage-p' });
    const streamEnded = Date.now();
    await chaos;
    await readiness.stop();

    expect(outages).toHaveLength(2);
    expect(outages.every((o) => o.downSeen && o.killedAt < streamEnded)).toBe(true);
    const acknowledged = [...stream.acknowledged.values()].reduce((n, s) => n + s.size, 0);
    expect(acknowledged).toBe(5_000);
    // the test's own connection, opened once the outages are over
    db = new Client({ connectionString: stack.pg.url });
    await db.connect();
    const stored = async () => Number((await db.query(`SELECT count(*) AS n FROM observations WHERE patient_id LIKE 'kafka-outage-p%'`)).rows[0].n);
    expect(await waitFor(stored, (n) => n >= acknowledged, 180_000, 500)).toBe(acknowledged);
    const { rows } = await db.query<{ patient_id: string; t: string; copies: string }>(STORED_COPIES_SQL, ['kafka-outage-p%']);
    expect(storageDiscrepancies(stream.acknowledged, rows)).toEqual({ duplicated: [], missing: [], unexpected: [] });
    expect(Number((await db.query('SELECT count(*) AS n FROM dead_letters')).rows[0].n)).toBe(0);
    expect(await dlqDepth()).toBe(0);
  }, 600_000);
});
