import type { ChildProcess } from 'node:child_process';
import { ALL_TOPICS } from '@shuji/contracts';
import { ensureTopics } from '@shuji/messaging';
import { freePort, startTestKafka, type TestKafka } from '@shuji/testing';
import { kafkaAppEnv, spawnApp, stopGracefully } from './child-app.testing';
import { startTestPostgres, type TestPostgres } from './embedded-postgres.testing';
import { waitFor } from './http.testing';

type App = { proc: ChildProcess; output: () => string };

/** A real broker and PostgreSQL with the gateway and the ingest consumer as processes of their own, ready. */
export interface KafkaIngestStack {
  readonly kafka: TestKafka;
  readonly pg: TestPostgres;
  /** The apps' environment (least-privileged role, 4 partitions). */
  readonly env: Record<string, string>;
  /** The gateway's base URL. */
  readonly url: string;
  readonly gateway: App;
  /** The ingest consumer; a test that kills it starts the next with `restartIngest`. */
  ingest: App;
  restartIngest(): void;
  stop(): Promise<void>;
}

export async function startKafkaIngestStack(accessTokensFile: string): Promise<KafkaIngestStack> {
  const [kafka, pg] = await Promise.all([startTestKafka(), freePort().then(startTestPostgres)]);
  await ensureTopics(kafka.brokers, ALL_TOPICS, 4);
  // a retry budget (3 attempts, 50 ms apart) far shorter than an outage: only waiting outages out keeps the readings
  const env = { ...kafkaAppEnv(kafka.brokers, pg.appUrl, accessTokensFile, pg.url), SHUJI_MAX_ATTEMPTS: '3', SHUJI_RETRY_BACKOFF_MS: '50' };
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const stack: KafkaIngestStack = {
    kafka,
    pg,
    env,
    url,
    gateway: spawnApp('gateway', { ...env, PORT: String(port), HOST: '127.0.0.1' }),
    ingest: spawnApp('ingest', env),
    restartIngest() {
      stack.ingest = spawnApp('ingest', env);
    },
    async stop() {
      for (const app of [stack.gateway, stack.ingest]) await stopGracefully(app.proc);
      await Promise.all([kafka.stop(), pg.stop()]);
    },
  };
  await waitFor(async () => (await fetch(`${url}/health/ready`).catch(() => undefined))?.status, (s) => s === 200, 180_000, 250);
  return stack;
}
