import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main';

const FIXTURES = resolve(__dirname, '../../../libs/sbml/fixtures');

function harness() {
  const dir = mkdtempSync(join(tmpdir(), 'shuji-cli-sbml-'));
  const err: string[] = [];
  const io = { stdout: () => undefined, stderr: (s: string) => err.push(s), cwd: dir };
  const write = (name: string, json: unknown) => writeFileSync(join(dir, name), JSON.stringify(json));
  return { dir, io, err, write };
}

/** Two-compartment i.v. bolus, central concentration (Gibaldi & Perrier, Pharmacokinetics 2nd ed., eq. 2.12). */
function biexponential(t: number): number {
  const [D, V1, V2, CL, Q] = [100, 12, 30, 3, 6];
  const [k10, k12, k21] = [CL / V1, Q / V1, Q / V2];
  const s = k10 + k12 + k21;
  const alpha = (s + Math.sqrt(s * s - 4 * k21 * k10)) / 2;
  const beta = (s - Math.sqrt(s * s - 4 * k21 * k10)) / 2;
  if (t < 0) return 0;
  return (D / V1) * (((alpha - k21) / (alpha - beta)) * Math.exp(-alpha * t) + ((k21 - beta) / (alpha - beta)) * Math.exp(-beta * t));
}

describe('shuji simulate --sbml', () => {
  it('should give the superposed biexponential when a second i.v. dose comes through a mapped route', async () => {
    const { dir, io, write } = harness();
    write('scenario.json', { duration_min: 48 * 60, doses: [{ t_min: 24 * 60, amount: 100, route: 'iv' }] });
    write('map.json', {
      time_unit: 'h',
      outputs: [{ name: 'central_mg_l', expression: 'C1', unit: 'mg/L' }],
      routes: { iv: { species: 'C1' } },
    });
    const code = await main(
      ['simulate', '--sbml', join(FIXTURES, 'iv-pk-two-compartment.xml'), '--map', 'map.json', '--scenario', 'scenario.json', '--out', 'out.csv', '--every', '60'],
      io,
    );
    expect(code).toBe(0);
    const [header, ...rows] = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n');
    expect(header).toBe('time_min,central_mg_l');
    expect(rows).toHaveLength(49);
    for (const row of rows) {
      const [tMin, c] = row.split(',').map(Number);
      const hours = tMin / 60;
      const exact = biexponential(hours) + biexponential(hours - 24);
      // Tolerance: default solver tolerances (1e-6) plus the event landing; 1e-4 relative is ample and catches a lost dose.
      expect(Math.abs(c - exact)).toBeLessThan(1e-4 * exact + 1e-9);
    }
  });

  it('should name the field when the mapping file is wrong', async () => {
    const { io, err, write } = harness();
    write('scenario.json', { duration_min: 60 });
    write('map.json', { time_unit: 'h', routes: { iv: { species: 'nope' } } });
    const code = await main(
      ['simulate', '--sbml', join(FIXTURES, 'iv-pk-two-compartment.xml'), '--map', 'map.json', '--scenario', 'scenario.json', '--out', 'out.csv'],
      io,
    );
    expect(code).toBe(1);
    expect(err.join('')).toContain('routes.iv.species: "nope" is not a species');
  });

  it('should refuse --model together with --sbml', async () => {
    const { io, err, write } = harness();
    write('scenario.json', { duration_min: 60 });
    const code = await main(['simulate', '--model', 'uva-padova-s2008', '--sbml', 'x.xml', '--scenario', 'scenario.json', '--out', 'o.csv'], io);
    expect(code).toBe(2);
    expect(err.join('')).toContain('--model or --sbml: give exactly one');
  });
});
