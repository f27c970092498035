import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileModel } from '@shuji/models';
import { autoSwitch, solve } from '@shuji/ode';
import { sharedPath } from '@shuji/testing';
import { describe, expect, it } from 'vitest';
import { UnsupportedSbmlError } from '../errors/sbml-error';
import { firstMismatch, parseResultsCsv } from '../suite/suite-results.util';
import { parseSuiteSettings } from '../suite/suite-settings.util';
import { importSbml } from './import-sbml';
import { sbmlToModelSpec } from './to-model-spec';

const fixture = (name: string): string => readFileSync(join(__dirname, '..', '..', 'fixtures', name), 'utf8');

/**
 * Independent path: SBML → ModelSpec → @shuji/models compiler → @shuji/ode, compared with the suite's
 * expected results. Returns undefined when the case passes, else why not.
 */
function viaModelSpec(caseDir: string, id: string): string | undefined {
  const settings = parseSuiteSettings(readFileSync(join(caseDir, `${id}-settings.txt`), 'utf8'));
  const expected = parseResultsCsv(readFileSync(join(caseDir, `${id}-results.csv`), 'utf8'));
  const model = importSbml(readFileSync(join(caseDir, `${id}-sbml-l3v2.xml`), 'utf8'));
  const { spec, names } = sbmlToModelSpec(model, { start: settings.start });
  const sut = compileModel(spec);
  const p = sut.defaultParameters();
  const u = sut.defaultInputs();
  const times = Float64Array.from({ length: settings.steps + 1 }, (_, k) => settings.start + (settings.duration * k) / settings.steps);
  const sol = solve({ f: sut.f, y0: sut.initialState(p), tspan: [settings.start, settings.start + settings.duration], p, u }, autoSwitch(), {
    rtol: 1e-10,
    atol: 1e-14,
    saveAt: times,
  });
  if (sol.outcome !== 'success') return sol.outcome;
  const n = sut.stateNames.length;
  const out = new Float64Array(sut.outputNames.length);
  const values = Array.from(sol.t, (t, k) => {
    sut.outputs(t, sol.y.subarray(k * n, (k + 1) * n), p, u, out);
    const read = (id: string): number => out[sut.outputNames.indexOf(names.get(id) ?? id)];
    return settings.variables.map((id) => {
      const species = model.species.find((s) => s.id === id);
      // The suite asks for some species as amounts: amount = concentration × compartment size.
      return species && !species.hasOnlySubstanceUnits && settings.amount.includes(id) ? read(id) * read(species.compartment) : read(id);
    });
  });
  const miss = firstMismatch(expected, { time: sol.t, columns: settings.variables, values }, settings.absolute, settings.relative);
  return miss === undefined ? undefined : JSON.stringify(miss);
}

describe(sbmlToModelSpec.name, () => {
  it('should give a ModelSpec whose compiled solution matches the biexponential two-compartment PK', () => {
    const { spec, names } = sbmlToModelSpec(importSbml(fixture('iv-pk-two-compartment.xml')));
    expect(spec.states.map((s) => s.name)).toEqual(['amount_C1', 'amount_C2']);
    expect(spec.states[0].initial).toBeCloseTo(100, 12);
    expect(names.get('C1')).toBe('C1');
    const sut = compileModel(spec);
    const p = sut.defaultParameters();
    const sol = solve({ f: sut.f, y0: sut.initialState(p), tspan: [0, 24], p }, autoSwitch(), { rtol: 1e-10, atol: 1e-12, saveAt: Float64Array.of(24) });
    const [V1, V2, CL, Q] = [12, 30, 3, 6];
    const [k10, k12, k21] = [CL / V1, Q / V1, Q / V2];
    const s = k10 + k12 + k21;
    const alpha = (s + Math.sqrt(s * s - 4 * k21 * k10)) / 2;
    const beta = (s - Math.sqrt(s * s - 4 * k21 * k10)) / 2;
    const a1 = 100 * (((alpha - k21) / (alpha - beta)) * Math.exp(-alpha * 24) + ((k21 - beta) / (alpha - beta)) * Math.exp(-beta * 24));
    expect(sol.y[0]).toBeCloseTo(a1, 7);
  });

  it('should refuse a model with events, naming the event', () => {
    expect(() => sbmlToModelSpec(importSbml(fixture('oral-pk-one-compartment.xml')))).toThrow(UnsupportedSbmlError);
    expect(() => sbmlToModelSpec(importSbml(fixture('oral-pk-one-compartment.xml')))).toThrow(/second_dose/);
  });

  it('should reproduce every event-free suite case through @shuji/models and @shuji/ode', () => {
    const CASES = sharedPath('data', 'sbml-test-suite', 'semantic');
    const ids = readdirSync(CASES).filter((id) => existsSync(join(CASES, id, `${id}-sbml-l3v2.xml`)));
    const failures = new Map<string, string>();
    for (const id of ids) {
      try {
        const why = viaModelSpec(join(CASES, id), id);
        if (why !== undefined) failures.set(id, why);
      } catch (e) {
        failures.set(id, (e as Error).message);
      }
    }
    // 279 of the 292 Level 3 cases on 2026-11-28; the rest are refused, never mis-simulated: events (no
    // ModelSpec equivalent), factorial (outside the models compiler's functions), or no state at all.
    expect(ids.length - failures.size).toBeGreaterThanOrEqual(279);
    for (const [id, why] of failures) expect(why, id).toMatch(/a ModelSpec has no events|unknown function "factorial"|no states/);
  });
});
