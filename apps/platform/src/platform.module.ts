import { join } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { AccessModule, rateLimitFromConfig, type TokenRegistry } from '@shuji/access';
import type { ShujiConfig } from '@shuji/config';
import { Topics } from '@shuji/contracts';
import { MessagingModule } from '@shuji/messaging';
import { PersistenceModule, type PersistenceConfig } from '@shuji/persistence';
import { gatewayBindings, GatewayModule, type ReadinessState } from '../../gateway/src/index';
import { IngestModule } from '../../ingest/src/index';
import { PopulationJobsModule } from '../../population-worker/src/index';
import { RecommendModule } from '../../recommend/src/index';
import { TwinModule } from '../../twin/src/index';
import { DemoCgmStreamer } from './demo/demo-cgm.streamer';
import { DemoCohortLoader } from './demo/demo-cohort.loader';

/** Every app module in one process: gateway + ingest + twin + population jobs + recommend over the in-process bus and one database. */
@Module({})
export class PlatformModule {
  static forRoot(config: ShujiConfig, persistence: PersistenceConfig, readiness: ReadinessState, tokens: TokenRegistry): DynamicModule {
    // one TwinModule: the recommend app's simulations read the twins this one holds
    const twins = TwinModule.forRoot({ storage: 'postgres', foundationModelDir: config.SHUJI_FM_MODEL_DIR });
    return {
      module: PlatformModule,
      imports: [
        // the in-process bus journals under the data dir so a crash loses no accepted message
        MessagingModule.forRoot(config, {
          journalDir: join(persistence.dataDir, 'bus'),
          // published here, read only by the inference service of a Kafka deployment
          unreadTopics: [Topics.twinUpdated, Topics.forecastPublished],
        }),
        PersistenceModule.forRoot(persistence),
        AccessModule.forRoot(tokens, rateLimitFromConfig(config)),
        GatewayModule.register(gatewayBindings(config, readiness)),
        IngestModule,
        twins,
        RecommendModule.withSimulations(twins),
        // population jobs: worker threads here (inprocess), or shards to the population workers (kafka)
        PopulationJobsModule.forRoot(config),
      ],
      providers: [DemoCohortLoader, DemoCgmStreamer],
    };
  }
}
