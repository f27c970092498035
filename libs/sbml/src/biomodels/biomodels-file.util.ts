import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Root of the curated BioModels copies kept as product data (models/biomodels/<id>/<id>.xml, README.md beside each). */
export const BIOMODELS_DIR = join(__dirname, '..', '..', '..', '..', 'models', 'biomodels');

/** The SBML text of a BioModels entry kept in models/biomodels, e.g. readBioModel('BIOMD0000000379'). */
export function readBioModel(id: string, dir: string = BIOMODELS_DIR): string {
  if (!/^BIOMD\d{10}$/.test(id)) throw new RangeError(`id: "${id}" is not a BioModels curated id (BIOMD + 10 digits)`);
  return readFileSync(join(dir, id, `${id}.xml`), 'utf8');
}
