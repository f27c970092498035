import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * The embedded PostgreSQL's port for a data directory: the one it used before (`<dir>/postgres.port`) while that is
 * free, else one the OS says is free, remembered for next time. Two platforms with two data directories on one
 * machine so never collide, and a restart keeps its port.
 */
export async function embeddedPortFor(dataDir: string): Promise<number> {
  const file = join(dataDir, 'postgres.port');
  const remembered = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(remembered) && remembered > 0 && remembered < 65536 && (await isFree(remembered))) return remembered;
  const port = await freePort();
  await writeFile(file, `${port}\n`, { mode: 0o600 });
  return port;
}

/** A TCP port on 127.0.0.1 that nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
