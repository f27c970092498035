import type { MetricSeries, PopulationResult } from '../aggregate/summarise-population';

/** One line of the exported table: an arm's estimate (versus empty) or an arm's difference from the baseline. */
export interface ResultRow {
  readonly arm: string;
  readonly versus: string;
  readonly metric: string;
  readonly unit: string;
  readonly day_from: number;
  readonly day_to: number;
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  readonly ci95_low: number;
  readonly ci95_high: number;
}

export const RESULT_COLUMNS = ['arm', 'versus', 'metric', 'unit', 'day_from', 'day_to', 'n', 'mean', 'sd', 'ci95_low', 'ci95_high'] as const;

export function resultRows(result: PopulationResult): ResultRow[] {
  const rows = (arm: string, versus: string, metrics: readonly MetricSeries[]): ResultRow[] =>
    metrics.flatMap((s) =>
      s.periods.map((p) => ({
        arm,
        versus,
        metric: s.metric,
        unit: s.unit,
        day_from: p.day_from,
        day_to: p.day_to,
        n: p.n,
        mean: p.mean,
        sd: p.sd,
        ci95_low: p.ci95[0],
        ci95_high: p.ci95[1],
      })),
    );
  return [...result.arms.flatMap((a) => rows(a.arm, '', a.metrics)), ...result.differences.flatMap((d) => rows(d.arm, d.versus, d.metrics))];
}
