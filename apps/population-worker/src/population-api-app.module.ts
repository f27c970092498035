import { Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AccessModule } from '@shuji/access';
import type { ShujiConfig } from '@shuji/config';
import { BUS_PROBE, onConsumerLag, MessagingModule, TransientHttpInterceptor } from '@shuji/messaging';
import { ObservabilityModule } from '@shuji/observability';
import { DATABASE_PROBE, loadPersistenceConfig, PersistenceModule, type PersistenceConfig } from '@shuji/persistence';
import { PopulationJobsModule } from './population-jobs.module';

/** The scale-out population job API process: HTTP, the Kafka producer of shards, the jobs in PostgreSQL. */
@Module({})
export class PopulationApiAppModule {
  static forRoot(config: ShujiConfig, persistence: PersistenceConfig = loadPersistenceConfig()): DynamicModule {
    return {
      module: PopulationApiAppModule,
      imports: [MessagingModule.forRoot(config), PersistenceModule.forRoot(persistence), AccessModule.fromConfig(config), ObservabilityModule.forRoot({ checks: { database: DATABASE_PROBE, bus: BUS_PROBE }, consumerLag: onConsumerLag }), PopulationJobsModule.forRoot(config)],
      // an outage of the database or the bus, and a dispatch the bus refused: 503 with Retry-After
      providers: [{ provide: APP_INTERCEPTOR, useClass: TransientHttpInterceptor }],
    };
  }
}
