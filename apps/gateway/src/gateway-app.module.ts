import { Module, type DynamicModule } from '@nestjs/common';
import { AccessModule } from '@shuji/access';
import type { ShujiConfig } from '@shuji/config';
import { DATABASE_PROBE, loadPersistenceConfig, PersistenceModule, type PersistenceConfig } from '@shuji/persistence';
import { GatewayModule } from './gateway.module';
import { gatewayBindings } from './persistence-bindings';
import { BUS_PROBE, onConsumerLag, MessagingModule } from '@shuji/messaging';
import { ObservabilityModule, type ReadinessState } from '@shuji/observability';

/** The scale-out gateway process: HTTP edge + Kafka producer + read access to the store. */
@Module({})
export class GatewayAppModule {
  static forRoot(config: ShujiConfig, readiness: ReadinessState, persistence: PersistenceConfig = loadPersistenceConfig()): DynamicModule {
    return {
      module: GatewayAppModule,
      imports: [
        MessagingModule.forRoot(config),
        PersistenceModule.forRoot(persistence),
        AccessModule.fromConfig(config),
        ObservabilityModule.forRoot({ readiness, checks: { database: DATABASE_PROBE, bus: BUS_PROBE }, consumerLag: onConsumerLag }),
        GatewayModule.register(gatewayBindings(config)),
      ],
    };
  }
}
