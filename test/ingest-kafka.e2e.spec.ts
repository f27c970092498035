import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@shuji/config';
import { ALL_TOPICS, DeadLetterSchema, decodeMessage, deadLetterTopicOf, encodeMessage, IngestRequested_Format, IngestRequestedSchema, toTimestamp, Topics } from '@shuji/contracts';
import { ensureTopics } from '@shuji/messaging';
import { loadPersistenceConfig } from '@shuji/persistence';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayAppModule, jsonBodyMiddleware, ReadinessState } from '../apps/gateway/src/index';
import { startTestKafka, type TestKafka } from '@shuji/testing';
import { kafkaAppEnv, killHard, spawnApp, stopGracefully } from './support/child-app.testing';
import { startTestPostgres } from './support/embedded-postgres.testing';
import { writeTestTokens } from './support/access-tokens.testing';
import { postJson, waitFor } from './support/http.testing';
import { expectedObservations, loadSyntheaBundles } from './support/synthea.fixtures';

const access = writeTestTokens();
const token = access.tokens.admin;

/**
 * End to end over a real Kafka broker (infra/kafka) and a real PostgreSQL (embedded-postgres):
 * HTTP gateway → shuji.ingest.requested.v1 → ingest consumer in its own OS process → observations table.
 */
const bundles = loadSyntheaBundles();
const expected = expectedObservations(bundles);

let kafka: TestKafka;
let pg: { url: string; stop(): Promise<void> };
let db: Client;
let gateway: NestExpressApplication;
let baseUrl: string;
let ingest: { proc: ChildProcess; output: () => string } | undefined;
let env: Record<string, string>;

async function storedCounts(): Promise<{ total: number; distinct: number }> {
  const { rows } = await db.query<{ total: string; distinct: string }>('SELECT count(*) AS total, count(DISTINCT event_id) AS distinct FROM observations');
  return { total: Number(rows[0]!.total), distinct: Number(rows[0]!.distinct) };
}

function startIngest(): void {
  ingest = spawnApp('ingest', env);
}

beforeAll(async () => {
  [kafka, pg] = await Promise.all([startTestKafka(), startTestPostgres()]);
  env = kafkaAppEnv(kafka.brokers, pg.url, access.file);
  const config = loadConfig(env);
  await ensureTopics([...config.KAFKA_BROKERS], ALL_TOPICS, config.KAFKA_PARTITIONS);
  gateway = await NestFactory.create<NestExpressApplication>(GatewayAppModule.forRoot(config, new ReadinessState(), loadPersistenceConfig(env)), {
    bodyParser: false,
    logger: ['error'],
  });
  gateway.use(jsonBodyMiddleware(config.SHUJI_BODY_LIMIT));
  await gateway.listen(0, '127.0.0.1');
  baseUrl = (await gateway.getUrl()).replace('[::1]', '127.0.0.1');
  db = new Client({ connectionString: pg.url });
  await db.connect();
}, 300_000);

afterAll(async () => {
  if (ingest) await stopGracefully(ingest.proc);
  await gateway?.close();
  await db?.end();
  await Promise.all([kafka?.stop(), pg?.stop()]);
}, 120_000);

