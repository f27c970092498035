import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@shuji/config';
import { ALL_TOPICS } from '@shuji/contracts';
import { ensureTopics } from '@shuji/messaging';
import { GatewayAppModule } from './gateway-app.module';
import { jsonBodyMiddleware } from './http-body.middleware';
import { ReadinessState, serveOpenApi } from '@shuji/observability';
import { hardenHttp } from '@shuji/access';

/** `npm run start:gateway`: the HTTP edge alone, publishing to Kafka (SHUJI_BUS=kafka, KAFKA_BROKERS, DATABASE_URL). */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  if (config.SHUJI_BUS !== 'kafka') throw new Error('the gateway runs alone only with SHUJI_BUS=kafka; use `npm start` for the embedded platform');
  await ensureTopics([...config.KAFKA_BROKERS], ALL_TOPICS, config.KAFKA_PARTITIONS);
  const readiness = new ReadinessState();
  const app = await NestFactory.create<NestExpressApplication>(GatewayAppModule.forRoot(config, readiness), { bodyParser: false });
  app.use(jsonBodyMiddleware(config.SHUJI_BODY_LIMIT));
  hardenHttp(app);
  serveOpenApi(app, 'Shuji gateway');
  app.enableShutdownHooks();
  await app.listen(config.PORT, config.HOST);
  readiness.markReady();
  new Logger('gateway').log(`listening on ${await app.getUrl()}`);
}

bootstrap().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
