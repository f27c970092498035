import { Module, type DynamicModule } from '@nestjs/common';
import type { ShujiConfig } from '@shuji/config';
import { BUS_PROBE, onConsumerLag, MessagingModule } from '@shuji/messaging';
import { accessForOps, ObservabilityModule } from '@shuji/observability';
import { DATABASE_PROBE, loadPersistenceConfig, PersistenceModule, type PersistenceConfig } from '@shuji/persistence';
import { IngestModule } from './ingest.module';

/** The scale-out ingest process: Kafka consumer group shuji-ingest + store + producer of canonical events. */
@Module({})
export class IngestAppModule {
  static forRoot(config: ShujiConfig, persistence: PersistenceConfig = loadPersistenceConfig()): DynamicModule {
    return { module: IngestAppModule, imports: [MessagingModule.forRoot(config), PersistenceModule.forRoot(persistence), ...accessForOps(config), ObservabilityModule.forRoot({ checks: { database: DATABASE_PROBE, bus: BUS_PROBE }, consumerLag: onConsumerLag }), IngestModule] };
  }
}
