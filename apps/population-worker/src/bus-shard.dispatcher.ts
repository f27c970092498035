import { encodeMessage, PopulationShardRequestedSchema, SCHEMA_VERSION, Topics } from '@shuji/contracts';
import type { EventPublisher } from '@shuji/messaging';
import type { PopulationScenario, ShardPlan } from '@shuji/population';
import type { ShardDispatcher } from './shard-dispatcher';
import { shardKey } from './shard-worker.service';

/** Publishes one PopulationShardRequested per shard (SHUJI_BUS=kafka): the population workers take them. */
export class BusShardDispatcher implements ShardDispatcher {
  readonly durable = true;

  constructor(private readonly publisher: EventPublisher) {}

  async dispatch(jobId: string, scenario: PopulationScenario, shards: readonly ShardPlan[]): Promise<void> {
    const scenarioJson = JSON.stringify(scenario);
    await this.publisher.publishMany(
      Topics.populationShardRequested,
      shards.map((shard) => ({
        key: shardKey(jobId, shard.index),
        value: encodeMessage(PopulationShardRequestedSchema, {
          schemaVersion: SCHEMA_VERSION,
          jobId,
          shardIndex: shard.index,
          shardCount: Math.ceil(scenario.cohort.size / scenario.shard_size),
          firstPerson: shard.firstPerson,
          personCount: shard.personCount,
          scenarioJson,
        }),
      })),
    );
  }

  cancel(): void {
    // the workers skip shards of a job that is no longer running
  }
}
