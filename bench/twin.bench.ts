/**
 * bench:twin — assimilation throughput (observations per second per core: CPU time of TwinService.handle +
 * TwinUpdated encoding, one thread) and observation → TwinUpdated latency p50/p99 under an offered load of
 * 1,000 observations/s (arrivals on a fixed clock; latency = TwinUpdated ready − scheduled arrival, so queueing
 * counts; one thread = one consumer partition). Also at 500/s, below one core's throughput. Streams: virtual T1D patients (CGM every 5 min, meals, boluses), interleaved by event time.
 * Usage: tsx bench/twin.bench.ts [patients=100] [hours=12] [ensemble=32]
 */
import { toTwinUpdated } from '../apps/twin/src/twin-updated.mapper';
import { uvaPadovaSubjects } from '@shuji/models';
import {
  DEFAULT_TWIN_SETTINGS,
  generateVirtualPatient,
  InMemoryTwinEventLog,
  InMemoryTwinSnapshotStore,
  TwinService,
  T1dComponentFactory,
  type TwinEvent,
} from '@shuji/twin';

const patients = Number(process.argv[2] ?? 100);
const hours = Number(process.argv[3] ?? 12);
const ensembleSize = Number(process.argv[4] ?? 32);

const priors = new Map<string, Readonly<Record<string, number>>>();
const streams: TwinEvent[] = [];
for (let i = 0; i < patients; i++) {
  const vp = generateVirtualPatient({ index: i, days: Math.ceil(hours / 24), seed: 99 });
  priors.set(vp.patientId, uvaPadovaSubjects().find((s) => s.name === vp.baseSubject)?.parameters ?? {});
  const end = vp.truth.timeMs[0] + hours * 3_600_000;
  streams.push(...vp.events.filter((e) => e.timeMs < end));
}
streams.sort((a, b) => a.timeMs - b.timeMs || (a.id < b.id ? -1 : 1));
const factory = new T1dComponentFactory((id) => Promise.resolve(priors.get(id) ?? {}));
const newService = (): TwinService =>
  new TwinService(new InMemoryTwinEventLog(), new InMemoryTwinSnapshotStore(), factory, { ...DEFAULT_TWIN_SETTINGS, ensembleSize });
const isObservation = (e: TwinEvent): boolean => e.kind === 'observation';

async function throughput(): Promise<void> {
  const sut = newService();
  const half = Math.floor(streams.length / 4);
  for (const e of streams.slice(0, half)) await sut.handle(e); // warm-up: JIT and every patient's twin created
  const rest = streams.slice(half);
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const service: number[] = [];
  for (const e of rest) {
    const before = process.cpuUsage();
    toTwinUpdated(await sut.handle(e));
    const spent = process.cpuUsage(before);
    if (isObservation(e)) service.push((spent.user + spent.system) / 1000);
  }
  const used = process.cpuUsage(cpu);
  service.sort((a, b) => a - b);
  const q = (p: number): number => service[Math.min(service.length - 1, Math.floor(p * service.length))];
  const cpuS = (used.user + used.system) / 1e6;
  const obs = rest.filter(isObservation).length;
  console.log(`throughput: ${obs} observations (${rest.length} events) in ${cpuS.toFixed(2)} s CPU, ${((performance.now() - wall) / 1000).toFixed(2)} s wall`);
  console.log(`  ${(obs / cpuS).toFixed(0)} observations/s/core (ensemble ${ensembleSize}, ${patients} patients)`);
  console.log(`  CPU per observation → TwinUpdated: p50 ${q(0.5).toFixed(2)} ms, p99 ${q(0.99).toFixed(2)} ms, max ${q(1).toFixed(2)} ms`);
  console.log(`  load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} CPUs`);
}

async function latency(rate: number, seconds: number): Promise<void> {
  const sut = newService();
  const warm = Math.floor(streams.length / 4);
  for (const e of streams.slice(0, warm)) await sut.handle(e);
  const offered = streams.slice(warm).slice(0, rate * seconds);
  const latencies: number[] = [];
  const t0 = performance.now() + 50;
  let i = 0;
  while (i < offered.length) {
    const now = performance.now();
    const due = t0 + (i * 1000) / rate;
    if (now < due) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - now - 0.5)));
      continue;
    }
    const e = offered[i];
    toTwinUpdated(await sut.handle(e));
    if (isObservation(e)) latencies.push(performance.now() - due);
    i++;
  }
  latencies.sort((a, b) => a - b);
  const q = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  console.log(`latency at ${rate} events/s for ${seconds} s (${latencies.length} observations): p50 ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms, max ${q(1).toFixed(1)} ms`);
}

async function main(): Promise<void> {
  console.log(`bench:twin — ${patients} virtual patients × ${hours} h, ${streams.length} events`);
  await throughput();
  await latency(1000, 10);
  // what one core sustains: the same measurement below its throughput
  await latency(500, 10);
}

void main();
