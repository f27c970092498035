import type { PopulationScenario } from '../scenario/population-scenario';

export interface ShardPlan {
  readonly index: number;
  readonly firstPerson: number;
  readonly personCount: number;
}

/** Contiguous ranges of `shard_size` persons (the last may be shorter), in person order. */
export function planShards(scenario: Pick<PopulationScenario, 'cohort' | 'shard_size'>): ShardPlan[] {
  const size = scenario.cohort.size;
  const count = Math.ceil(size / scenario.shard_size);
  return Array.from({ length: count }, (_, index) => {
    const firstPerson = index * scenario.shard_size;
    return { index, firstPerson, personCount: Math.min(scenario.shard_size, size - firstPerson) };
  });
}
