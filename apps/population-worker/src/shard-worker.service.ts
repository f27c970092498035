import { hostname } from 'node:os';
import { Inject, Injectable } from '@nestjs/common';
import { encodeMessage, PopulationShardCompletedSchema, PopulationShardRequestedSchema, SCHEMA_VERSION, Topics } from '@shuji/contracts';
import { decodeVersioned, EventPublisher, UnprocessableMessageError } from '@shuji/messaging';
import { PopulationJobRepository } from '@shuji/persistence';
import { createProgram, parsePopulationScenario, PopulationScenarioError, simulateShardYielding } from '@shuji/population';

/** The partition key of a shard's messages: its request and its result land on the same partition. */
export const shardKey = (jobId: string, shardIndex: number): string => `${jobId}/${shardIndex}`;

/**
 * A stateless worker: simulates a requested shard and publishes its sums. It skips a shard already stored or
 * of a job no longer running (cancelled), so a redelivered shard costs a lookup, not a simulation. Whatever it
 * publishes twice (killed after publishing, before committing) the aggregator counts once.
 */
@Injectable()
export class ShardWorkerService {
  readonly workerId = `${hostname()}-${process.pid}`;

  constructor(
    @Inject(PopulationJobRepository) private readonly jobs: PopulationJobRepository,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
  ) {}

  async handle(value: Buffer): Promise<'simulated' | 'skipped'> {
    const request = decodeVersioned(PopulationShardRequestedSchema, value);
    if (!(await this.jobs.shardPending(request.jobId, request.shardIndex))) return 'skipped';
    let scenario;
    try {
      scenario = parsePopulationScenario(JSON.parse(request.scenarioJson));
    } catch (error) {
      if (error instanceof PopulationScenarioError || error instanceof SyntaxError) throw new UnprocessableMessageError(`scenario: ${error.message}`, 'BAD_SCENARIO');
      throw error;
    }
    const started = performance.now();
    const sums = await simulateShardYielding(scenario, createProgram(scenario), {
      index: request.shardIndex,
      firstPerson: request.firstPerson,
      personCount: request.personCount,
    });
    await this.publisher.publish(Topics.populationShardCompleted, {
      key: shardKey(request.jobId, request.shardIndex),
      value: encodeMessage(PopulationShardCompletedSchema, {
        schemaVersion: SCHEMA_VERSION,
        jobId: request.jobId,
        shardIndex: request.shardIndex,
        persons: sums.persons,
        failed: sums.failed,
        sums: Array.from(sums.sums),
        personDays: sums.personDays,
        simulateMs: performance.now() - started,
        workerId: this.workerId,
      }),
    });
    return 'simulated';
  }
}
