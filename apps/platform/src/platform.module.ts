import { join } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { AccessModule, rateLimitFromConfig, remoteOidcFromConfig, type DevIssuer, type TokenRegistry } from '@shuji/access';
import type { ShujiConfig } from '@shuji/config';
import { Topics } from '@shuji/contracts';
import { BUS_PROBE, onConsumerLag, MessagingModule } from '@shuji/messaging';
import { ObservabilityModule, type ReadinessState } from '@shuji/observability';
import { DATABASE_PROBE, PersistenceModule, type PersistenceConfig } from '@shuji/persistence';
import { gatewayBindings, GatewayModule } from '../../gateway/src/index';
import { IngestModule } from '../../ingest/src/index';
import { KnowledgeModule } from '../../knowledge/src/index';
import { PopulationJobsModule } from '../../population-worker/src/index';
import { RecommendModule } from '../../recommend/src/index';
import { TwinModule } from '../../twin/src/index';
import { DemoCgmStreamer } from './demo/demo-cgm.streamer';
import { DemoCohortLoader } from './demo/demo-cohort.loader';

/** Every app module in one process: gateway + ingest + twin + population jobs + recommend + knowledge over the in-process bus and one database. */
@Module({})
export class PlatformModule {
  static forRoot(config: ShujiConfig, persistence: PersistenceConfig, readiness: ReadinessState, tokens: TokenRegistry, devIssuer?: DevIssuer): DynamicModule {
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
        // access tokens of the configured issuer, else of the development issuer where it runs
        AccessModule.forRoot(tokens, rateLimitFromConfig(config), remoteOidcFromConfig(config) ?? devIssuer?.verifier()),
        ObservabilityModule.forRoot({ readiness, checks: { database: DATABASE_PROBE, bus: BUS_PROBE }, consumerLag: onConsumerLag }),
        GatewayModule.register(gatewayBindings(config), devIssuer),
        IngestModule,
        twins,
        RecommendModule.withSimulations(twins),
        KnowledgeModule,
        // population jobs: worker threads here (inprocess), or shards to the population workers (kafka)
        PopulationJobsModule.forRoot(config),
      ],
      providers: [DemoCohortLoader, DemoCgmStreamer],
    };
  }
}
