/**
 * bench:twin — the digital twin's assimilation cost and its observation → TwinUpdated latency.
 *
 * 1. Throughput, one thread: CPU time of TwinService.handle + TwinUpdated (summary and protobuf encoding) per
 *    observation, split into the two, in observations per second per core.
 * 2. Latency under an offered load of 1,000 and 500 observations/s (arrivals on a fixed clock; a meal or dose
 *    arrives with the next reading), latency = TwinUpdated back on the main thread − scheduled arrival, so
 *    queueing counts. The load is sharded as Kafka shards it: partition = the producer's default partitioner
 *    (murmur2 of the patient key, kafkajs DefaultPartitioner) over the topic's 8 partitions, partition p owned by
 *    consumer p mod N (kafkajs RoundRobinAssigner). Each consumer is a worker thread with its own TwinService:
 *    what N processes of group shuji-twin do. Measured with 1 consumer and with N.
 * Streams: virtual T1D patients (CGM every 5 min, meals, boluses), interleaved by event time; the first quarter
 * warms the twins (JIT, every twin created) before each measurement.
 * With `--whole-person` each person's twin is the product's whole-person composite: besides CGM, a weighing, a
 * blood-pressure pair and an INR every 6 h, a morning amlodipine and an evening warfarin dose join it (every component
 * of the product's registry: T1D glucose, body weight, blood pressure, anticoagulation).
 * With `--with-ingest` the latency runs at 1,000 observations/s go on while bench:ingest's device path runs flat out on the
 * same machine (`bench/ingest.bench.ts --paths device --mode kafka`: gateway, Kafka, ingest consumer and PostgreSQL as
 * their own processes; --ingest-readings CGM readings, default 1,000,000, about 45 s at the idle machine's 22,000/s):
 * the twin's workers start measuring once the ingest stream has started, and the ingest's end-to-end rate is printed
 * beside the twin's p99, each twin window marked as inside the ingest stream or not (one that is not was not measured
 * under that load).
 * Usage: tsx bench/twin.bench.ts [patients=100] [hours=12] [ensemble=the twin default, 64] [consumers=2] [seconds=10] [--whole-person]
 *                                [--with-ingest [--ingest-readings 1000000] [--ingest-nice 0]]
 * `--ingest-nice N` runs the ingest side (gateway, consumer, Kafka, PostgreSQL, load generator) at CPU priority N, the
 * twin at its own: what a box that hosts both should do, since the twin's latency matters and the ingest's backlog waits
 * safely in Kafka.
 */
import { spawn } from 'node:child_process';
import { loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Topics } from '@shuji/contracts';
import { uvaPadovaSubjects } from '@shuji/models';
import {
  DEFAULT_TWIN_SETTINGS,
  generateVirtualPatient,
  InMemoryTwinEventLog,
  InMemoryTwinSnapshotStore,
  summariseTwin,
  TwinService,
  T1dComponentFactory,
  ProfileComponentFactory,
  wholePersonRegistry,
  twinUpdateOf,
  type TwinEvent,
} from '@shuji/twin';
import { Partitioners } from 'kafkajs';
import { toTwinUpdated } from '../apps/twin/src/index';
import type { TwinPartitionReply, TwinPartitionRequest, TwinPartitionSetup } from './twin-partition.worker';

const wholePerson = process.argv.includes('--whole-person');
const withIngest = process.argv.includes('--with-ingest');
const readingsAt = process.argv.indexOf('--ingest-readings');
const ingestReadings = readingsAt >= 0 ? Number(process.argv[readingsAt + 1]) : 1_000_000;
const niceAt = process.argv.indexOf('--ingest-nice');
/** CPU priority of the ingest processes (nice 0–19; they inherit it from the bench:ingest child): 0 = the twin's own. */
const ingestNice = niceAt >= 0 ? Number(process.argv[niceAt + 1]) : 0;
const VALUED = ['--ingest-readings', '--ingest-nice'];
const args = process.argv.slice(2).filter((a, i, all) => !['--whole-person', '--with-ingest', ...VALUED].includes(a) && !VALUED.includes(all[i - 1]!));
const patients = Number(args[0] ?? 100);
const hours = Number(args[1] ?? 12);
const ensembleSize = Number(args[2] ?? DEFAULT_TWIN_SETTINGS.ensembleSize);
const consumers = Number(args[3] ?? 2);
const seconds = Number(args[4] ?? 10);
/** KAFKA_PARTITIONS default of the platform. */
const PARTITIONS = 8;

