import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const RELATIVE = join('libs', 'models', 'data', 'uva-padova-2008');

/**
 * The folder of the UVA/Padova data files shipped with this lib (see SOURCE.md there). Found by walking up
 * from this module, so the same code reads them from the sources (tests, tsx) and from a Nest build under
 * dist/, which compiles the code but does not copy data.
 */
function findDataDir(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, RELATIVE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`UVA/Padova data folder ${RELATIVE} not found above ${__dirname}`);
  }
}

let dataDir: string | undefined;

/** Path of one UVA/Padova data file, e.g. `vpatient_params.csv` or `sensor_params.csv`. */
export function uvaPadovaDataFile(name: string): string {
  dataDir ??= findDataDir();
  return join(dataDir, name);
}
