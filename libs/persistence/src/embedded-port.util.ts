import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, isPortFree } from '@shuji/config';

/**
 * The embedded PostgreSQL's port for a data directory: the one it used before (`<dir>/postgres.port`) while that is
 * free, else one the OS says is free, remembered for next time. Two platforms with two data directories on one
 * machine so never collide, and a restart keeps its port.
 */
export async function embeddedPortFor(dataDir: string): Promise<number> {
  const file = join(dataDir, 'postgres.port');
  const remembered = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(remembered) && remembered > 0 && remembered < 65536 && (await isPortFree(remembered))) return remembered;
  const port = await freePort();
  await writeFile(file, `${port}\n`, { mode: 0o600 });
  return port;
}