describe('ingest over Kafka and PostgreSQL', () => {
  it('should store every Synthea Observation exactly once when the ingest process is killed mid-stream and restarted', async () => {
    expect(bundles).toHaveLength(20);
    // the first half is accepted while no consumer runs: it waits in Kafka
    for (const b of bundles.slice(0, 10)) expect((await postJson(`${baseUrl}/fhir`, b.json, 'application/fhir+json', token)).status).toBe(200);
    startIngest();
    const atKill = await waitFor(storedCounts, (c) => c.total > 0, 90_000, 20);
    await killHard(ingest!.proc);
    expect(atKill.total).toBeGreaterThan(0);
    expect(atKill.total).toBeLessThan(expected.size);
    // the second half arrives while the consumer is down
    for (const b of bundles.slice(10)) expect((await postJson(`${baseUrl}/fhir`, b.json, 'application/fhir+json', token)).status).toBe(200);
    startIngest();
    const done = await waitFor(storedCounts, (c) => c.total >= expected.size, 120_000);
    expect(done).toEqual({ total: expected.size, distinct: expected.size });
    const { rows } = await db.query<{ event_id: string }>('SELECT event_id FROM observations');
    expect(new Set(rows.map((r) => r.event_id))).toEqual(new Set(expected.keys()));
    // every Observation resource of the bundles is represented (panels by their components)
    const { rows: sources } = await db.query<{ source_resource: string }>('SELECT DISTINCT source_resource FROM observations');
    const stored = new Set(sources.map((s) => s.source_resource.split('/')[1]));
    const missing = bundles.flatMap((b) => b.observationIds).filter((id) => !stored.has(id));
    expect(missing).toEqual([]);
  }, 300_000);

  it('should store a bundle posted twice once', async () => {
    const before = await storedCounts();
    const b = bundles[3]!;
    expect((await postJson(`${baseUrl}/fhir`, b.json, 'application/fhir+json', token)).status).toBe(200);
    expect((await postJson(`${baseUrl}/fhir`, b.json, 'application/fhir+json', token)).status).toBe(200);
    // a sentinel for the same patient is keyed to the same partition, so it is consumed after both copies
    const patientId = [...expected.values()].find((o) => b.observationIds.some((id) => o.sourceResource?.includes(id)))!.patientId;
    const sentinel = [{ patient_id: patientId, code: '8867-4', value: 61, unit: '/min', time: '2026-01-01T00:00:00Z', event_id: `sentinel-${Date.now()}` }];
    expect((await postJson(`${baseUrl}/v1/ingest/observations`, sentinel, 'application/json', token)).status).toBe(202);
    const after = await waitFor(storedCounts, (c) => c.total > before.total, 60_000);
    expect(after).toEqual({ total: before.total + 1, distinct: before.total + 1 });
  }, 120_000);

  describe('dead letters', () => {
    let producer: Producer;
    let consumer: Consumer;
    const dead: { reason: string; errorCode: string; attempts: number; requestId: string }[] = [];

    beforeAll(async () => {
      const client = new Kafka({ clientId: 'e2e', brokers: kafka.brokers, logLevel: logLevel.ERROR });
      producer = client.producer();
      consumer = client.consumer({ groupId: `e2e-dlq-${Date.now()}` });
      await Promise.all([producer.connect(), consumer.connect()]);
      await consumer.subscribe({ topic: deadLetterTopicOf(Topics.ingestRequested), fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const d = decodeMessage(DeadLetterSchema, message.value!);
          let requestId: string;
          try {
            requestId = decodeMessage(IngestRequestedSchema, d.originalValue).requestId;
          } catch {
            requestId = Buffer.from(d.originalValue).toString('utf8');
          }
          dead.push({ reason: d.reason, errorCode: d.errorCode, attempts: d.attempts, requestId });
        },
      });
    }, 60_000);

    afterAll(async () => {
      await Promise.all([producer?.disconnect(), consumer?.disconnect()]);
    });

    it('should dead-letter bytes that are not an IngestRequested with the decode error', async () => {
      await producer.send({ topic: Topics.ingestRequested, messages: [{ key: 'garbage', value: Buffer.from('garbage-bytes-\xff') }] });
      const got = await waitFor(async () => dead.filter((d) => d.requestId.startsWith('garbage')), (d) => d.length > 0, 60_000);
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({ errorCode: 'DECODE_FAILED', attempts: 1 });
      expect(got[0]!.reason).toMatch(/not an IngestRequested/);
    }, 90_000);

    it('should dead-letter an event whose FHIR body is invalid, naming the failing path', async () => {
      const value = encodeMessage(IngestRequestedSchema, {
        schemaVersion: 1,
        requestId: 'bad-fhir-1',
        format: IngestRequested_Format.FHIR_OBSERVATION,
        patientId: 'p-x',
        body: Buffer.from(JSON.stringify({ resourceType: 'Observation', status: 'final', subject: { reference: 'Patient/p-x' } })),
        source: 'e2e',
        receivedTime: toTimestamp(new Date()),
      });
      await producer.send({ topic: Topics.ingestRequested, messages: [{ key: 'p-x', value }] });
      const got = await waitFor(async () => dead.filter((d) => d.requestId === 'bad-fhir-1'), (d) => d.length > 0, 60_000);
      expect(got[0]).toMatchObject({ errorCode: 'INVALID_FHIR', attempts: 1 });
      expect(got[0]!.reason).toMatch(/Observation\.code/);
    }, 90_000);

    it('should dead-letter an event of an unsupported schema version', async () => {
      const value = encodeMessage(IngestRequestedSchema, { schemaVersion: 99, requestId: 'future-1', format: IngestRequested_Format.DEVICE_JSON, body: Buffer.from('[]') });
      await producer.send({ topic: Topics.ingestRequested, messages: [{ key: 'future', value }] });
      const got = await waitFor(async () => dead.filter((d) => d.requestId === 'future-1'), (d) => d.length > 0, 60_000);
      expect(got[0]).toMatchObject({ errorCode: 'SCHEMA_VERSION', attempts: 1 });
    }, 90_000);

    it('should archive every dead letter in the dead_letters table with its reason', async () => {
      const rows = await waitFor(
        async () => (await db.query<{ error_code: string; reason: string; topic: string }>('SELECT error_code, reason, topic FROM dead_letters')).rows,
        (r) => r.length >= 3,
        60_000,
      );
      expect(rows.map((r) => r.error_code).sort()).toEqual(['DECODE_FAILED', 'INVALID_FHIR', 'SCHEMA_VERSION']);
      for (const r of rows) {
        expect(r.topic).toBe(Topics.ingestRequested);
        expect(r.reason.length).toBeGreaterThan(10);
      }
    }, 90_000);
  });
});
