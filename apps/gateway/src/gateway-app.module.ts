import { Module, type DynamicModule } from '@nestjs/common';
import type { ShujiConfig } from '@shuji/config';
import { MessagingModule } from '@shuji/messaging';
import { loadPersistenceConfig, PersistenceModule } from '@shuji/persistence';
import { READINESS } from './gateway.tokens';
import { GatewayModule } from './gateway.module';
import { persistenceBindings } from './persistence-bindings';
import { ReadinessState } from './readiness.state';

/** The scale-out gateway process: HTTP edge + Kafka producer + read access to the store. */
@Module({})
export class GatewayAppModule {
  static forRoot(config: ShujiConfig, readiness: ReadinessState): DynamicModule {
    return {
      module: GatewayAppModule,
      imports: [
        MessagingModule.forRoot(config),
        PersistenceModule.forRoot(loadPersistenceConfig()),
        GatewayModule.register([...persistenceBindings, { provide: READINESS, useValue: readiness }]),
      ],
    };
  }
}
