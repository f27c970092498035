import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { FoundationModel } from '@shuji/foundation-model';
import { ForecastController } from './forecast.controller';
import { FOUNDATION_MODEL, ForecastService } from './forecast.service';
import type { InferenceConfig } from './inference-config';
import { ObservationTimelineStore } from './observation-timeline.store';
import { InferenceEventsConsumer } from './inference-events.consumer';

/**
 * The foundation-model service: one ONNX session behind a micro-batcher, timelines, latest forecasts.
 * Needs the global MessagingModule (EventPublisher) to publish ForecastPublished.
 */
@Module({})
export class InferenceModule {
  static forRoot(config: InferenceConfig): DynamicModule {
    const logger = new Logger('foundation-model');
    return {
      module: InferenceModule,
      controllers: [InferenceEventsConsumer, ForecastController],
      providers: [
        ObservationTimelineStore,
        ForecastService,
        {
          provide: FOUNDATION_MODEL,
          useFactory: async (): Promise<FoundationModel> => {
            const model = await FoundationModel.load({
              modelDir: config.modelDir,
              provider: config.provider,
              intraOpNumThreads: config.threads,
              sessions: config.sessions,
              maxBatch: config.maxBatch,
              maxWaitMs: config.maxWaitMs,
              logger,
            });
            logger.log(`${model.name} on ${model.provider} (${config.sessions} session(s) × intra-op threads ${config.threads}, batch ≤ ${config.maxBatch}, wait ≤ ${config.maxWaitMs} ms)`);
            return model;
          },
        },
      ],
      exports: [ForecastService],
    };
  }
}
