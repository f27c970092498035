import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBioModel } from './biomodels-file.util';

describe(readBioModel.name, () => {
  it('should read <dir>/<id>/<id>.xml when the id is a curated BioModels id', () => {
    const dir = mkdtempSync(join(tmpdir(), 'biomodels-'));
    mkdirSync(join(dir, 'BIOMD0000000001'));
    writeFileSync(join(dir, 'BIOMD0000000001', 'BIOMD0000000001.xml'), '<sbml/>');
    expect(readBioModel('BIOMD0000000001', dir)).toBe('<sbml/>');
  });

  it('should refuse an id that is not BIOMD + 10 digits, naming it', () => {
    expect(() => readBioModel('../etc/passwd')).toThrow(/"\.\.\/etc\/passwd"/);
    expect(() => readBioModel('MODEL1006230019')).toThrow(/MODEL1006230019/);
  });

  it('should find every kept model in the product folder', () => {
    for (const id of ['BIOMD0000000341', 'BIOMD0000000379', 'BIOMD0000000672']) expect(readBioModel(id)).toContain(`biomodels.db/${id}`);
  });
});