/** A weighing, a blood-pressure pair and an INR every 6 h from the first hour; amlodipine at 8 and warfarin at 18 each day. */
function clinicEvents(patientId: string, startMs: number, hoursLong: number): TwinEvent[] {
  const out: TwinEvent[] = [];
  for (let h = 1; h < hoursLong; h += 6) {
    const timeMs = startMs + h * 3_600_000 + 30_000;
    out.push({ kind: 'observation', id: `${patientId}-w-${h}`, patientId, timeMs, loinc: '29463-7', value: 78 + 0.1 * (h % 5), unit: 'kg' });
    out.push({ kind: 'observation', id: `${patientId}-s-${h}`, patientId, timeMs, loinc: '8480-6', value: 142 - (h % 7), unit: 'mm[Hg]' });
    out.push({ kind: 'observation', id: `${patientId}-d-${h}`, patientId, timeMs, loinc: '8462-4', value: 88 - (h % 5), unit: 'mm[Hg]' });
    out.push({ kind: 'observation', id: `${patientId}-i-${h}`, patientId, timeMs, loinc: '6301-6', value: 2.2 + 0.05 * (h % 4), unit: '{INR}' });
  }
  for (let d = 0; d * 24 + 8 < hoursLong; d++) out.push({ kind: 'medication-dose', id: `${patientId}-aml-${d}`, patientId, timeMs: startMs + (d * 24 + 8) * 3_600_000, atc: 'C08CA01', mg: 5 });
  for (let d = 0; d * 24 + 18 < hoursLong; d++) out.push({ kind: 'medication-dose', id: `${patientId}-war-${d}`, patientId, timeMs: startMs + (d * 24 + 18) * 3_600_000, atc: 'B01AA03', mg: 5 });
  return out;
}

const priors: Record<string, Readonly<Record<string, number>>> = {};
const streams: TwinEvent[] = [];
for (let i = 0; i < patients; i++) {
  const vp = generateVirtualPatient({ index: i, days: Math.ceil(hours / 24), seed: 99 });
  priors[vp.patientId] = uvaPadovaSubjects().find((s) => s.name === vp.baseSubject)?.parameters ?? {};
  const end = vp.truth.timeMs[0] + hours * 3_600_000;
  streams.push(...vp.events.filter((e) => e.timeMs < end));
  if (wholePerson) streams.push(...clinicEvents(vp.patientId, vp.truth.timeMs[0], hours));
}
streams.sort((a, b) => a.timeMs - b.timeMs || (a.id < b.id ? -1 : 1));
const warmCount = Math.floor(streams.length / 4);
const isObservation = (e: TwinEvent): boolean => e.kind === 'observation';

const partitioner = Partitioners.DefaultPartitioner();
const partitionMetadata = Array.from({ length: PARTITIONS }, (_, partitionId) => ({ partitionId, leader: 0, partitionErrorCode: 0, replicas: [0], isr: [0] }));
const partitionOf = new Map(Object.keys(priors).map((id) => [id, partitioner({ topic: Topics.observationRecorded, partitionMetadata, message: { key: id, value: null } })]));
const consumerOf = (e: TwinEvent, n: number): number => (partitionOf.get(e.patientId) ?? 0) % n;

const quantiles = (xs: number[]): ((p: number) => number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
};
const load = (): string => `load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} CPUs`;
const ms = (us: number): number => us / 1000;
const cpuUs = (u: NodeJS.CpuUsage): number => u.user + u.system;

