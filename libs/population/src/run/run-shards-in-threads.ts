/**
 * Runs shards of a scenario over worker threads (default: one per core), handing out the next shard as a
 * thread becomes free; `onShard` sees each shard's sums as it completes (in completion order). With
 * `threads: 0` the shards run in this thread. Cancelling (`signal`) stops handing out shards.
 */
import { availableParallelism } from 'node:os';
import { runOnWorkerPool, workerThreadFile } from '@shuji/models';
import { createProgram } from '../programs/create-program';
import type { PopulationScenario } from '../scenario/population-scenario';
import type { ShardPlan } from '../shard/plan-shards';
import { simulateShard, type ShardSums } from '../shard/simulate-shard';

export interface ShardRunOptions {
  readonly threads?: number;
  readonly signal?: AbortSignal;
  /** Called once per shard; the run waits for it (e.g. a database write) before counting the shard done. */
  readonly onShard?: (shard: ShardSums, simulateMs: number) => void | Promise<void>;
}

export async function runShardsInThreads(scenario: PopulationScenario, shards: readonly ShardPlan[], options: ShardRunOptions = {}): Promise<ShardSums[]> {
  const results: ShardSums[] = [];
  const threads = Math.min(options.threads ?? availableParallelism(), shards.length);
  const done = async (shard: ShardSums, ms: number) => {
    await options.onShard?.(shard, ms);
    results.push(shard);
  };
  if (threads <= 0) {
    const program = createProgram(scenario);
    for (const shard of shards) {
      if (options.signal?.aborted) break;
      const started = performance.now();
      const result = simulateShard(scenario, program, shard);
      await done(result, performance.now() - started);
    }
    return results;
  }
  let next = 0;
  await runOnWorkerPool<ShardPlan, { result?: ShardSums; simulateMs?: number; error?: string }>({
    file: await workerThreadFile(__dirname, 'population.worker', __filename.endsWith('.js')),
    workerData: scenario,
    threads,
    label: 'population worker',
    next: () => (next >= shards.length || options.signal?.aborted ? undefined : shards[next++]),
    onReply: (message) => {
      if (message.result === undefined) throw new Error('population worker: no result');
      return done(message.result, message.simulateMs ?? 0);
    },
  });
  return results;
}
