import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main';

function harness(isTTY = false) {
  const dir = mkdtempSync(join(tmpdir(), 'shuji-cli-population-'));
  const err: string[] = [];
  const io = { stdout: () => undefined, stderr: (s: string) => err.push(s), cwd: dir, isTTY };
  const write = (name: string, json: unknown) => writeFileSync(join(dir, name), JSON.stringify(json));
  return { dir, io, err, write };
}

const scenario = {
  name: 'basal',
  seed: 5,
  cohort: { size: 30, groups: ['adult'] },
  models: ['uva-padova-s2008'],
  horizon_days: 1,
  shard_size: 10,
  arms: [{ name: 'baseline' }, { name: 'basal +20 %', policies: [{ policy: 'pump-settings', basal_factor: 1.2 }] }],
};

describe('shuji population', () => {
  it('should write per-arm metrics with 95 % intervals and the differences, with a progress bar on a terminal', async () => {
    const { io, dir, err, write } = harness(true);
    write('s.json', scenario);
    expect(await main(['population', '--scenario', 's.json', '--json', 'out.json', '--csv', 'out.csv', '--threads', '0'], io)).toBe(0);
    const result = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
    expect(result).toMatchObject({ scenario: 'basal', seed: 5, persons: 30, failed: 0, shards: 3 });
    expect(result.arms.map((a: { arm: string }) => a.arm)).toEqual(['baseline', 'basal +20 %']);
    const tir = result.differences[0].metrics.find((m: { metric: string }) => m.metric === 'mean_glucose').periods[0];
    expect(tir.ci95[0]).toBeLessThan(tir.mean);
    expect(tir.ci95[1]).toBeGreaterThan(tir.mean);
    expect(tir.mean).toBeLessThan(0);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8').split('\n')).toHaveLength(1 + 3 * 7 + 1);
    const text = err.join('');
    expect(text).toContain('\r[##########....................] 1/3 shards');
    expect(text).toContain('3/3 shards');
    expect(text).toMatch(/30 people × 2 arms, 60 person-days/);
  });

  it('should refuse a bad scenario with the field named and exit 1 before running', async () => {
    const { io, err, write } = harness();
    write('bad.json', { ...scenario, horizon_days: -3 });
    expect(await main(['population', '--scenario', 'bad.json', '--json', 'out.json'], io)).toBe(1);
    expect(err.join('')).toBe('shuji: horizon_days: must be a positive number of days\n');
  });

  it('should ask for an output when none is given', async () => {
    const { io, err, write } = harness();
    write('s.json', scenario);
    expect(await main(['population', '--scenario', 's.json'], io)).toBe(2);
    expect(err.join('')).toMatch(/--json, --csv or --parquet: give at least one output/);
  });
});
