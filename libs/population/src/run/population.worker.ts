/** Worker thread of the in-process runner: receives the scenario once, then shards; answers with their sums. */
import { parentPort, workerData } from 'node:worker_threads';
import { createProgram } from '../programs/create-program';
import type { PopulationScenario } from '../scenario/population-scenario';
import type { ShardPlan } from '../shard/plan-shards';
import { simulateShard } from '../shard/simulate-shard';

const scenario = workerData as PopulationScenario;
const port = parentPort;
if (port === null) throw new Error('population.worker must run in a worker thread');
const program = createProgram(scenario);

port.on('message', (shard: ShardPlan) => {
  try {
    const started = performance.now();
    const result = simulateShard(scenario, program, shard);
    port.postMessage({ result, simulateMs: performance.now() - started }, [result.sums.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage({ error: (error as Error).message });
  }
});
