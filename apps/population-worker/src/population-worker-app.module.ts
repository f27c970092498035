import { Module, type DynamicModule } from '@nestjs/common';
import type { ShujiConfig } from '@shuji/config';
import { BUS_PROBE, onConsumerLag, MessagingModule } from '@shuji/messaging';
import { accessForOps, ObservabilityModule } from '@shuji/observability';
import { DATABASE_PROBE, loadPersistenceConfig, PersistenceModule, type PersistenceConfig } from '@shuji/persistence';
import { PopulationWorkerModule } from './population-worker.module';

/** The scale-out population worker process: Kafka consumer groups for shards and results, PostgreSQL, producer. */
@Module({})
export class PopulationWorkerAppModule {
  static forRoot(config: ShujiConfig, persistence: PersistenceConfig = loadPersistenceConfig()): DynamicModule {
    return { module: PopulationWorkerAppModule, imports: [MessagingModule.forRoot(config), PersistenceModule.forRoot(persistence), ...accessForOps(config), ObservabilityModule.forRoot({ checks: { database: DATABASE_PROBE, bus: BUS_PROBE }, consumerLag: onConsumerLag }), PopulationWorkerModule] };
  }
}
