import { Module, type DynamicModule } from '@nestjs/common';
import type { ShujiConfig } from '@shuji/config';
import { MessagingModule } from '@shuji/messaging';
import type { InferenceConfig } from './inference-config';
import { InferenceModule } from './inference.module';

/** The scale-out inference process: the bus (to publish ForecastPublished) and the foundation-model service. */
@Module({})
export class InferenceAppModule {
  static forRoot(config: ShujiConfig, inference: InferenceConfig): DynamicModule {
    return { module: InferenceAppModule, imports: [MessagingModule.forRoot(config), InferenceModule.forRoot(inference)] };
  }
}
