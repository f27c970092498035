import { Module, type DynamicModule } from '@nestjs/common';
import { AccessModule } from '@shuji/access';
import type { ShujiConfig } from '@shuji/config';
import { BUS_PROBE, onConsumerLag, MessagingModule } from '@shuji/messaging';
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
    };
  }
}
