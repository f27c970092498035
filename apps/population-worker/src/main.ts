import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@shuji/config';
import { listenForOps } from '@shuji/observability';
import { ALL_TOPICS, ConsumerGroups } from '@shuji/contracts';
import { createBusServer, ensureTopics } from '@shuji/messaging';
import { PopulationWorkerAppModule } from './population-worker-app.module';

/**
 * `npm run start:population-worker`: one stateless population worker (SHUJI_BUS=kafka, KAFKA_BROKERS,
 * DATABASE_URL). Start as many as there are partitions, on as many machines: they share the consumer groups.
 */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  if (config.SHUJI_BUS !== 'kafka') throw new Error('the population worker runs only with SHUJI_BUS=kafka; without Kafka jobs run in-process (npm start, npx shuji population)');
  await ensureTopics([...config.KAFKA_BROKERS], ALL_TOPICS, config.KAFKA_PARTITIONS);
  const app = await NestFactory.create(PopulationWorkerAppModule.forRoot(config), { bodyParser: false });
  for (const group of [ConsumerGroups.populationWorker, ConsumerGroups.populationAggregator]) {
    app.connectMicroservice({ strategy: createBusServer(config, group) }, { inheritAppConfig: false });
  }
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await listenForOps(app, config);
  new Logger('population-worker').log(`consuming as ${ConsumerGroups.populationWorker} and ${ConsumerGroups.populationAggregator} from ${config.KAFKA_BROKERS.join(',')}`);
}

bootstrap().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