async function throughput(): Promise<void> {
  const priorOf = (id: string) => Promise.resolve(priors[id] ?? {});
  const factory = wholePerson ? new ProfileComponentFactory(wholePersonRegistry(priorOf)) : new T1dComponentFactory(priorOf);
  const sut = new TwinService(new InMemoryTwinEventLog(), new InMemoryTwinSnapshotStore(), factory, { ...DEFAULT_TWIN_SETTINGS, ensembleSize });
  for (const e of streams.slice(0, warmCount)) toTwinUpdated(twinUpdateOf(await sut.handle(e)));
  const rest = streams.slice(warmCount);
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const total: number[] = [];
  const twinUpdated: number[] = [];
  const summary: number[] = [];
  let bytes = 0;
  for (const e of rest) {
    const before = process.cpuUsage();
    const update = twinUpdateOf(await sut.handle(e));
    const handled = process.cpuUsage(before);
    bytes += toTwinUpdated(update).value.length;
    const mapped = process.cpuUsage(before);
    if (isObservation(e)) {
      total.push(ms(cpuUs(mapped)));
      twinUpdated.push(ms(cpuUs(mapped) - cpuUs(handled)));
    }
  }
  const used = cpuUs(process.cpuUsage(cpu)) / 1e6;
  const obs = rest.filter(isObservation).length;
  // the summary alone, on the last twin, for the split of the TwinUpdated cost (process.cpuUsage ticks are coarse)
  const last = await sut.get(rest[rest.length - 1].patientId);
  for (let k = 0; k < 200; k++) {
    const t = performance.now();
    summariseTwin(last);
    summary.push(performance.now() - t);
  }
  const q = quantiles(total);
  const qu = quantiles(twinUpdated);
  const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
  console.log(`throughput, one thread: ${obs} observations (${rest.length} events) in ${used.toFixed(2)} s CPU, ${((performance.now() - wall) / 1000).toFixed(2)} s wall`);
  console.log(`  ${(obs / used).toFixed(0)} observations/s/core (ensemble ${ensembleSize}, ${patients} patients)`);
  console.log(`  CPU per observation → TwinUpdated: p50 ${q(0.5).toFixed(2)} ms, p99 ${q(0.99).toFixed(2)} ms, max ${q(1).toFixed(2)} ms`);
  console.log(
    `  of which TwinUpdated (summary + encoding): mean ${(mean(twinUpdated) * 1000).toFixed(0)} µs, p50 ${(qu(0.5) * 1000).toFixed(0)} µs; summary alone p50 ${(quantiles(summary)(0.5) * 1000).toFixed(0)} µs; ${(bytes / rest.length).toFixed(0)} bytes per TwinUpdated`,
  );
  console.log(`  ${load()}`);
}

/** N consumer threads of group shuji-twin. */
class ConsumerPool {
  private onReply: (worker: number, reply: TwinPartitionReply) => void = () => undefined;

  private constructor(private readonly workers: Worker[]) {
    workers.forEach((w, k) => {
      w.on('message', (reply: TwinPartitionReply) => this.onReply(k, reply));
      w.on('error', (error) => {
        throw error;
      });
    });
  }

  /**
   * Workers run the TypeScript sources through tsx's require hook (the cohort runner's esbuild bundle is wired to
   * its own worker entry); start-up costs seconds, once, outside every measurement.
   */
  static start(n: number): ConsumerPool {
    const file = join(__dirname, 'twin-partition.worker.ts');
    const setup: TwinPartitionSetup = { ensembleSize, priors, wholePerson };
    const code = `require('tsx/cjs/api').register(); require(${JSON.stringify(file)});`;
    return new ConsumerPool(Array.from({ length: n }, () => new Worker(code, { eval: true, workerData: setup })));
  }

  get size(): number {
    return this.workers.length;
  }

  post(worker: number, request: TwinPartitionRequest): void {
    this.workers[worker].postMessage(request);
  }

