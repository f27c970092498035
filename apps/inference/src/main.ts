import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { AccessModule, hardenHttp } from '@shuji/access';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@shuji/config';
import { ALL_TOPICS, ConsumerGroups } from '@shuji/contracts';
import { BUS_PROBE, onConsumerLag, createBusServer, ensureTopics } from '@shuji/messaging';
import { markReady, ObservabilityModule, serveOpenApi } from '@shuji/observability';
import { inferenceConfigFrom } from './inference-config';
import { InferenceAppModule } from './inference-app.module';

/**
 * `npm run start:inference`: consumes ObservationRecorded and TwinUpdated as group shuji-inference (SHUJI_BUS=kafka,
 * KAFKA_BROKERS), publishes ForecastPublished and serves GET /forecasts/:patientId on SHUJI_INFERENCE_PORT.
 */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const inference = inferenceConfigFrom(config);
  if (config.SHUJI_BUS !== 'kafka') throw new Error('inference runs alone only with SHUJI_BUS=kafka');
  await ensureTopics([...config.KAFKA_BROKERS], ALL_TOPICS, config.KAFKA_PARTITIONS);
  @Module({ imports: [AccessModule.fromConfig(config), ObservabilityModule.forRoot({ checks: { bus: BUS_PROBE }, consumerLag: onConsumerLag }), InferenceAppModule.forRoot(config, inference)] })
  class InferenceMain {}
  const app = await NestFactory.create(InferenceMain);
  hardenHttp(app);
  serveOpenApi(app, 'Shuji inference');
  app.connectMicroservice({ strategy: createBusServer(config, ConsumerGroups.inference) });
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.listen(inference.port);
  markReady(app);
  new Logger('inference').log(`consuming as group ${ConsumerGroups.inference}; forecasts on :${inference.port}/forecasts/:patientId`);
}

bootstrap().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
