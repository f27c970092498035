import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { EmbeddedPostgresServer } from './embedded-postgres.server';
import { MIGRATIONS } from './migrations';
import type { PersistenceConfig } from './persistence-config';

export interface ShujiDatabase {
  readonly dataSource: DataSource;
  /** The URL the data source connected to (credentials included: never log it). */
  readonly url: string;
  /** The embedded server when DATABASE_URL was unset. */
  readonly embedded?: EmbeddedPostgresServer;
  /** Closes the pool, then stops the embedded server if this process started it. */
  close(): Promise<void>;
}

/** Arbitrary constant: the advisory lock that serialises migrations across processes starting together. */
const MIGRATION_LOCK = 7_305_114_001;

/** A TypeORM DataSource over PostgreSQL with Shuji's migrations; schema changes only through migrations. */
export function createDataSource(url: string, poolSize = 10): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: [],
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsRun: false,
    synchronize: false,
    logging: false,
    extra: { max: poolSize },
  });
}

/**
 * Connects to `DATABASE_URL`, or starts the embedded PostgreSQL under `<dataDir>/postgres` (initialised on first
 * start, reused afterwards), then runs pending migrations under an advisory lock.
 */
export async function openDatabase(config: PersistenceConfig, options: { readonly runMigrations?: boolean; readonly onLog?: (line: string) => void } = {}): Promise<ShujiDatabase> {
  let embedded: EmbeddedPostgresServer | undefined;
  let url = config.databaseUrl;
  if (url === undefined) {
    embedded = new EmbeddedPostgresServer({ dataDir: join(config.dataDir, 'postgres'), port: config.embeddedPort, ...(options.onLog ? { onLog: options.onLog } : {}) });
    url = await embedded.start();
  }
  const dataSource = createDataSource(url, config.poolSize);
  try {
    await dataSource.initialize();
    if (options.runMigrations ?? true) await migrate(dataSource);
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    url,
    ...(embedded !== undefined ? { embedded } : {}),
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}

/** Runs pending migrations, one process at a time; returns the names of those it ran. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
  }
}
