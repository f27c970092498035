/**
 * One shard: every person of the range in every arm, folded person by person (in person order) into the
 * shard's sums. A person whose solve fails in any arm is left out of every arm (complete cases keep the arms
 * paired) and counted in `failed`.
 */
import { addValue } from '../aggregate/moments';
import { shardSumsLayout } from '../aggregate/shard-sums-layout';
import type { PopulationProgram } from '../programs/population-program';
import type { PopulationScenario } from '../scenario/population-scenario';
import type { ShardPlan } from './plan-shards';

export interface ShardSums {
  readonly index: number;
  /** Persons counted (in every arm) and persons left out because a solve failed. */
  readonly persons: number;
  readonly failed: number;
  /** Person-days simulated, over all arms. */
  readonly personDays: number;
  readonly sums: Float64Array;
}

/** Persons between two yields of `simulateShardYielding` (keeps a consumer's heartbeats going). */
const YIELD_EVERY = 8;

export function simulateShard(scenario: PopulationScenario, program: PopulationProgram, shard: ShardPlan): ShardSums {
  const fold = shardFold(scenario, program, shard);
  for (let i = 0; i < shard.personCount; i++) fold.person(shard.firstPerson + i);
  return fold.result();
}

/** The same numbers as simulateShard, giving the event loop a turn every few persons. */
export async function simulateShardYielding(scenario: PopulationScenario, program: PopulationProgram, shard: ShardPlan): Promise<ShardSums> {
  const fold = shardFold(scenario, program, shard);
  for (let i = 0; i < shard.personCount; i++) {
    fold.person(shard.firstPerson + i);
    if ((i + 1) % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return fold.result();
}

function shardFold(scenario: PopulationScenario, program: PopulationProgram, shard: ShardPlan) {
  const { metrics, periods, arms } = { metrics: program.metrics.length, periods: program.periods, arms: program.arms };
  const layout = shardSumsLayout(arms, metrics, periods);
  const sums = new Float64Array(layout.length);
  const values = Array.from({ length: arms }, () => new Float64Array(metrics * periods));
  let persons = 0;
  let failed = 0;
  return {
    person(index: number): void {
      const person = program.prepare(index);
      let ok = true;
      for (let a = 0; a < arms && ok; a++) ok = program.run(person, a, values[a]);
      if (!ok) {
        failed++;
        return;
      }
      persons++;
      for (let m = 0; m < metrics; m++) {
        for (let b = 0; b < periods; b++) {
          const k = m * periods + b;
          for (let a = 0; a < arms; a++) addValue(sums, layout.armCell(a, m, b), values[a][k]);
          for (let a = 1; a < arms; a++) addValue(sums, layout.differenceCell(a, m, b), values[a][k] - values[0][k]);
        }
      }
    },
    result(): ShardSums {
      return { index: shard.index, persons, failed, personDays: shard.personCount * arms * scenario.horizon_days, sums };
    },
  };
}