  /** Sends one request to each worker and resolves with their replies of `kind`. */
  async all<K extends TwinPartitionReply['kind']>(requests: TwinPartitionRequest[], kind: K): Promise<Extract<TwinPartitionReply, { kind: K }>[]> {
    const replies = new Array<Extract<TwinPartitionReply, { kind: K }>>(requests.length);
    let pending = requests.length;
    await new Promise<void>((resolve, reject) => {
      this.listen((k, reply) => {
        if (reply.kind === 'error') reject(new Error(reply.message));
        else if (reply.kind === kind) {
          replies[k] = reply as Extract<TwinPartitionReply, { kind: K }>;
          if (--pending === 0) resolve();
        }
      });
      requests.forEach((r, k) => this.post(k, r));
    });
    return replies;
  }

  listen(onReply: (worker: number, reply: TwinPartitionReply) => void): void {
    this.onReply = onReply;
  }

  close(): Promise<number[]> {
    return Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** A measured window of the twin (performance.now() ms), to tell whether it fell inside the ingest stream. */
interface Window {
  readonly label: string;
  readonly start: number;
  readonly end: number;
}

async function latency(pool: ConsumerPool, n: number, rate: number, windows: Window[] = []): Promise<void> {
  // all twins rebuilt from the same warm-up, each consumer holding its own partitions' patients
  await pool.all(
    Array.from({ length: pool.size }, (_, k) => ({ kind: 'warm', events: streams.slice(0, warmCount).filter((e) => consumerOf(e, n) === k) })),
    'ready',
  );
  await pool.all(Array.from({ length: pool.size }, () => ({ kind: 'utilisation' })), 'utilisation');
  const offered: TwinEvent[] = [];
  let observations = 0;
  for (const e of streams.slice(warmCount)) {
    if (isObservation(e) && observations === rate * seconds) break;
    offered.push(e);
    if (isObservation(e)) observations++;
  }
  const t0 = performance.now() + 20;
  const due: number[] = [];
  let slot = 0;
  for (const e of offered) {
    due.push(t0 + (slot * 1000) / rate);
    if (isObservation(e)) slot++;
  }
  const latencies: number[] = [];
  const perConsumer = new Array<number>(n).fill(0);
  const cpu = process.cpuUsage();
  await new Promise<void>((resolve, reject) => {
    let answered = 0;
    pool.listen((_, reply) => {
      if (reply.kind === 'error') reject(new Error(reply.message));
      if (reply.kind !== 'updated') return;
      if (reply.twinUpdated.length === 0) reject(new Error(`event ${reply.seq}: empty TwinUpdated`));
      if (isObservation(offered[reply.seq])) latencies.push(performance.now() - due[reply.seq]);
      if (++answered === offered.length) resolve();
    });
    let next = 0;
    const pump = (): void => {
      const now = performance.now();
      for (; next < offered.length && due[next] <= now; next++) {
        const k = consumerOf(offered[next], n);
        perConsumer[k] += isObservation(offered[next]) ? 1 : 0;
        pool.post(k, { kind: 'event', seq: next, event: offered[next] });
      }
      if (next < offered.length) setTimeout(pump, Math.max(0, due[next] - performance.now() - 0.5));
    };
    setTimeout(pump, Math.max(0, t0 - performance.now()));
  });
  windows.push({ label: `${rate}/s over ${n} consumer${n > 1 ? 's' : ''}`, start: t0, end: performance.now() });
  const wallS = (performance.now() - t0) / 1000;
  const cpuS = cpuUs(process.cpuUsage(cpu)) / 1e6;
  const utilisation = await pool.all(Array.from({ length: pool.size }, () => ({ kind: 'utilisation' })), 'utilisation');
  const q = quantiles(latencies);
  console.log(
    `latency at ${rate} observations/s offered for ${seconds} s over ${n} consumer thread${n > 1 ? 's' : ''} (${latencies.length} observations): p50 ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms, max ${q(1).toFixed(1)} ms`,
  );
  console.log(
    `  observations per consumer ${perConsumer.join(' / ')}; busy ${utilisation
      .slice(0, n)
      .map((u) => `${(u.utilisation * 100).toFixed(0)} %`)
      .join(' / ')}; ${(latencies.length / cpuS).toFixed(0)} observations per CPU-second (all threads); ${load()}`,
  );
  if (wallS > seconds * 1.05) console.log(`  drained in ${wallS.toFixed(1)} s: overloaded`);
}

/**
 * bench:ingest's device path over Kafka as a child process: `streaming` resolves when its HTTP load starts, `done` with
 * its output when it exits; the stream's end is the time its `== device over kafka` report appears.
 */
function startIngest(): { streaming: Promise<number>; done: Promise<{ output: string; streamEnd: number | undefined }> } {
  const ingestArgs = [join(__dirname, '../node_modules/.bin/tsx'), join(__dirname, 'ingest.bench.ts'), '--paths', 'device', '--mode', 'kafka', '--device-readings', String(ingestReadings), '--time-limit', '600'];
  const [command, ...rest] = ingestNice > 0 ? ['nice', '-n', String(ingestNice), ...ingestArgs] : ingestArgs;
  const child = spawn(command!, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let streamEnd: number | undefined;
  let onStream: (t: number) => void = () => undefined;
  const streaming = new Promise<number>((resolve) => (onStream = resolve));
  const read = (chunk: Buffer): void => {
    output += chunk.toString();
    if (/device over kafka: \d+ requests/.test(output)) onStream(performance.now());
    if (streamEnd === undefined && output.includes('== device over kafka')) streamEnd = performance.now();
  };
  child.stdout.on('data', read);
  child.stderr.on('data', read);
  const done = new Promise<{ output: string; streamEnd: number | undefined }>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve({ output, streamEnd }) : reject(new Error(`bench:ingest exited ${code}:\n${output.slice(-3000)}`)))),
  );
  // an ingest that fails before streaming must not leave the twin waiting for ever
  void done.then(() => onStream(performance.now()), () => onStream(performance.now()));
  return { streaming, done };
}

