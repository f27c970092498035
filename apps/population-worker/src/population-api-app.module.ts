import { Module, type DynamicModule } from '@nestjs/common';
import { AccessModule, tokenRegistryFromConfig } from '@shuji/access';
import type { ShujiConfig } from '@shuji/config';
import { MessagingModule } from '@shuji/messaging';
import { loadPersistenceConfig, PersistenceModule, type PersistenceConfig } from '@shuji/persistence';
import { PopulationJobsModule } from './population-jobs.module';

/** The scale-out population job API process: HTTP, the Kafka producer of shards, the jobs in PostgreSQL. */
@Module({})
export class PopulationApiAppModule {
  static forRoot(config: ShujiConfig, persistence: PersistenceConfig = loadPersistenceConfig()): DynamicModule {
    return {
      module: PopulationApiAppModule,
      imports: [MessagingModule.forRoot(config), PersistenceModule.forRoot(persistence), AccessModule.forRoot(tokenRegistryFromConfig(config)), PopulationJobsModule.forRoot(config)],
    };
  }
}
