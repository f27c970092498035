import { join } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { AccessModule, type TokenRegistry } from '@shuji/access';
import type { ShujiConfig } from '@shuji/config';
import { MessagingModule } from '@shuji/messaging';
import { PersistenceModule, type PersistenceConfig } from '@shuji/persistence';
import { GatewayModule, READINESS, persistenceBindings, type ReadinessState } from '../../gateway/src/index';
import { IngestModule } from '../../ingest/src/index';
import { TwinModule } from '../../twin/src/index';
import { DemoCohortLoader } from './demo-cohort.loader';

/** Every app module in one process: gateway + ingest + twin over the in-process bus and one database. */
@Module({})
export class PlatformModule {
  static forRoot(config: ShujiConfig, persistence: PersistenceConfig, readiness: ReadinessState, tokens: TokenRegistry): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        // the in-process bus journals under the data dir so a crash loses no accepted message
        MessagingModule.forRoot(config, { journalDir: join(persistence.dataDir, 'bus') }),
        PersistenceModule.forRoot(persistence),
        AccessModule.forRoot(tokens),
        GatewayModule.register([...persistenceBindings, { provide: READINESS, useValue: readiness }]),
        IngestModule,
        TwinModule.forRoot({ storage: 'postgres', foundationModelDir: config.SHUJI_FM_MODEL_DIR }),
      ],
      providers: [DemoCohortLoader],
    };
  }
}
