import { Module, type DynamicModule } from '@nestjs/common';
import type { ShujiConfig } from '@shuji/config';
import { MessagingModule } from '@shuji/messaging';
import { loadPersistenceConfig, PersistenceModule } from '@shuji/persistence';
import { IngestModule } from './ingest.module';

/** The scale-out ingest process: Kafka consumer group shuji-ingest + store + producer of canonical events. */
@Module({})
export class IngestAppModule {
  static forRoot(config: ShujiConfig): DynamicModule {
    return { module: IngestAppModule, imports: [MessagingModule.forRoot(config), PersistenceModule.forRoot(loadPersistenceConfig()), IngestModule] };
  }
}
