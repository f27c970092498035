import { Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AccessModule } from '@shuji/access';
import type { ShujiConfig } from '@shuji/config';
import { BUS_PROBE, onConsumerLag, MessagingModule, TransientHttpInterceptor } from '@shuji/messaging';
import { ObservabilityModule } from '@shuji/observability';
import { DATABASE_PROBE, loadPersistenceConfig, PersistenceModule, type PersistenceConfig } from '@shuji/persistence';
import { TwinModule, type TwinModuleOptions } from './twin.module';

/**
 * The scale-out twin process: consumer group shuji-twin, twin tables in PostgreSQL, the twin read API over HTTP.
 * `twin`: the twin's options other than storage (priors per person, filter settings, the FM directory).
 */
@Module({})
export class TwinAppModule {
  static forRoot(config: ShujiConfig, persistence: PersistenceConfig = loadPersistenceConfig(), twin: Omit<TwinModuleOptions, 'storage' | 'eventLog' | 'snapshots'> = {}): DynamicModule {
    return {
      module: TwinAppModule,
      imports: [MessagingModule.forRoot(config), PersistenceModule.forRoot(persistence), AccessModule.fromConfig(config), ObservabilityModule.forRoot({ checks: { database: DATABASE_PROBE, bus: BUS_PROBE }, consumerLag: onConsumerLag }), TwinModule.forRoot({ foundationModelDir: config.SHUJI_FM_MODEL_DIR, ...twin, storage: 'postgres' })],
      providers: [{ provide: APP_INTERCEPTOR, useClass: TransientHttpInterceptor }],
    };
  }
}
