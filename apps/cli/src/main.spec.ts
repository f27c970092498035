import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main';

function harness() {
  const dir = mkdtempSync(join(tmpdir(), 'shuji-cli-'));
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), cwd: dir };
  const write = (name: string, json: unknown) => writeFileSync(join(dir, name), JSON.stringify(json));
  return { dir, io, out, err, write };
}

const day = {
  duration_min: 600,
  meals: [{ t_min: 420, carbs_g: 60 }],
  boluses: [{ t_min: 420, units: 5 }],
  basal_u_per_min: 'patient-default',
};

/** `shuji simulate` of adult#001 on the UVA/Padova model, the scenario and CSV paths relative to the harness's dir. */
const simulateArgs = (scenario: string, out: string, ...options: string[]): string[] => [
  'simulate', '--model', 'uva-padova-s2008', '--patient', 'adult#001', '--scenario', scenario, '--out', out, ...options,
];

describe('shuji CLI', () => {
  it('should list uva-padova-s2008 when asked for models', async () => {
    const { io, out } = harness();
    expect(await main(['models'], io)).toBe(0);
    expect(out.join('')).toMatch(/^uva-padova-s2008\t/m);
  });

  it('should write time_min and one column per output every 5 min by default', async () => {
    const { io, dir, write } = harness();
    write('day.json', day);
    const code = await main(simulateArgs('day.json', 'out.csv'), io);
    expect(code).toBe(0);
    const lines = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('time_min,bg_mg_dl,cgm_mg_dl,insulin_pmol_l,ra_mg_kg_min,egp_mg_kg_min');
    expect(lines).toHaveLength(1 + 600 / 5 + 1);
    expect(lines[1]).toMatch(/^0,138\.56,138\.56,/);
    expect(lines[2].split(',')[0]).toBe('5');
  });

  it('should apply --params and --every', async () => {
    const { io, dir, write } = harness();
    write('day.json', { duration_min: 60 });
    write('params.json', { Vg: 2 });
    const code = await main(simulateArgs('day.json', 'o.csv', '--params', 'params.json', '--every', '30'), io);
    expect(code).toBe(0);
    const lines = readFileSync(join(dir, 'o.csv'), 'utf8').trim().split('\n');
    expect(lines.map((l) => l.split(',')[0])).toEqual(['time_min', '0', '30', '60']);
    // Gp/Vg with Gp = Gpb = 265.370112 mg/kg and Vg overridden to 2 dL/kg
    expect(Number(lines[1].split(',')[1])).toBeCloseTo(265.370112 / 2, 6);
  });

  it.each([
    [{ ...day, meals: [{ t_min: 420, carbs_g: -1 }] }, 'meals[0].carbs_g: must be a non-negative number'],
    [{ ...day, boluses: [{ t_min: 2000, units: 1 }] }, 'boluses[0].t_min: must be a number of minutes within [0, duration_min]'],
    [{ ...day, duration_min: 'long' }, 'duration_min: must be a positive number of minutes'],
    [{ ...day, basal_u_per_min: 'lots' }, 'basal_u_per_min: must be a non-negative number or "patient-default"'],
    [{ ...day, snack: [] }, 'snack: unknown field'],
  ])('should name the field when the scenario is invalid (%#)', async (scenario, message) => {
    const { io, err, write } = harness();
    write('bad.json', scenario);
    const code = await main(simulateArgs('bad.json', 'o.csv'), io);
    expect(code).toBe(1);
    expect(err.join('')).toContain(message);
  });

  it('should name the option when the command line is wrong', async () => {
    const { io, err, write } = harness();
    write('day.json', day);
    expect(await main(['simulate', '--model', 'uva-padova-s2008', '--scenario', 'day.json'], io)).toBe(2);
    expect(err.join('')).toContain('--out: required');
    expect(await main(['simulate', '--model', 'nope', '--scenario', 'day.json', '--out', 'o.csv'], io)).toBe(1);
    expect(err.join('')).toContain('unknown model "nope"');
    expect(await main(['simulate', '--model', 'uva-padova-s2008', '--patient', 'adult#099', '--scenario', 'day.json', '--out', 'o.csv'], io)).toBe(1);
    expect(err.join('')).toContain('patient: no subject "adult#099"');
    expect(await main(['simulate', '--modle', 'x'], io)).toBe(2);
    expect(err.join('')).toContain('--modle: unknown option');
  });

  it('should run through the bin launcher from another working directory', () => {
    const { dir } = harness();
    const stdout = execFileSync(process.execPath, [join(__dirname, '..', 'bin', 'shuji.js'), 'models'], { cwd: dir, encoding: 'utf8' });
    expect(stdout).toMatch(/^uva-padova-s2008\t/m);
  });
});
