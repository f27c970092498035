/**
 * The twin pipeline of the Kafka e2e tests, up to the processes the test starts and kills itself: a test Kafka broker and
 * PostgreSQL, every topic, the gateway in this process (HTTP on 127.0.0.1), a client of the database, and a consumer of
 * TwinUpdated that hands each update to the test. The ingest and twin apps are the test's child processes (`env`).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@shuji/config';
import { ALL_TOPICS, decodeMessage, Topics, TwinUpdatedSchema, type TwinUpdated } from '@shuji/contracts';
import { ensureTopics } from '@shuji/messaging';
import { loadPersistenceConfig, TwinEventRepository, TwinSnapshotRepository } from '@shuji/persistence';
import { TwinService, type TwinComponentFactory, type TwinEvent } from '@shuji/twin';
import type { DataSource } from 'typeorm';
import { startTestKafka } from '@shuji/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { GatewayAppModule, jsonBodyMiddleware, ReadinessState } from '../../apps/gateway/src/index';
import { kafkaAppEnv } from './child-app.testing';
import { startTestPostgres } from './embedded-postgres.testing';
import { waitFor } from './http.testing';

export interface TwinPipeline {
  /** The environment of the app processes (Kafka bus, the test database, the token file, the extra variables). */
  readonly env: Record<string, string>;
  readonly baseUrl: string;
  readonly db: Client;
  readonly brokers: readonly string[];
  stop(): Promise<void>;
}

export async function startTwinPipeline(accessTokensFile: string, extraEnv: Record<string, string>, onTwinUpdated: (update: TwinUpdated) => void): Promise<TwinPipeline> {
  const [kafka, pg] = await Promise.all([startTestKafka(), startTestPostgres()]);
  const env = { ...kafkaAppEnv(kafka.brokers, pg.url, accessTokensFile), ...extraEnv };
  const config = loadConfig(env);
  await ensureTopics([...config.KAFKA_BROKERS], ALL_TOPICS, config.KAFKA_PARTITIONS);
  const gateway = await NestFactory.create<NestExpressApplication>(GatewayAppModule.forRoot(config, new ReadinessState(), loadPersistenceConfig(env)), { bodyParser: false, logger: ['error'] });
  gateway.use(jsonBodyMiddleware(config.SHUJI_BODY_LIMIT));
  await gateway.listen(0, '127.0.0.1');
  const baseUrl = (await gateway.getUrl()).replace('[::1]', '127.0.0.1');
  const db = new Client({ connectionString: pg.url });
  await db.connect();
  const collector = new Kafka({ clientId: 'e2e-twin-updated', brokers: kafka.brokers, logLevel: logLevel.ERROR }).consumer({ groupId: `e2e-twin-updated-${Date.now()}` });
  await collector.connect();
  await collector.subscribe({ topic: Topics.twinUpdated, fromBeginning: true });
  await collector.run({ eachMessage: async ({ message }) => onTwinUpdated(decodeMessage(TwinUpdatedSchema, message.value!)) });
  return {
    env,
    baseUrl,
    db,
    brokers: kafka.brokers,
    stop: async () => {
      await collector.disconnect();
      await gateway.close();
      await db.end();
      await Promise.all([kafka.stop(), pg.stop()]);
    },
  };
}

/** A stream posted window by window, the twin process killed while two windows are in flight. */
export interface KilledStream {
  readonly windows: number;
  /** The twin dies while windows killAt and killAt + 1 are in flight; the next two arrive while it is down. */
  readonly killAt: number;
  post(window: number): Promise<void>;
  /** Waits until the twin's log holds every event before the end of the window. */
  awaitWindow(window: number): Promise<void>;
  /** Events in the twin's log, and generated, before the start of a window. */
  storedBefore(window: number): Promise<number>;
  expectedBefore(window: number): number;
  kill(): Promise<void>;
  restart(): void;
}

/** Posts every window (each after the one before is in the log), killing and restarting the twin as `stream` says. */
export async function streamKillingTwin(stream: KilledStream, stepTimeoutMs: number): Promise<{ storedAtKill: number; expectedAtKill: number }> {
  let storedAtKill = 0;
  let expectedAtKill = 0;
  for (let w = 0; w < stream.windows; w++) {
    if (w === stream.killAt) {
      await stream.post(w);
      await stream.post(w + 1);
      const before = await stream.storedBefore(w + 2);
      storedAtKill = await waitFor(() => stream.storedBefore(w + 2), (n) => n > before, stepTimeoutMs, 10);
      await stream.kill();
      expectedAtKill = stream.expectedBefore(w + 2);
      // two more windows arrive while no twin runs: they wait in Kafka
      await stream.post(w + 2);
      await stream.post(w + 3);
      stream.restart();
      w += 3;
      continue;
    }
    await stream.post(w);
    if (w > 0) await stream.awaitWindow(w - 1);
  }
  await stream.awaitWindow(stream.windows - 1);
  return { storedAtKill, expectedAtKill };
}

/** A person's stored twin log in the twin's own order (time, then event id byte-wise). */
export async function storedTwinLog(db: Client, patientId: string): Promise<TwinEvent[]> {
  const { rows } = await db.query<{ body: TwinEvent }>('SELECT body FROM twin_events WHERE patient_id = $1 ORDER BY time_ms, event_id COLLATE "C"', [patientId]);
  return rows.map((r) => r.body);
}

/** A TwinService over the test database's snapshots and log, as a restarted twin process restores them. */
export function twinServiceOver(db: Client, factory: TwinComponentFactory): TwinService {
  const dataSource = { query: async (sql: string, params?: unknown[]) => (await db.query(sql, params)).rows } as unknown as DataSource;
  return new TwinService(new TwinEventRepository<TwinEvent>(dataSource), new TwinSnapshotRepository(dataSource), factory);
}
