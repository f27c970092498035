import { Module, type DynamicModule } from '@nestjs/common';
import type { ShujiConfig } from '@shuji/config';
import { EventPublisher } from '@shuji/messaging';
import { PopulationJobRepository } from '@shuji/persistence';
import { BusShardDispatcher } from './bus-shard.dispatcher';
import { PopulationAggregatorService } from './population-aggregator.service';
import { PopulationJobsController } from './population-jobs.controller';
import { PopulationJobsService } from './population-jobs.service';
import { SHARD_DISPATCHER } from './shard-dispatcher';
import { ThreadShardDispatcher } from './thread-shard.dispatcher';

/**
 * The job API (POST/GET /v1/population/jobs…). SHUJI_BUS=kafka: shards go to the population workers;
 * inprocess: they run on this process's worker threads. Needs PersistenceModule, AccessModule and the bus.
 */
@Module({})
export class PopulationJobsModule {
  static forRoot(config: Pick<ShujiConfig, 'SHUJI_BUS' | 'SHUJI_POPULATION_THREADS'>): DynamicModule {
    return {
      module: PopulationJobsModule,
      controllers: [PopulationJobsController],
      providers: [
        PopulationJobsService,
        PopulationAggregatorService,
        config.SHUJI_BUS === 'kafka'
          ? { provide: SHARD_DISPATCHER, useFactory: (publisher: EventPublisher) => new BusShardDispatcher(publisher), inject: [EventPublisher] }
          : {
              provide: SHARD_DISPATCHER,
              useFactory: (aggregator: PopulationAggregatorService, jobs: PopulationJobRepository) => new ThreadShardDispatcher(aggregator, jobs, config.SHUJI_POPULATION_THREADS),
              inject: [PopulationAggregatorService, PopulationJobRepository],
            },
      ],
      exports: [PopulationJobsService, SHARD_DISPATCHER],
    };
  }
}
