import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { EmbeddedPostgresServer } from './embedded-postgres.server';
import { embeddedPortFor } from './embedded-port.util';
import { MIGRATIONS } from './migrations';
import type { PersistenceConfig } from './persistence-config';

export interface ShujiDatabase {
  /** The application's pool: the least-privileged role when an owner URL is known (embedded, or DATABASE_OWNER_URL). */
  readonly dataSource: DataSource;
  /** The URL the data source connected to (credentials included: never log it). */
  readonly url: string;
  /** The embedded server when DATABASE_URL was unset. */
  readonly embedded?: EmbeddedPostgresServer;
  /** Closes the pool, then stops the embedded server if this process started it. */
  close(): Promise<void>;
}

/**
 * Longest wait for a pooled connection; longest run of one statement on the server (the slowest legitimate one is a
 * batch upsert, under a second); longest wait for any answer from the server at all.
 */
const CONNECT_TIMEOUT_MS = 10_000;
const STATEMENT_TIMEOUT_MS = 60_000;
const QUERY_TIMEOUT_MS = 120_000;

/** Arbitrary constant: the advisory lock that serialises migrations across processes starting together. */
const MIGRATION_LOCK = 7_305_114_001;

/**
 * A TypeORM DataSource over PostgreSQL with Shuji's migrations; schema changes only through migrations. `bounded`
 * (the services' pool) limits every wait; migrations run unbounded, as rewriting a large table may take long.
 */
export function createDataSource(url: string, poolSize = 10, bounded = true): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: [],
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsRun: false,
    synchronize: false,
    logging: false,
    // Bounded waits: after the server dies, node-postgres can leave a connect or a query pending for good; these
    // turn that into an error the bus treats as an outage (retried), instead of a consumer hung forever.
    // The server cancels a statement first (statement_timeout, SQLSTATE 57014: the record's fault, retried as an
    // attempt), so the client's longer query_timeout only fires when the server itself stopped answering.
    extra: bounded
      ? { max: poolSize, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, statement_timeout: STATEMENT_TIMEOUT_MS, query_timeout: QUERY_TIMEOUT_MS, keepAlive: true }
      : { max: poolSize, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true },
  });
}

/**
 * Connects to `DATABASE_URL`, or starts the embedded PostgreSQL under `<dataDir>/postgres` (initialised on first
 * start, reused afterwards). Migrations run under an advisory lock as the schema's owner — the embedded cluster's
 * owner, or `DATABASE_OWNER_URL` — which then grants the application's role what it needs and no more
 * (grantApplicationRole); the returned pool runs as that role. With only DATABASE_URL, it is used for both.
 */
export async function openDatabase(config: PersistenceConfig, options: { readonly runMigrations?: boolean; readonly onLog?: (line: string) => void } = {}): Promise<ShujiDatabase> {
  let embedded: EmbeddedPostgresServer | undefined;
  let url = config.databaseUrl;
  let ownerUrl = config.databaseOwnerUrl;
  if (url === undefined) {
    const port = config.embeddedPort ?? (await embeddedPortFor(config.dataDir));
    embedded = new EmbeddedPostgresServer({ dataDir: join(config.dataDir, 'postgres'), port, ...(options.onLog ? { onLog: options.onLog } : {}) });
    ownerUrl = await embedded.start();
    url = embedded.appUrl;
  }
  const dataSource = createDataSource(url, config.poolSize);
  try {
    if (options.runMigrations ?? true) await migrateAsOwner(ownerUrl, url);
    await dataSource.initialize();
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

/** Migrations (and, with a separate owner, the grants) on a short-lived owner connection. */
async function migrateAsOwner(ownerUrl: string | undefined, appUrl: string): Promise<void> {
  const owner = createDataSource(ownerUrl ?? appUrl, 2, false);
  await owner.initialize();
  try {
    await migrate(owner, ownerUrl === undefined ? undefined : decodeURIComponent(new URL(appUrl).username));
  } finally {
    await owner.destroy();
  }
}

/** Runs pending migrations, one process at a time, then grants `appRole` its rights; returns the names of those it ran. */
export async function migrate(dataSource: DataSource, appRole?: string): Promise<string[]> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    if (appRole !== undefined) await grantApplicationRole(dataSource, appRole);
    return ran.map((m) => m.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
  }
}

/**
 * Least privilege for the role the services run as: read and write the data tables, only insert into and read the
 * audit log and the recommendation tables (no UPDATE, DELETE or TRUNCATE: they are append-only), read the migration history, create nothing.
 * Idempotent; run after every migration so new tables are covered.
 */
export async function grantApplicationRole(dataSource: DataSource, role: string): Promise<void> {
  const r = `"${role.replace(/"/g, '""')}"`;
  for (const sql of [
    `REVOKE CREATE ON SCHEMA public FROM PUBLIC`,
    `GRANT USAGE ON SCHEMA public TO ${r}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`,
    `REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ${r}`,
    // a recommendation, a decision on it and CDS feedback are records of what was advised and decided: never rewritten
    `REVOKE UPDATE, DELETE, TRUNCATE ON recommendations, recommendation_decisions, cds_feedback FROM ${r}`,
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM ${r}`,
  ]) {
    await dataSource.query(sql);
  }
}
