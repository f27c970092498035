/**
 * A whole job in this process (the embedded default and the CLI): plan the shards, simulate them over worker
 * threads, summarise. Gives the same result, bit for bit, as the same job sharded over Kafka workers.
 */
import { createProgram } from '../programs/create-program';
import type { PopulationScenario } from '../scenario/population-scenario';
import { summarisePopulation, type PopulationResult } from '../aggregate/summarise-population';
import { planShards } from '../shard/plan-shards';
import { runShardsInThreads } from './run-shards-in-threads';

export interface PopulationRunOptions {
  readonly threads?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (shardsDone: number, shardCount: number) => void;
}

export interface PopulationRun {
  readonly result: PopulationResult;
  readonly wallMs: number;
  readonly personDays: number;
}

export async function runPopulation(scenario: PopulationScenario, options: PopulationRunOptions = {}): Promise<PopulationRun> {
  const started = performance.now();
  const shards = planShards(scenario);
  let done = 0;
  let personDays = 0;
  const sums = await runShardsInThreads(scenario, shards, {
    threads: options.threads,
    signal: options.signal,
    onShard: (shard) => {
      personDays += shard.personDays;
      options.onProgress?.(++done, shards.length);
    },
  });
  if (options.signal?.aborted) throw new Error('population run cancelled');
  const result = summarisePopulation(scenario, createProgram(scenario), sums, shards.length);
  return { result, wallMs: performance.now() - started, personDays };
}
