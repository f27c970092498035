import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { devIssuerFromConfig, hardenHttp, loadAccessFromConfig } from '@shuji/access';
import { loadConfig } from '@shuji/config';
import { ALL_TOPICS, ConsumerGroups } from '@shuji/contracts';
import { createBusServer, ensureTopics, InProcessBroker } from '@shuji/messaging';
import { loadPersistenceConfig } from '@shuji/persistence';
import { jsonBodyMiddleware } from '../../gateway/src/index';
import { ReadinessState, serveOpenApi } from '@shuji/observability';
import { DemoCgmStreamer } from './demo/demo-cgm.streamer';
import { DemoCohortLoader } from './demo/demo-cohort.loader';
import { PlatformModule } from './platform.module';

export interface RunningPlatform {
  readonly app: INestApplication;
  readonly url: string;
  /** Patient ids of the demo cohort (empty with SHUJI_DEMO=false). */
  readonly demoPatients: readonly string[];
  /** The demo's virtual T1D persons whose CGM streams live (empty with SHUJI_DEMO=false). */
  readonly demoLivePatients: readonly string[];
  /** Without SHUJI_ACCESS_TOKENS_FILE (development): the file holding the admin bearer token. */
  readonly devTokenFile?: string;
  close(): Promise<void>;
}

/**
 * The embedded all-in-one: HTTP gateway, ingest consumer, in-process bus (or Kafka when SHUJI_BUS=kafka)
 * and PostgreSQL (embedded under SHUJI_DATA_DIR unless DATABASE_URL is set), in one process.
 */
export async function startPlatform(env: Readonly<Record<string, string | undefined>> = process.env): Promise<RunningPlatform> {
  const config = loadConfig(env);
  const persistence = loadPersistenceConfig({ ...env, SHUJI_DATA_DIR: config.SHUJI_DATA_DIR });
  // before any topic or database: a development issuer asked for where it may not run stops the start here
  const devIssuer = await devIssuerFromConfig(config);
  if (config.SHUJI_BUS === 'kafka') await ensureTopics([...config.KAFKA_BROKERS], ALL_TOPICS, config.KAFKA_PARTITIONS);
  const access = loadAccessFromConfig(config);
  const readiness = new ReadinessState();
  const app = await NestFactory.create<NestExpressApplication>(PlatformModule.forRoot(config, persistence, readiness, access.registry, devIssuer), {
    bodyParser: false,
    logger: ['error', 'warn', 'log'],
  });
  app.use(jsonBodyMiddleware(config.SHUJI_BODY_LIMIT));
  hardenHttp(app);
  const dashboard = resolve(config.SHUJI_DASHBOARD_DIR);
  // the dashboard's files hold no personal data: the API's reads stay no-store, its static assets may be cached
  if (existsSync(join(dashboard, 'index.html'))) app.useStaticAssets(dashboard, { index: 'index.html', setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache') });
  else new Logger('shuji').warn(`no dashboard at ${dashboard} (npm run build:dashboard); the API is served alone`);
  serveOpenApi(app, 'Shuji platform');
  const broker = config.SHUJI_BUS === 'inprocess' ? app.get(InProcessBroker) : undefined;
  // consumers carry @UseFilters(BusErrorFilter) themselves: a connected microservice cannot take global filters
  for (const group of [ConsumerGroups.ingest, ConsumerGroups.twin, ConsumerGroups.deadLetterArchiver]) {
    app.connectMicroservice({ strategy: createBusServer(config, group, broker) }, { inheritAppConfig: false });
  }
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.listen(config.PORT, config.HOST);
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  const demoPatients = config.SHUJI_DEMO ? await app.get(DemoCohortLoader).loadIfEmpty() : [];
  const demoLivePatients = config.SHUJI_DEMO ? await app.get(DemoCgmStreamer).start() : [];
  readiness.markReady();
  return { app, url, demoPatients, demoLivePatients, ...(access.devTokenFile === undefined ? {} : { devTokenFile: access.devTokenFile }), close: () => app.close() };
}
