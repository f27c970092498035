import { Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { PopulationJobRepository } from '@shuji/persistence';
import { runShardsInThreads, type PopulationScenario, type ShardPlan } from '@shuji/population';
import type { PopulationAggregatorService } from './population-aggregator.service';
import type { ShardDispatcher } from './shard-dispatcher';

/**
 * The embedded default (SHUJI_BUS=inprocess): jobs run one after another on this process's worker threads and
 * each shard is folded through the same aggregator as Kafka's, so the stored result is the same.
 */
export class ThreadShardDispatcher implements ShardDispatcher, BeforeApplicationShutdown {
  readonly durable = false;
  private readonly log = new Logger('population');
  private readonly running = new Map<string, AbortController>();
  private queue: Promise<void> = Promise.resolve();
  private closing = false;

  constructor(
    private readonly aggregator: PopulationAggregatorService,
    private readonly jobs: PopulationJobRepository,
    private readonly threads: number,
  ) {}

  async dispatch(jobId: string, scenario: PopulationScenario, shards: readonly ShardPlan[]): Promise<void> {
    const abort = new AbortController();
    this.running.set(jobId, abort);
    const workerId = `threads-${process.pid}`;
    this.queue = this.queue.then(async () => {
      try {
        await runShardsInThreads(scenario, shards, {
          threads: this.threads === 0 ? undefined : this.threads,
          signal: abort.signal,
          onShard: async (shard, simulateMs) => {
            await this.aggregator.fold({ jobId, shardIndex: shard.index, persons: shard.persons, failed: shard.failed, personDays: shard.personDays, simulateMs, workerId, sums: shard.sums });
          },
        });
      } catch (error) {
        // stopped by a shutdown: the job stays running and resumes at the next start
        if (this.closing) return;
        this.log.error(`population job ${jobId} failed: ${(error as Error).message}`);
        await this.jobs.fail(jobId, (error as Error).message).catch(() => undefined);
      } finally {
        this.running.delete(jobId);
      }
    });
  }

  cancel(jobId: string): void {
    this.running.get(jobId)?.abort();
  }

  /** Stops handing out shards and waits for the shards in flight, before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    for (const abort of this.running.values()) abort.abort();
    await this.queue;
  }
}
