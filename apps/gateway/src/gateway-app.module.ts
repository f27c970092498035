import { Module, type DynamicModule } from '@nestjs/common';
import { AccessModule, rateLimitFromConfig, tokenRegistryFromConfig } from '@shuji/access';
import type { ShujiConfig } from '@shuji/config';
import { MessagingModule } from '@shuji/messaging';
import { loadPersistenceConfig, PersistenceModule, type PersistenceConfig } from '@shuji/persistence';
import { GatewayModule } from './gateway.module';
import { gatewayBindings } from './persistence-bindings';
import { ReadinessState } from './readiness.state';

/** The scale-out gateway process: HTTP edge + Kafka producer + read access to the store. */
@Module({})
export class GatewayAppModule {
  static forRoot(config: ShujiConfig, readiness: ReadinessState, persistence: PersistenceConfig = loadPersistenceConfig()): DynamicModule {
    return {
      module: GatewayAppModule,
      imports: [
        MessagingModule.forRoot(config),
        PersistenceModule.forRoot(persistence),
        AccessModule.forRoot(tokenRegistryFromConfig(config), rateLimitFromConfig(config)),
        GatewayModule.register(gatewayBindings(config, readiness)),
      ],
    };
  }
}
