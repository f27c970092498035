import { Module } from '@nestjs/common';
import { PopulationAggregatorService } from './population-aggregator.service';
import { ShardCompletedConsumer, ShardRequestedConsumer } from './population-shard.consumers';
import { ShardWorkerService } from './shard-worker.service';

/** The shard worker (group shuji-population-worker) and the aggregator (group shuji-population-aggregator). Needs PersistenceModule and the bus. */
@Module({
  controllers: [ShardRequestedConsumer, ShardCompletedConsumer],
  providers: [ShardWorkerService, PopulationAggregatorService],
})
export class PopulationWorkerModule {}
