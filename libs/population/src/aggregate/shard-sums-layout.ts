/**
 * Where each cell of a shard's sums lives: group g, metric m, period b → cell (g·M + m)·B + b, where groups
 * 0…A−1 are the arms' values and A…2A−2 the paired differences arm a − arm 0 (a ≥ 1).
 */
import { CELL } from './moments';

export interface ShardSumsLayout {
  readonly arms: number;
  readonly metrics: number;
  readonly periods: number;
  /** Numbers in a shard's sums. */
  readonly length: number;
  armCell(arm: number, metric: number, period: number): number;
  /** Cell of the difference arm − baseline, arm ≥ 1. */
  differenceCell(arm: number, metric: number, period: number): number;
}

export function shardSumsLayout(arms: number, metrics: number, periods: number): ShardSumsLayout {
  const cell = (group: number, m: number, b: number) => (group * metrics + m) * periods + b;
  return {
    arms,
    metrics,
    periods,
    length: (2 * arms - 1) * metrics * periods * CELL,
    armCell: (a, m, b) => cell(a, m, b),
    differenceCell: (a, m, b) => cell(arms + a - 1, m, b),
  };
}
