import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import type { PopulationResult } from '../aggregate/summarise-population';
import { resultCsv } from '../export/result-csv';
import { resultParquet } from '../export/result-parquet';
import { resultRows } from '../export/result-rows';
import { parsePopulationScenario } from '../scenario/parse-population-scenario';
import { runPopulation } from './run-population';

const dietScenario = (seed: number) =>
  parsePopulationScenario({
    seed,
    cohort: { size: 200 },
    models: ['hall-body-weight', 'amlodipine-bp'],
    horizon_days: 730,
    report_every_days: 365,
    shard_size: 50,
    arms: [{ name: 'usual' }, { name: 'diet', policies: [{ policy: 'diet', kcal_per_day: -500, months: 12 }] }],
  });

const pumpScenario = (seed: number) =>
  parsePopulationScenario({
    seed,
    cohort: { size: 60, groups: ['adult'] },
    models: ['uva-padova-s2008'],
    horizon_days: 1,
    shard_size: 20,
    arms: [{ name: 'baseline' }, { name: 'basal +10 %', policies: [{ policy: 'pump-settings', basal_factor: 1.1 }] }],
  });

const mean = (r: PopulationResult, metric: string, arm: number) => r.arms[arm].metrics.find((m) => m.metric === metric)!.periods[0];
const difference = (r: PopulationResult, metric: string) => r.differences[0].metrics.find((m) => m.metric === metric)!.periods[0];

describe(runPopulation.name, () => {
  it('should move each arm mean more than the difference when the seed changes (common random numbers)', async () => {
    for (const [scenarioOf, metric] of [
      [dietScenario, 'weight'],
      [pumpScenario, 'mean_glucose'],
    ] as const) {
      const [a, b] = await Promise.all([runPopulation(scenarioOf(1), { threads: 0 }), runPopulation(scenarioOf(2), { threads: 0 })]);
      const armMoves = [0, 1].map((arm) => Math.abs(mean(b.result, metric, arm).mean - mean(a.result, metric, arm).mean));
      const differenceMoves = Math.abs(difference(b.result, metric).mean - difference(a.result, metric).mean);
      expect(differenceMoves, metric).toBeLessThan(Math.min(...armMoves));
      // the paired interval is narrower than the interval of two independent samples of the same sizes
      const d = difference(a.result, metric);
      const [x, y] = [mean(a.result, metric, 0), mean(a.result, metric, 1)];
      const unpairedHalfWidth = 1.96 * Math.sqrt((x.sd ** 2 + y.sd ** 2) / x.n);
      expect(d.ci95[1] - d.mean, metric).toBeLessThan(unpairedHalfWidth / 3);
      expect(d.mean, metric).toBeLessThan(0); // less intake → less weight; more basal → lower glucose
    }
  });

  it('should give the same bits over 2 worker threads as in this thread, with every person counted', async () => {
    const sut = pumpScenario(7);
    const progress: number[] = [];
    const threaded = await runPopulation(sut, { threads: 2, onProgress: (done, total) => progress.push(done / total) });
    const inline = await runPopulation(sut, { threads: 0 });
    expect(threaded.result).toEqual(inline.result);
    expect(threaded.result).toMatchObject({ persons: 60, failed: 0, shards: 3 });
    expect(progress).toEqual([1 / 3, 2 / 3, 1]);
    expect(threaded.personDays).toBe(120);
  });

  it('should export the same table as CSV and as Parquet read back by an independent reader', async () => {
    const { result } = await runPopulation(dietScenario(3), { threads: 0 });
    const rows = resultRows(result);
    // 2 arms + 1 difference, 5 metrics, 2 periods
    expect(rows).toHaveLength(3 * 5 * 2);
    const csv = resultCsv(result).trim().split('\n');
    expect(csv[0]).toBe('arm,versus,metric,unit,day_from,day_to,n,mean,sd,ci95_low,ci95_high');
    expect(csv[1].split(',').slice(0, 7)).toEqual(['usual', '', 'weight', 'kg', '0', '365', '200']);
    expect(Number(csv[1].split(',')[7])).toBe(rows[0].mean);
    const bytes = await resultParquet(result);
    const read = (await parquetReadObjects({ file: bytes.buffer as ArrayBuffer })) as Record<string, unknown>[];
    expect(read).toHaveLength(rows.length);
    read.forEach((r, k) => {
      expect({ ...r, n: Number(r.n) }).toEqual({ ...rows[k] });
    });
  });
});
