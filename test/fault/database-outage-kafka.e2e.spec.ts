import type { ChildProcess } from 'node:child_process';
import { ALL_TOPICS, deadLetterTopicOf, Topics } from '@shuji/contracts';
import { ensureTopics } from '@shuji/messaging';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startTestKafka, type TestKafka } from '@shuji/testing';
import { writeTestTokens } from '../support/access-tokens.testing';
import { kafkaAppEnv, spawnApp, stopGracefully } from '../support/child-app.testing';
import { pollReadiness, runDeviceStream, sleep, storageDiscrepancies, STORED_COPIES_SQL } from '../support/device-stream.testing';
import { startTestPostgres, type TestPostgres } from '../support/embedded-postgres.testing';
import { waitFor } from '../support/http.testing';

/**
 * The outage test over Kafka: gateway and ingest as their own processes, the apps as the least-privileged role, a
 * real broker, and a PostgreSQL that is SIGKILLed twice (its supervisor restarts it) while six senders stream 5,000
 * readings. Every acknowledged reading is stored exactly once and no dead letter is written.
 */
const access = writeTestTokens();
let kafka: TestKafka;
let pg: TestPostgres;
let db: Client;
let gateway: { proc: ChildProcess; output: () => string };
let ingest: { proc: ChildProcess; output: () => string };
let url: string;

beforeAll(async () => {
  [kafka, pg] = await Promise.all([startTestKafka(), freePort().then(startTestPostgres)]);
  await ensureTopics(kafka.brokers, ALL_TOPICS, 4);
  // a retry budget (3 attempts, 50 ms apart) far shorter than an outage: only waiting outages out keeps the readings
  const env = { ...kafkaAppEnv(kafka.brokers, pg.appUrl, access.file, pg.url), SHUJI_MAX_ATTEMPTS: '3', SHUJI_RETRY_BACKOFF_MS: '50' };
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  gateway = spawnApp('gateway', { ...env, PORT: String(port), HOST: '127.0.0.1' });
  ingest = spawnApp('ingest', env);
  await waitFor(async () => (await fetch(`${url}/health/ready`).catch(() => undefined))?.status, (s) => s === 200, 180_000, 250);
}, 300_000);

afterAll(async () => {
  await db?.end().catch(() => undefined);
  for (const app of [gateway, ingest]) if (app) await stopGracefully(app.proc);
  await Promise.all([kafka?.stop(), pg?.stop()]);
}, 120_000);

async function dlqDepth(): Promise<number> {
  const admin = new Kafka({ clientId: 'outage-test', brokers: kafka.brokers, logLevel: logLevel.NOTHING }).admin();
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
    const readiness = pollReadiness(`${url}/health/ready`);
    const outages: { killedAt: number; downSeen: boolean }[] = [];
    const chaos = (async () => {
      for (let i = 0; i < 2; i++) {
        await sleep(2_500);
        const killedAt = Date.now();
        pg.kill();
        await waitFor(async () => readiness.seen.at(-1)?.status, (s) => s === 503, 30_000, 20);
        await waitFor(async () => readiness.seen.at(-1)?.status, (s) => s === 200, 120_000, 50);
        outages.push({ killedAt, downSeen: readiness.seen.some((r) => r.at >= killedAt && r.status === 503) });
      }
    })();
    const stream = await runDeviceStream({ url, token: access.tokens.admin, senders: 6, readings: 5_000, batchSize: 10, everyMs: 120, patientPrefix: 'kafka-outage-p' });
    const streamEnded = Date.now();
    await chaos;
    await readiness.stop();

    expect(outages).toHaveLength(2);
    expect(outages.every((o) => o.downSeen && o.killedAt < streamEnded)).toBe(true);
    const acknowledged = [...stream.acknowledged.values()].reduce((n, s) => n + s.size, 0);
    expect(acknowledged).toBe(5_000);
    // the test's own connection, opened once the outages are over
    db = new Client({ connectionString: pg.url });
    await db.connect();
    const stored = async () => Number((await db.query(`SELECT count(*) AS n FROM observations WHERE patient_id LIKE 'kafka-outage-p%'`)).rows[0].n);
    expect(await waitFor(stored, (n) => n >= acknowledged, 180_000, 500)).toBe(acknowledged);
    const { rows } = await db.query<{ patient_id: string; t: string; copies: string }>(STORED_COPIES_SQL, ['kafka-outage-p%']);
    expect(storageDiscrepancies(stream.acknowledged, rows)).toEqual({ duplicated: [], missing: [], unexpected: [] });
    expect(Number((await db.query('SELECT count(*) AS n FROM dead_letters')).rows[0].n)).toBe(0);
    expect(await dlqDepth()).toBe(0);
  }, 600_000);
});
