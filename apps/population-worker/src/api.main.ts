import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@shuji/config';
import { markReady, serveOpenApi } from '@shuji/observability';
import { ALL_TOPICS } from '@shuji/contracts';
import { ensureTopics } from '@shuji/messaging';
import { PopulationApiAppModule } from './population-api-app.module';

/**
 * `npm run start:population-api`: the population job API alone (SHUJI_BUS=kafka, KAFKA_BROKERS, DATABASE_URL,
 * PORT): publishes the shards of each job for the population workers. `npm start` serves the same API embedded.
 */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  if (config.SHUJI_BUS !== 'kafka') throw new Error('the population API runs alone only with SHUJI_BUS=kafka; use `npm start` for the embedded platform');
  await ensureTopics([...config.KAFKA_BROKERS], ALL_TOPICS, config.KAFKA_PARTITIONS);
  const app = await NestFactory.create<NestExpressApplication>(PopulationApiAppModule.forRoot(config), { bodyParser: false });
  app.useBodyParser('json', { limit: config.SHUJI_BODY_LIMIT });
  serveOpenApi(app, 'Shuji population API');
  app.enableShutdownHooks();
  await app.listen(config.PORT, config.HOST);
  markReady(app);
  new Logger('population-api').log(`listening on ${await app.getUrl()}`);
}

bootstrap().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
