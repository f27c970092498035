/**
 * The three BioModels components through the SBML mapping (models/biomodels/<id>/mapping.json → sbmlRegistration →
 * @shuji/models' compiler and runScenario), the path `shuji simulate --sbml … --map …` and a hand-written model take,
 * against simulateSbml on the same file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileModel, runScenario } from '@shuji/models';
import { describe, expect, it } from 'vitest';
import { importSbml } from '../import/import-sbml';
import { parseSbmlMapping } from '../register/sbml-mapping';
import { sbmlRegistration } from '../register/sbml-registration';
import { simulateSbml } from '../simulate/simulate-sbml';
import { BIOMODELS_DIR, readBioModel } from './biomodels-file.util';

const CASES = [
  { id: 'BIOMD0000000379', durationMin: 420, symbols: { glucose: 'G', insulin: 'I', glucose_appearance: 'Ra' } },
  { id: 'BIOMD0000000341', durationMin: 200 * 1440, symbols: { glucose: 'G', insulin: 'I', beta_cell_mass: 'B' } },
  { id: 'BIOMD0000000672', durationMin: 2880, symbols: { plasma_melatonin: 'H2', pineal_melatonin: 'H1' } },
] as const;

describe('BioModels components through the SBML mapping', () => {
  it.each(CASES)('should run $id as a registered model that agrees with simulateSbml (1e-5 of each output’s range)', ({ id, durationMin, symbols }) => {
    const model = importSbml(readBioModel(id));
    const mapping = parseSbmlMapping(JSON.parse(readFileSync(join(BIOMODELS_DIR, id, 'mapping.json'), 'utf8')));
    const registration = sbmlRegistration(model, mapping);
    const everyMin = durationMin / 24;
    const sut = runScenario(registration, compileModel(registration.spec), {
      scenario: { duration_min: durationMin, meals: [], boluses: [], doses: [] },
      everyMin,
      rtol: 1e-10,
      atol: 1e-12,
    });
    expect(sut.outcome).toBe('success');
    const perUnit = { min: 1, d: 1440 }[mapping.time_unit as 'min' | 'd'];
    const reference = simulateSbml(model, { duration: durationMin / perUnit, steps: 24, variables: Object.values(symbols) });
    Object.keys(symbols).forEach((name, j) => {
      const column = sut.outputNames.indexOf(name);
      const ref = reference.values.map((v) => v[j]);
      const range = Math.max(...ref) - Math.min(...ref);
      ref.forEach((x, k) => expect(Math.abs(sut.outputs[k * sut.outputNames.length + column] - x), `${name} at row ${k}`).toBeLessThan(1e-5 * range));
    });
  });
});
