import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Folder of the curated BioModels copies kept as product data (models/biomodels/<id>/<id>.xml, README.md and
 * mapping.json beside each), relative to the working directory like the foundation model's SHUJI_FM_MODEL_DIR
 * default ('models/shuji-fm-v2'): the services and the specs run from the repository root.
 */
export const BIOMODELS_DIR = resolve('models', 'biomodels');

/** The SBML text of a BioModels entry kept in models/biomodels, e.g. readBioModel('BIOMD0000000379'). */
export function readBioModel(id: string, dir: string = BIOMODELS_DIR): string {
  if (!/^BIOMD\d{10}$/.test(id)) throw new RangeError(`id: "${id}" is not a BioModels curated id (BIOMD + 10 digits)`);
  return readFileSync(join(dir, id, `${id}.xml`), 'utf8');
}
