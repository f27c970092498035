import type { PopulationScenario, ShardPlan } from '@shuji/population';

/** Hands a job's shards to whatever simulates them: Kafka workers, or this process's worker threads. */
export interface ShardDispatcher {
  /** Resolves once every shard is accepted (published, or queued); the simulation goes on afterwards. */
  dispatch(jobId: string, scenario: PopulationScenario, shards: readonly ShardPlan[]): Promise<void>;
  /** Stops handing out a cancelled job's shards where the dispatcher can (workers check the job themselves). */
  cancel(jobId: string): void;
  /** Whether shards dispatched before a restart are still on their way (Kafka keeps them; threads do not). */
  readonly durable: boolean;
}

export const SHARD_DISPATCHER = Symbol('SHARD_DISPATCHER');
