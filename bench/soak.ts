/**
 * soak — a long steady stream through the embedded platform (`npm start` mode) to show that memory and disk stay
 * bounded: 200,000 readings by default at a fixed rate, 90 % wearable heart rate over 500 people and 10 % CGM over
 * 20 people (so the twin assimilates too). Every 10 s it samples the platform's resident memory (/proc VmRSS), the
 * bus journal's size on disk, PostgreSQL's data directory and the rows stored (sent − stored is the consumers'
 * backlog, which the bus must hold), and at the end compares the RSS growth of the first and last thirds.
 * Usage: tsx bench/soak.ts [readings=200000] [per-second=1000]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

const ROOT = resolve(__dirname, '..');
const TOTAL = Number(process.argv[2] ?? 200_000);
const RATE = Number(process.argv[3] ?? 1_000);
const BATCH = 50;
const SAMPLE_EVERY_MS = 10_000;

interface Sample {
  readonly t: number;
  readonly sent: number;
  /** Readings stored by then: sent − stored is the consumers' backlog. */
  readonly stored: number;
  readonly rssMb: number;
  readonly journalMb: number;
  readonly postgresMb: number;
}

function dirBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) n += dirBytes(p);
    else if (e.isFile()) n += statSync(p).size;
  }
  return n;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** The n-th reading: heart rate of one of 500 people, or every tenth a CGM reading of one of 20 (5-min cadence). */
function reading(n: number): Record<string, unknown> {
  const start = Date.UTC(2026, 10, 1);
  if (n % 10 === 9) {
    const k = (n - 9) / 10;
    const person = k % 20;
    const step = Math.floor(k / 20);
    const glucose = 140 + 40 * Math.sin(step / 20 + person) + 10 * Math.sin(step / 3);
    return { patient_id: `soak-cgm-${person}`, code: '99504-3', value: Math.round(glucose), unit: 'mg/dL', time: new Date(start + step * 300_000).toISOString(), modality: 'cgm' };
  }
  const person = n % 500;
  const step = Math.floor(n / 500);
  return { patient_id: `soak-hr-${person}`, code: '8867-4', value: 55 + ((n * 7) % 50), unit: '/min', time: new Date(start + step * 60_000).toISOString(), modality: 'wearable' };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shuji-soak-'));
  const port = 38_000 + Math.floor(Math.random() * 1_000);
  const platform = spawn(process.execPath, ['--import', 'tsx', 'apps/platform/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, SHUJI_DATA_DIR: dataDir, PORT: String(port), SHUJI_DEMO: 'false', NODE_ENV: 'development' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      const status = await fetch(`${url}/health/ready`).then((r) => r.status, () => 0);
      if (status === 200) break;
      if (i > 600) throw new Error('platform did not get ready');
      await new Promise((r) => setTimeout(r, 250));
    }
    const token = readFileSync(join(dataDir, 'access', 'dev-admin-token'), 'utf8').trim();
    const { ownerPassword } = JSON.parse(readFileSync(join(dataDir, 'postgres.credentials.json'), 'utf8')) as { ownerPassword: string };
    const pgPort = readFileSync(join(dataDir, 'postgres.port'), 'utf8').trim();
    const db = new Client({ connectionString: `postgres://shuji:${encodeURIComponent(ownerPassword)}@127.0.0.1:${pgPort}/shuji` });
    await db.connect();
    const samples: Sample[] = [];
    const t0 = Date.now();
    let sent = 0;
    let refused = 0;
    const sample = async () => {
      const at = (Date.now() - t0) / 1000;
      const stored = Number((await db.query('SELECT count(*) AS n FROM observations')).rows[0].n);
      samples.push({ t: at, sent, stored, rssMb: rssMb(platform.pid!), journalMb: dirBytes(join(dataDir, 'bus')) / 2 ** 20, postgresMb: dirBytes(join(dataDir, 'postgres')) / 2 ** 20 });
    };
    await sample();
    const sampler = setInterval(() => void sample(), SAMPLE_EVERY_MS);
    // a fixed clock: batch b is due at b · BATCH / RATE seconds, whatever the previous answer took
    for (let b = 0; b * BATCH < TOTAL; b++) {
      const due = t0 + ((b * BATCH) / RATE) * 1000;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const items = Array.from({ length: Math.min(BATCH, TOTAL - b * BATCH) }, (_, i) => reading(b * BATCH + i));
      const res = await fetch(`${url}/v1/ingest/observations`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(items) });
      await res.arrayBuffer();
      if (res.status === 202) sent += items.length;
      else refused += items.length;
    }
    // let the consumers drain (at most 5 minutes), then one last sample
    for (let i = 0; i < 300 && Number((await db.query('SELECT count(*) AS n FROM observations')).rows[0].n) < sent; i++) await new Promise((r) => setTimeout(r, 1_000));
    clearInterval(sampler);
    await sample();
    await db.end();
    const seconds = (Date.now() - t0) / 1000;
    console.log(`== soak: ${TOTAL.toLocaleString('en')} readings at ${RATE}/s through the embedded platform (${new Date().toISOString()}, ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length})`);
    console.log(`accepted ${sent.toLocaleString('en')}, refused ${refused}, ${seconds.toFixed(0)} s`);
    console.log('| t (s) | sent | stored | RSS (MB) | bus journal (MB) | PostgreSQL (MB) |');
    console.log('|---|---|---|---|---|---|');
    for (const s of samples) console.log(`| ${s.t.toFixed(0)} | ${s.sent.toLocaleString('en')} | ${s.stored.toLocaleString('en')} | ${s.rssMb.toFixed(0)} | ${s.journalMb.toFixed(1)} | ${s.postgresMb.toFixed(0)} |`);
    const third = Math.max(1, Math.floor(samples.length / 3));
    const growth = (f: (s: Sample) => number, from: number, to: number) => f(samples[to]!) - f(samples[from]!);
    const last = samples.length - 1;
    console.log(`RSS: peak ${Math.max(...samples.map((s) => s.rssMb)).toFixed(0)} MB; growth first third ${growth((s) => s.rssMb, 0, third).toFixed(0)} MB, last third ${growth((s) => s.rssMb, last - third, last).toFixed(0)} MB`);
    console.log(`bus journal: peak ${Math.max(...samples.map((s) => s.journalMb)).toFixed(1)} MB, at the end ${samples[last]!.journalMb.toFixed(1)} MB`);
  } finally {
    platform.kill('SIGTERM');
    await new Promise((r) => platform.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
