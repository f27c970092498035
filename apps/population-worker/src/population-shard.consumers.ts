import { Controller, Inject, UseFilters } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ConsumerGroups, Topics } from '@shuji/contracts';
import { BusErrorFilter, BusHandler } from '@shuji/messaging';
import { PopulationAggregatorService } from './population-aggregator.service';
import { ShardWorkerService } from './shard-worker.service';

/** Group shuji-population-worker: simulate each requested shard. */
@UseFilters(BusErrorFilter)
@Controller()
export class ShardRequestedConsumer {
  constructor(@Inject(ShardWorkerService) private readonly worker: ShardWorkerService) {}

  @BusHandler(Topics.populationShardRequested, { group: ConsumerGroups.populationWorker })
  async onShardRequested(@Payload() value: Buffer): Promise<void> {
    await this.worker.handle(value);
  }
}

/** Group shuji-population-aggregator: fold each completed shard into its job, once. */
@UseFilters(BusErrorFilter)
@Controller()
export class ShardCompletedConsumer {
  constructor(@Inject(PopulationAggregatorService) private readonly aggregator: PopulationAggregatorService) {}

  @BusHandler(Topics.populationShardCompleted, { group: ConsumerGroups.populationAggregator })
  async onShardCompleted(@Payload() value: Buffer): Promise<void> {
    await this.aggregator.foldMessage(value);
  }
}
