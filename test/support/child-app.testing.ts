import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/**
 * Runs an app's main.ts as its own OS process (tsx; the apps inject explicitly, so no decorator metadata is
 * needed), so a test can SIGKILL it mid-stream like a crashed pod.
 */
export function spawnApp(app: 'ingest' | 'gateway' | 'platform' | 'twin', env: Record<string, string>): { proc: ChildProcess; output: () => string } {
  return spawnScript(`apps/${app}/src/main.ts`, env);
}

/** Runs any entry script (path relative to the repository root) as its own OS process, like spawnApp. */
export function spawnScript(script: string, env: Record<string, string>): { proc: ChildProcess; output: () => string } {
  let out = '';
  const proc = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, ...env, NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { proc, output: () => out };
}

export async function killHard(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  proc.kill('SIGKILL');
  await exited;
}

export async function stopGracefully(proc: ChildProcess, timeoutMs = 15_000): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/**
 * The environment of app processes on the test broker and database: Kafka bus, 4 partitions, fast retries. With
 * `databaseOwnerUrl` the apps run as the least-privileged role of `databaseUrl` and migrate as the owner.
 */
export function kafkaAppEnv(brokers: readonly string[], databaseUrl: string, accessTokensFile: string, databaseOwnerUrl?: string): Record<string, string> {
  return {
    SHUJI_ACCESS_TOKENS_FILE: accessTokensFile,
    SHUJI_BUS: 'kafka',
    KAFKA_BROKERS: brokers.join(','),
    DATABASE_URL: databaseUrl,
    ...(databaseOwnerUrl === undefined ? {} : { DATABASE_OWNER_URL: databaseOwnerUrl }),
    SHUJI_MAX_ATTEMPTS: '3',
    SHUJI_RETRY_BACKOFF_MS: '50',
    KAFKA_PARTITIONS: '4',
  };
}

/** The embedded platform's database owner (from the per-install secret it wrote in its data directory, 0600). */
export function embeddedOwnerUrl(dataDir: string, pgPort: number): string {
  const { ownerPassword } = JSON.parse(readFileSync(join(dataDir, 'postgres.credentials.json'), 'utf8')) as { ownerPassword: string };
  return `postgres://shuji:${encodeURIComponent(ownerPassword)}@127.0.0.1:${pgPort}/shuji`;
}

/** After a SIGKILLed embedded platform: stops the PostgreSQL it left behind in `pgData`, as a host crash would. */
export function stopOrphanPostgres(pgData: string): void {
  const pidFile = join(pgData, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 'SIGINT'); // PostgreSQL "fast shutdown"
  } catch {
    return;
  }
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
}
