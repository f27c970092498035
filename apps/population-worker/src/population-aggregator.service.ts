import { Inject, Injectable } from '@nestjs/common';
import { PopulationShardCompletedSchema } from '@shuji/contracts';
import { decodeVersioned } from '@shuji/messaging';
import { PopulationJobRepository, type PopulationShardRow, type ShardFold } from '@shuji/persistence';
import { createProgram, parsePopulationScenario, summarisePopulation, type PopulationResult } from '@shuji/population';

/** A job's result from its stored shards: the same function whatever simulated them (threads or Kafka workers). */
export function summariseStoredShards(scenarioJson: unknown, shards: readonly PopulationShardRow[]): PopulationResult {
  const scenario = parsePopulationScenario(scenarioJson);
  const sums = shards.map((s) => ({ index: s.shardIndex, persons: s.persons, failed: s.failed, personDays: s.personDays, sums: s.sums }));
  return summarisePopulation(scenario, createProgram(scenario), sums, Math.max(shards.length, ...shards.map((s) => s.shardIndex + 1)));
}

/** The aggregator: folds each shard's sums into PostgreSQL exactly once (PopulationJobRepository.foldShard). */
@Injectable()
export class PopulationAggregatorService {
  constructor(@Inject(PopulationJobRepository) private readonly jobs: PopulationJobRepository) {}

  fold(shard: PopulationShardRow): Promise<ShardFold> {
    return this.jobs.foldShard(shard, summariseStoredShards);
  }

  /** A PopulationShardCompleted message from a worker. */
  async foldMessage(value: Buffer): Promise<ShardFold> {
    const message = decodeVersioned(PopulationShardCompletedSchema, value);
    return this.fold({
      jobId: message.jobId,
      shardIndex: message.shardIndex,
      persons: message.persons,
      failed: message.failed,
      personDays: message.personDays,
      simulateMs: message.simulateMs,
      workerId: message.workerId,
      sums: Float64Array.from(message.sums),
    });
  }
}
