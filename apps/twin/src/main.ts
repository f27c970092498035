import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@shuji/config';
import { markReady, serveOpenApi } from '@shuji/observability';
import { ALL_TOPICS, ConsumerGroups } from '@shuji/contracts';
import { createBusServer, ensureTopics } from '@shuji/messaging';
import { TwinAppModule } from './twin-app.module';
import { hardenHttp } from '@shuji/access';

/** `npm run start:twin`: the twin service alone (SHUJI_BUS=kafka, KAFKA_BROKERS, DATABASE_URL, PORT). */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  if (config.SHUJI_BUS !== 'kafka') throw new Error('twin runs alone only with SHUJI_BUS=kafka; use `npm start` for the embedded platform');
  await ensureTopics([...config.KAFKA_BROKERS], ALL_TOPICS, config.KAFKA_PARTITIONS);
  const app = await NestFactory.create(TwinAppModule.forRoot(config));
  hardenHttp(app);
  serveOpenApi(app, 'Shuji twin');
  app.connectMicroservice({ strategy: createBusServer(config, ConsumerGroups.twin) }, { inheritAppConfig: false });
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.listen(config.PORT, config.HOST);
  markReady(app);
  new Logger('twin').log(`consuming as ${ConsumerGroups.twin} from ${config.KAFKA_BROKERS.join(',')}; twins on ${await app.getUrl()}/v1/twins/:patientId`);
}

bootstrap().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
