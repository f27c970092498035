import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

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
