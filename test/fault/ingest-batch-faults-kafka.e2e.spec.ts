import { DeadLetterSchema, decodeMessage, deadLetterTopicOf, encodeMessage, IngestRequested_Format, IngestRequestedSchema, SCHEMA_VERSION, toTimestamp, Topics } from '@shuji/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTestTokens } from '../support/access-tokens.testing';
import { killHard } from '../support/child-app.testing';
import { pollReadiness, runDeviceStream, storageDiscrepancies, STORED_COPIES_SQL } from '../support/device-stream.testing';
import { startKafkaIngestStack, type KafkaIngestStack } from '../support/kafka-ingest-stack.testing';
import { waitFor } from '../support/http.testing';

/**
 * The batch consumer's faults over Kafka (issue 18): while six senders stream device readings through the gateway,
 * the ingest consumer is SIGKILLed holding a batch it has begun to write (its INSERT is held by a table lock the
 * test takes, so the kill lands between "rows sent" and "rows and offsets committed"), a poison request is produced
 * between two good ones of one partition while no consumer runs (so the restarted consumer fetches the three as one
 * batch), and then PostgreSQL is SIGKILLed once (its supervisor restarts it). Every acknowledged reading is stored
 * exactly once, the poison request alone is on the dead-letter topic, and its neighbours are stored.
 */
const access = writeTestTokens();
const PREFIX = 'batch-fault-p';
const NEIGHBOUR = `${PREFIX}n`;
let stack: KafkaIngestStack;

beforeAll(async () => void (stack = await startKafkaIngestStack(access.file)), 300_000);
afterAll(async () => stack?.stop(), 120_000);

