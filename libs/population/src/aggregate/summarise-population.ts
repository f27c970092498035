/**
 * The job's result from its shards' sums: merged in shard order (so any path that has the same shards gives
 * the same bits), then per arm, metric and period the mean over people with its 95 % interval, and per
 * non-baseline arm the mean paired difference from the baseline with its 95 % interval.
 * Intervals: mean ± 1.959964·SD/√n (normal approximation; for the difference, SD of the paired differences,
 * which is where common random numbers narrow it).
 */
import type { MetricDefinition } from '../metrics/metric-definition';
import type { PopulationScenario } from '../scenario/population-scenario';
import type { ShardSums } from '../shard/simulate-shard';
import { CELL, mergeCells } from './moments';
import { shardSumsLayout } from './shard-sums-layout';

const Z95 = 1.959963984540054;

export interface PeriodEstimate {
  readonly day_from: number;
  readonly day_to: number;
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  readonly ci95: readonly [number, number];
}

export interface MetricSeries {
  readonly metric: string;
  readonly unit: string;
  readonly periods: readonly PeriodEstimate[];
}

export interface ArmSummary {
  readonly arm: string;
  readonly metrics: readonly MetricSeries[];
}

export interface DifferenceSummary {
  readonly arm: string;
  readonly versus: string;
  readonly metrics: readonly MetricSeries[];
}

export interface PopulationResult {
  readonly scenario: string;
  readonly seed: number;
  readonly persons: number;
  readonly failed: number;
  readonly shards: number;
  readonly arms: readonly ArmSummary[];
  readonly differences: readonly DifferenceSummary[];
}

export interface PopulationShape {
  readonly metrics: readonly MetricDefinition[];
  readonly periods: number;
}

/** Merges shard sums in index order; throws when a shard is missing or given twice. */
export function mergeShardSums(shards: readonly ShardSums[], shardCount: number, length: number): { sums: Float64Array; persons: number; failed: number } {
  const ordered = [...shards].sort((a, b) => a.index - b.index);
  if (ordered.length !== shardCount || ordered.some((s, k) => s.index !== k)) {
    throw new RangeError(`mergeShardSums: expected shards 0…${shardCount - 1} once each, got [${ordered.map((s) => s.index).join(', ')}]`);
  }
  const sums = new Float64Array(length);
  let persons = 0;
  let failed = 0;
  for (const shard of ordered) {
    mergeCells(sums, shard.sums);
    persons += shard.persons;
    failed += shard.failed;
  }
  return { sums, persons, failed };
}

export function summarisePopulation(scenario: PopulationScenario, shape: PopulationShape, shards: readonly ShardSums[], shardCount: number): PopulationResult {
  const { metrics, periods } = shape;
  const arms = scenario.arms.length;
  const layout = shardSumsLayout(arms, metrics.length, periods);
  const { sums, persons, failed } = mergeShardSums(shards, shardCount, layout.length);
  const estimate = (cell: number, b: number): PeriodEstimate => {
    const i = cell * CELL;
    const n = sums[i];
    const mean = n > 0 ? sums[i + 1] : NaN;
    const sd = n > 1 ? Math.sqrt(Math.max(0, sums[i + 2]) / (n - 1)) : NaN;
    const half = n > 1 ? (Z95 * sd) / Math.sqrt(n) : NaN;
    return { day_from: b * scenario.report_every_days, day_to: (b + 1) * scenario.report_every_days, n, mean, sd, ci95: [mean - half, mean + half] };
  };
  const series = (cellOf: (m: number, b: number) => number): MetricSeries[] =>
    metrics.map((metric, m) => ({
      metric: metric.name,
      unit: metric.unit,
      periods: Array.from({ length: periods }, (_, b) => estimate(cellOf(m, b), b)),
    }));
  return {
    scenario: scenario.name,
    seed: scenario.seed,
    persons,
    failed,
    shards: shardCount,
    arms: scenario.arms.map((arm, a) => ({ arm: arm.name, metrics: series((m, b) => layout.armCell(a, m, b)) })),
    differences: scenario.arms.slice(1).map((arm, k) => ({
      arm: arm.name,
      versus: scenario.arms[0].name,
      metrics: series((m, b) => layout.differenceCell(k + 1, m, b)),
    })),
  };
}
