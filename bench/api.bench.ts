/**
 * `npm run bench:api [-- --rate 500 --seconds 20 --warmup 5 --stalls --only /v1/me/twin]`: a script, not a test. Latency and throughput
 * of the patient app's reads on the embedded platform (`npm start`'s configuration, demo on, rate limit off): `GET
 * /v1/me/twin` and `GET /v1/me/twin/forecast?code=99504-3&horizon_min=60` (the hybrid: the twin's 64 members and the
 * foundation model) for a live demo T1D person, at a fixed offered rate with autocannon, and — for the ratio — `GET
 * /health/live` (no database, no twin) in the same run. Goal (issue 16): p99 < 50 ms at 500 requests/s.
 *
 * Protocol: the platform starts, the bus drains the demo's initial ingest, and the script waits until the event loop
 * is quiet (3 s in a row without a delay over 20 ms, or 60 s at most: the wait is printed). Then, per route, a
 * warm-up of `--warmup` seconds at the same rate (not measured: JIT, connection set-up, the forecast's first
 * computation per revision) and the measured window of `--seconds`. The demo keeps streaming through both (its twins
 * update in this process), every read writes its audit row before it answers, and the rate limit is off. The
 * platform's event-loop delay (perf_hooks' monitorEventLoopDelay, 10 ms resolution) is reported for each measured
 * window; `--only PATH` measures one route; `--stalls` also lists every turn of the loop longer than 50 ms and what the demo did around it.
 * autocannon runs as its own process (its CLI, JSON out), so the load generator does not share the platform's loop.
 * Its fixed rate (`-R`) is bursty: each of the 50 connections sends its 10 requests of a second back to back as the
 * second starts, then waits for the next one, so the platform takes each second's 500 requests 50 at a time in the
 * first few hundred ms — harsher than evenly spaced arrivals, and a latency is mostly its place in that queue.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { hashToken, Role } from '@shuji/access';
import { InProcessBroker } from '@shuji/messaging';
import { startPlatform } from '../apps/platform/src/index';

const arg = (name: string, fallback: number): number => {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? Number(process.argv[k + 1]) : fallback;
};
const rate = arg('rate', 500);
const seconds = arg('seconds', 20);
const warmup = arg('warmup', 5);
const traceStalls = process.argv.includes('--stalls');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

interface AutocannonResult {
  readonly requests: { readonly average: number };
  readonly latency: Readonly<Record<'p50' | 'p90' | 'p99' | 'max', number>>;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}

function autocannonProcess(url: string, token: string, durationS: number): Promise<AutocannonResult> {
  const cli = require.resolve('autocannon/autocannon.js');
  const args = [cli, '-c', '50', '-R', String(rate), '-d', String(durationS), '-H', `authorization=Bearer ${token}`, '-j', url];
  return new Promise((resolve, reject) => {
    let out = '';
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as AutocannonResult) : reject(new Error(`autocannon exited ${code}`))));
  });
}

const ms = (ns: number): string => (ns / 1e6).toFixed(0);

/** Waits until no turn of the loop took over `limitMs` for `quietS` seconds in a row (at most `maxS`); returns the seconds waited. */
async function untilQuiet(limitMs = 20, quietS = 3, maxS = 60): Promise<number> {
  const start = performance.now();
  let quiet = 0;
  while (quiet < quietS && performance.now() - start < maxS * 1000) {
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    await new Promise((r) => setTimeout(r, 1000));
    h.disable();
    quiet = h.max / 1e6 <= limitMs ? quiet + 1 : 0;
  }
  return (performance.now() - start) / 1000;
}

/** Turns of the loop over 50 ms, seen as a 10 ms timer that fires late (for `--stalls`). */
function stallTracer(t0: number): () => string[] {
  const stalls: string[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - last > 60) stalls.push(`${((last - t0) / 1000).toFixed(2)} s: ${(now - last - 10).toFixed(0)} ms`);
    last = now;
  }, 10);
  return () => {
    clearInterval(timer);
    return stalls;
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'shuji-bench-api-')); // the data dir itself (the platform sets its modes)
  const secrets = mkdtempSync(join(tmpdir(), 'shuji-bench-api-tokens-'));
  const token = 'bench-patient-token-0123456789abcdef';
  const tokens = join(secrets, 'tokens.json');
  writeFileSync(tokens, JSON.stringify({ [hashToken(token)]: { id: 'patient:demo-t1d-1', role: Role.Patient, patients: ['demo-t1d-1'] } }), { mode: 0o600 });
  const platform = await startPlatform({ SHUJI_DATA_DIR: dir, SHUJI_ACCESS_TOKENS_FILE: tokens, PORT: '0', SHUJI_DEMO: 'true', SHUJI_RATE_LIMIT_PER_SEC: '0' });
  await platform.app.get(InProcessBroker).whenIdle();
  const waited = await untilQuiet();
  const url = platform.url.replace('localhost', '127.0.0.1');
  console.log(`# bench:api — ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
  console.log(`offered ${rate} requests/s, 50 connections, per route a ${warmup} s warm-up then ${seconds} s measured; the demo streams live meanwhile`);
  console.log(`after the bus drained the demo's ingest, ${waited.toFixed(0)} s until the event loop was quiet\n`);
  console.log('| route | requests/s served | p50 ms | p90 ms | p99 ms | max ms | non-2xx | errors | loop delay p99 / max ms |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const t0 = performance.now();
  for (const path of ['/health/live', '/v1/me/twin', '/v1/me/twin/forecast?code=99504-3&horizon_min=60'].filter((p) => only === undefined || p === only)) {
    if (warmup > 0) await autocannonProcess(url + path, token, warmup);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    const stalls = traceStalls ? stallTracer(t0) : undefined;
    loop.enable();
    const r = await autocannonProcess(url + path, token, seconds);
    loop.disable();
    const l = r.latency;
    console.log(`| \`${path}\` | ${r.requests.average.toFixed(0)} | ${l.p50} | ${l.p90} | ${l.p99} | ${l.max} | ${r.non2xx} | ${r.errors + r.timeouts} | ${ms(loop.percentile(99))} / ${ms(loop.max)} |`);
    if (stalls !== undefined) console.log(`  stalls over 50 ms: ${stalls().join(', ') || 'none'}`);
  }
  console.log(`\nload at the end ${loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
  await new Promise((r) => setTimeout(r, 2000)); // the last answers drain before the database goes
  await platform.close();
  for (const d of [dir, secrets]) rmSync(d, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