/** The stream's rows stored so far, on a connection of its own (the database restarts under the test); -1 while it is down. */
async function stored(pattern = `${PREFIX}%`): Promise<number> {
  const c = new Client({ connectionString: stack.pg.url });
  c.on('error', () => undefined);
  try {
    await c.connect();
    return Number((await c.query('SELECT count(*) AS n FROM observations WHERE patient_id LIKE $1', [pattern])).rows[0].n);
  } catch {
    return -1;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** An IngestRequested as the gateway writes it: the device items of one patient, keyed by the patient. */
function deviceRequest(first: number, count: number): Buffer {
  const items = Array.from({ length: count }, (_, k) => ({
    patient_id: NEIGHBOUR,
    code: '99504-3',
    value: 100 + k,
    unit: 'mg/dL',
    time: new Date(Date.UTC(2026, 10, 1) + (first + k) * 300_000).toISOString(),
    event_id: `${NEIGHBOUR}-cgm-${first + k}`,
  }));
  return Buffer.from(
    encodeMessage(IngestRequestedSchema, {
      schemaVersion: SCHEMA_VERSION,
      requestId: `neighbour-${first}`,
      format: IngestRequested_Format.DEVICE_JSON,
      patientId: NEIGHBOUR,
      body: Buffer.from(JSON.stringify(items)),
      source: 'device',
      receivedTime: toTimestamp(new Date()),
    }),
  );
}

/** The topic's messages, once it holds at least `atLeast` (the dead letter may follow its neighbours' rows: wait). */
async function dlqMessages(topic: string, atLeast = 0): Promise<Buffer[]> {
  const client = new Kafka({ clientId: 'batch-fault-test', brokers: stack.kafka.brokers, logLevel: logLevel.NOTHING });
  const admin = client.admin();
  await admin.connect();
  const count = async (): Promise<number> => (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  const total = await waitFor(count, (n) => n >= atLeast, 60_000, 250);
  await admin.disconnect();
  if (total === 0) return [];
  const consumer = client.consumer({ groupId: `batch-fault-reader-${Date.now()}` });
  const values: Buffer[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void values.push(message.value ?? Buffer.alloc(0)) });
  await waitFor(async () => values.length, (n) => n >= total, 60_000, 100);
  await consumer.disconnect();
  return values;
}

describe('ingest batch consumer over Kafka through a consumer crash mid-batch, a poison request and a database restart', () => {
  it('should store every acknowledged reading exactly once and dead-letter only the poison request', async () => {
    // the consumer joins its group some seconds after the gateway is ready: start the stream once it stores, or the
    // stream can end before the first fault
    const warmUp = [{ patient_id: 'warm-up-1', code: '99504-3', value: 100, unit: 'mg/dL', time: '2026-11-01T00:00:00Z' }];
    const posted = await fetch(`${stack.url}/v1/ingest/observations`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${access.tokens.admin}` }, body: JSON.stringify(warmUp) });
    expect(posted.status).toBe(202);
    await waitFor(async () => (await stored('warm-up-%')) > 0, (ok) => ok, 180_000, 250);
    const readiness = pollReadiness(`${stack.url}/health/ready`);
    const poison = Buffer.from('not an IngestRequested \xff\xfe');
    const faults = (async () => {
      await waitFor(stored, (n) => n >= 300, 120_000, 100);
      // hold the consumer's next batch INSERT inside its transaction, then kill the consumer holding it
      const lock = new Client({ connectionString: stack.pg.url });
      await lock.connect();
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE observations IN SHARE ROW EXCLUSIVE MODE');
      // pg_stat_activity is a snapshot per transaction: watch from outside the lock's transaction
      const watch = new Client({ connectionString: stack.pg.url });
      await watch.connect();
      const waiting = async (): Promise<number> => Number((await watch.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO observations%'`)).rows[0].n);
      const held = await waitFor(waiting, (n) => n > 0, 60_000, 50);
      await watch.end();
      expect(held, 'the consumer\'s INSERT waits on the lock when it is killed').toBeGreaterThan(0);
      const consumerKilledAt = Date.now();
      await killHard(stack.ingest.proc);
      await lock.query('ROLLBACK');
      await lock.end();
      // good, poison, good on one partition, produced while no consumer runs: the restarted one fetches them together
      const producer = new Kafka({ clientId: 'batch-fault-producer', brokers: stack.kafka.brokers, logLevel: logLevel.NOTHING }).producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      await producer.send({ topic: Topics.ingestRequested, messages: [deviceRequest(0, 20), poison, deviceRequest(20, 20)].map((value) => ({ key: NEIGHBOUR, value })) });
      await producer.disconnect();
      stack.restartIngest();
      // then the database restarts once, while the stream still runs (its supervisor starts it again)
      const dbKilledAt = Date.now();
      stack.pg.kill();
      await waitFor(async () => readiness.seen.at(-1)?.status, (s) => s === 503, 30_000, 20);
      await waitFor(async () => readiness.seen.at(-1)?.status, (s) => s === 200, 120_000, 50);
      return { dbKilledAt, dbDownSeen: readiness.seen.some((r) => r.at >= dbKilledAt && r.status === 503), consumerKilledAt };
    })();
    const stream = await runDeviceStream({ url: stack.url, token: access.tokens.admin, senders: 6, readings: 12_000, batchSize: 20, everyMs: 100, patientPrefix: PREFIX });
    const streamEnded = Date.now();
    const f = await faults;
    await readiness.stop();
    // both faults struck while the stream was running
    expect(f.dbDownSeen).toBe(true);
    expect(f.dbKilledAt).toBeLessThan(streamEnded);
    expect(f.consumerKilledAt).toBeLessThan(streamEnded);

    const acknowledged = [...stream.acknowledged.values()].reduce((n, s) => n + s.size, 0);
    expect(acknowledged).toBe(12_000);
    // the neighbours: 40 readings of the directly produced requests, acknowledged by the broker
    for (let i = 0; i < 40; i++) {
      const set = stream.acknowledged.get(NEIGHBOUR) ?? new Set<string>();
      set.add(new Date(Date.UTC(2026, 10, 1) + i * 300_000).toISOString());
      stream.acknowledged.set(NEIGHBOUR, set);
    }
    expect(await waitFor(stored, (n) => n >= acknowledged + 40, 240_000, 500)).toBe(acknowledged + 40);
    const db = new Client({ connectionString: stack.pg.url });
    await db.connect();
    const { rows } = await db.query<{ patient_id: string; t: string; copies: string }>(STORED_COPIES_SQL, [`${PREFIX}%`]).finally(() => db.end());
    expect(storageDiscrepancies(stream.acknowledged, rows)).toEqual({ duplicated: [], missing: [], unexpected: [] });

    const letters = (await dlqMessages(deadLetterTopicOf(Topics.ingestRequested), 1)).map((v) => decodeMessage(DeadLetterSchema, v));
    expect(letters).toHaveLength(1);
    expect(Buffer.from(letters[0]!.originalValue).equals(poison)).toBe(true);
    expect(letters[0]!.errorCode).not.toBe('RETRIES_EXHAUSTED');
    expect(await dlqMessages(deadLetterTopicOf(Topics.observationRecorded))).toHaveLength(0);
  }, 600_000);
});
