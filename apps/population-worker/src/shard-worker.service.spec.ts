import { decodeMessage, encodeMessage, PopulationShardCompletedSchema, PopulationShardRequestedSchema, SCHEMA_VERSION, Topics } from '@shuji/contracts';
import { UnprocessableMessageError, type EventPublisher, type OutgoingMessage } from '@shuji/messaging';
import type { PopulationJobRepository } from '@shuji/persistence';
import { createProgram, parsePopulationScenario, simulateShard } from '@shuji/population';
import { describe, expect, it } from 'vitest';
import { PopulationAggregatorService } from './population-aggregator.service';
import { ShardWorkerService } from './shard-worker.service';

const scenario = parsePopulationScenario({
  seed: 4,
  cohort: { size: 30, groups: ['adult'] },
  models: ['uva-padova-s2008'],
  horizon_days: 1,
  shard_size: 10,
  arms: [{ name: 'a' }, { name: 'b', policies: [{ policy: 'pump-settings', basal_factor: 1.2 }] }],
});
const request = (over: Record<string, unknown> = {}) =>
  encodeMessage(PopulationShardRequestedSchema, { schemaVersion: SCHEMA_VERSION, jobId: 'j', shardIndex: 1, shardCount: 3, firstPerson: 10, personCount: 10, scenarioJson: JSON.stringify(scenario), ...over });

function harness(pending: boolean) {
  const published: { topic: string; message: OutgoingMessage }[] = [];
  const publisher = { publish: async (topic: string, message: OutgoingMessage) => void published.push({ topic, message }) } as unknown as EventPublisher;
  const jobs = { shardPending: async () => pending } as unknown as PopulationJobRepository;
  return { sut: new ShardWorkerService(jobs, publisher), published };
}

describe(ShardWorkerService.name, () => {
  it('should publish the shard sums simulateShard gives, keyed by job and shard, when the shard is pending', async () => {
    const { sut, published } = harness(true);
    expect(await sut.handle(request())).toBe('simulated');
    expect(published).toHaveLength(1);
    expect(published[0].topic).toBe(Topics.populationShardCompleted);
    expect(published[0].message.key).toBe('j/1');
    const message = decodeMessage(PopulationShardCompletedSchema, published[0].message.value);
    const expected = simulateShard(scenario, createProgram(scenario), { index: 1, firstPerson: 10, personCount: 10 });
    expect(message).toMatchObject({ jobId: 'j', shardIndex: 1, persons: 10, failed: 0, personDays: 20, workerId: sut.workerId });
    expect(message.sums).toEqual(Array.from(expected.sums));
  });

  it('should skip a shard already stored or of a job no longer running', async () => {
    const { sut, published } = harness(false);
    expect(await sut.handle(request())).toBe('skipped');
    expect(published).toEqual([]);
  });

  it('should refuse undecodable bytes and a bad scenario as unprocessable (dead letter, no retry)', async () => {
    const { sut } = harness(true);
    await expect(sut.handle(Buffer.from('\xff\xff garbage'))).rejects.toBeInstanceOf(UnprocessableMessageError);
    await expect(sut.handle(request({ scenarioJson: '{"models":["x"]}' }))).rejects.toThrow(/^scenario: models\[0\]: unknown model "x"/);
    await expect(sut.handle(request({ schemaVersion: 9 }))).rejects.toThrow(/schema version 9/);
  });
});

describe(PopulationAggregatorService.name, () => {
  it('should refuse a message that is not a shard result, before touching the database', async () => {
    const sut = new PopulationAggregatorService({} as PopulationJobRepository);
    await expect(sut.foldMessage(Buffer.from([0xff, 0xff, 0xff]))).rejects.toBeInstanceOf(UnprocessableMessageError);
  });
});
