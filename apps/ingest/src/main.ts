import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@shuji/config';
import { listenForOps } from '@shuji/observability';
import { ALL_TOPICS, ConsumerGroups } from '@shuji/contracts';
import { createBusServer, ensureTopics } from '@shuji/messaging';
import { IngestAppModule } from './ingest-app.module';
import { hardenHttp } from '@shuji/access';

/** `npm run start:ingest`: the ingest consumer alone (SHUJI_BUS=kafka, KAFKA_BROKERS, DATABASE_URL). */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  if (config.SHUJI_BUS !== 'kafka') throw new Error('ingest runs alone only with SHUJI_BUS=kafka; use `npm start` for the embedded platform');
  await ensureTopics([...config.KAFKA_BROKERS], ALL_TOPICS, config.KAFKA_PARTITIONS);
  // an application (not a bare microservice) so one process can run both consumer groups; no HTTP listener
  const app = await NestFactory.create(IngestAppModule.forRoot(config), { bodyParser: false });
  hardenHttp(app);
  for (const group of [ConsumerGroups.ingest, ConsumerGroups.deadLetterArchiver]) {
    app.connectMicroservice({ strategy: createBusServer(config, group) }, { inheritAppConfig: false });
  }
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await listenForOps(app, config);
  new Logger('ingest').log(`consuming as ${ConsumerGroups.ingest} and ${ConsumerGroups.deadLetterArchiver} from ${config.KAFKA_BROKERS.join(',')}`);
}

bootstrap().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