/** Twin latency at 1,000 observations/s while the device ingest runs flat out; both figures side by side. */
async function underIngest(): Promise<void> {
  const pool = ConsumerPool.start(consumers);
  const ingest = startIngest();
  const windows: Window[] = [];
  try {
    const streamStart = await ingest.streaming;
    console.log(`ingest stream started (bench:ingest --paths device --mode kafka --device-readings ${ingestReadings}${ingestNice > 0 ? `, under nice ${ingestNice}` : ''}); measuring the twin now`);
    for (const n of [...new Set([consumers, 1])]) await latency(pool, n, 1000, windows);
    const { output, streamEnd } = await ingest.done;
    console.log('\n== device ingest over kafka, in the same run (bench:ingest output)');
    const block = output.slice(output.indexOf('== device over kafka')).split('\n').slice(1);
    for (const line of block) {
      if (line.trim() === '' || line.startsWith('==')) break;
      console.log(line);
    }
    for (const w of windows) {
      const inside = w.start >= streamStart && streamEnd !== undefined && w.end <= streamEnd;
      console.log(`  twin window ${w.label}: ${((w.start - streamStart) / 1000).toFixed(1)}–${((w.end - streamStart) / 1000).toFixed(1)} s after the stream started; ${inside ? 'inside the ingest stream' : `NOT inside the ingest stream (it ended at ${streamEnd === undefined ? '?' : ((streamEnd - streamStart) / 1000).toFixed(1)} s)`}`);
    }
  } finally {
    await pool.close();
  }
}

async function main(): Promise<void> {
  console.log(`bench:twin — ${patients} virtual patients × ${hours} h, ${streams.length} events; ${PARTITIONS} partitions; twin: ${wholePerson ? `whole person (${wholePersonRegistry(() => Promise.resolve({})).descriptors.map((d) => d.id).join(' + ')})` : 'T1D'}; ${load()}`);
  if (withIngest) return underIngest();
  await throughput();
  const pool = ConsumerPool.start(consumers);
  try {
    for (const n of [...new Set([1, consumers])]) {
      for (const rate of [1000, 500]) await latency(pool, n, rate);
    }
  } finally {
    await pool.close();
  }
}

void main();
