/**
 * The twin app (apps/twin's TwinAppModule, group shuji-twin, PostgreSQL stores) as its own process for the
 * pipeline test, with what production would take from a patient registry injected instead: the prior of each
 * virtual patient is the shared UVA/Padova subject it was drawn around (SHUJI_TEST_TWIN_PRIORS: JSON
 * {patientId: subject name}), as the offline validation does. A short Kafka session timeout lets a restarted
 * process take the partitions of a killed one within seconds. The batch personalisation is off: where its
 * `parameter-prior` events land depends on when the process was killed, and the test compares the live twin with an
 * uninterrupted offline fold of the generated events (the offline validation runs the twin with it).
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@shuji/config';
import { ALL_TOPICS, ConsumerGroups } from '@shuji/contracts';
import { ensureTopics, retryPolicyFrom, ShujiKafkaServer } from '@shuji/messaging';
import { uvaPadovaSubjects } from '@shuji/models';
import { loadPersistenceConfig } from '@shuji/persistence';
import { TwinAppModule } from '../../apps/twin/src/index';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const subjectOf = new Map(Object.entries(JSON.parse(process.env['SHUJI_TEST_TWIN_PRIORS'] ?? '{}') as Record<string, string>));
  const parameters = new Map(uvaPadovaSubjects().map((s) => [s.name, s.parameters]));
  const priorOf = (patientId: string): Promise<Readonly<Record<string, number>>> => {
    const prior = parameters.get(subjectOf.get(patientId) ?? '');
    return prior === undefined ? Promise.reject(new Error(`no prior for ${patientId}`)) : Promise.resolve(prior);
  };
  await ensureTopics([...config.KAFKA_BROKERS], ALL_TOPICS, config.KAFKA_PARTITIONS);
  const app = await NestFactory.create(TwinAppModule.forRoot(config, loadPersistenceConfig(), { priorOf, foundationModelDir: null, batchPersonalisation: null }), { bodyParser: false, logger: ['error', 'warn'] });
  const server = new ShujiKafkaServer({
    brokers: [...config.KAFKA_BROKERS],
    clientId: `${config.KAFKA_CLIENT_ID}-${ConsumerGroups.twin}`,
    groupId: ConsumerGroups.twin,
    retry: retryPolicyFrom(config),
    sessionTimeoutMs: 10_000,
  });
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: false });
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.init();
  new Logger('twin').log(`consuming as ${ConsumerGroups.twin} for ${subjectOf.size} virtual patients`);
}

bootstrap().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
