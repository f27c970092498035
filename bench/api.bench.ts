/**
 * `npm run bench:api [-- --rate 500 --seconds 20]`: a script, not a test. Latency and throughput of the patient app's
 * reads on the embedded platform (`npm start`'s configuration, demo on, rate limit off): `GET /v1/me/twin` and
 * `GET /v1/me/twin/forecast?code=99504-3&horizon_min=60` (the hybrid: the twin's 64 members and the foundation
 * model) for a live demo T1D person, at a fixed offered rate with autocannon, and — for the ratio — `GET
 * /health/live` (no database, no twin) in the same run. Goal (issue 16): p99 < 50 ms at 500 requests/s.
 * autocannon runs as its own process (its CLI, JSON out), so the load generator does not share the platform's
 * event loop.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashToken, Role } from '@shuji/access';
import { InProcessBroker } from '@shuji/messaging';
import { startPlatform } from '../apps/platform/src/index';

const arg = (name: string, fallback: number): number => {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? Number(process.argv[k + 1]) : fallback;
};
const rate = arg('rate', 500);
const seconds = arg('seconds', 20);

interface AutocannonResult {
  readonly requests: { readonly average: number };
  readonly latency: Readonly<Record<'p50' | 'p90' | 'p99' | 'max', number>>;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}

function autocannonProcess(url: string, token: string): Promise<AutocannonResult> {
  const cli = require.resolve('autocannon/autocannon.js');
  const args = [cli, '-c', '50', '-R', String(rate), '-d', String(seconds), '-H', `authorization=Bearer ${token}`, '-j', url];
  return new Promise((resolve, reject) => {
    let out = '';
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as AutocannonResult) : reject(new Error(`autocannon exited ${code}`))));
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'shuji-bench-api-')); // the data dir itself (the platform sets its modes)
  const secrets = mkdtempSync(join(tmpdir(), 'shuji-bench-api-tokens-'));
  const token = 'bench-patient-token-0123456789abcdef';
  const tokens = join(secrets, 'tokens.json');
  writeFileSync(tokens, JSON.stringify({ [hashToken(token)]: { id: 'patient:demo-t1d-1', role: Role.Patient, patients: ['demo-t1d-1'] } }), { mode: 0o600 });
  const platform = await startPlatform({ SHUJI_DATA_DIR: dir, SHUJI_ACCESS_TOKENS_FILE: tokens, PORT: '0', SHUJI_DEMO: 'true', SHUJI_RATE_LIMIT_PER_SEC: '0' });
  await platform.app.get(InProcessBroker).whenIdle();
  const url = platform.url.replace('localhost', '127.0.0.1');
  console.log(`# bench:api — ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
  console.log(`offered ${rate} requests/s for ${seconds} s each, 50 connections; the demo streams live meanwhile\n`);
  console.log('| route | requests/s served | p50 ms | p90 ms | p99 ms | max ms | non-2xx | errors |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const path of ['/health/live', '/v1/me/twin', '/v1/me/twin/forecast?code=99504-3&horizon_min=60']) {
    const r = await autocannonProcess(url + path, token);
    const l = r.latency;
    console.log(`| \`${path}\` | ${r.requests.average.toFixed(0)} | ${l.p50} | ${l.p90} | ${l.p99} | ${l.max} | ${r.non2xx} | ${r.errors + r.timeouts} |`);
  }
  await new Promise((r) => setTimeout(r, 2000)); // the last answers drain before the database goes
  await platform.close();
  for (const d of [dir, secrets]) rmSync(d, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
