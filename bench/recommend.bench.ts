/**
 * bench:recommend — the time of a T1D what-if (issue 15): a twin folded over a few days of a virtual T1D person
 * (libs/twin's generator, 64 members by default), then a 2-arm what-if over 14 days (current vs a carb ratio 20 %
 * stronger), planned and run by @shuji/recommend's engine as the HTTP job does. Prints the date, the machine and
 * the load, the wall and CPU time of each of `runs` runs (after one warm-up), and the paired effect. Then one T1D
 * settings optimisation on the same twin (issue 15 item 2; POST …/recommendations/t1d-settings with its defaults:
 * P7D, ±20 %, 16-member 3-day screening of ≤ 30 plans, 3 finalists on every member): its wall and CPU time, the
 * plans screened and the best option.
 * Each what-if run twice: in this thread (its CPU time is the cost) and on the worker pool (its wall time is the
 * answer's; DEFAULT_WHAT_IF_THREADS unless given), checking the two give the same result; the first pooled run,
 * which starts the workers, is reported apart. The optimisation runs on the pool (DEFAULT_WHAT_IF_THREADS).
 * Usage: tsx bench/recommend.bench.ts [days-of-data=3] [horizon=P14D] [members=64] [runs=3] [threads]
 */
import { cpus, loadavg } from 'node:os';
import { uvaPadovaSubjects } from '@shuji/models';
import { closeWhatIfWorkerPools, DEFAULT_WHAT_IF_THREADS, defaultOptimiseRegistry, defaultWhatIfRegistry, executeWhatIf, optimisePlans, optimisePluginFor, parseOptimiseRequest, parseWhatIfRequest, planWhatIf, type WhatIfResult } from '@shuji/recommend';
import { DEFAULT_TWIN_SETTINGS, generateVirtualPatient, T1dGlucoseComponent, TwinEngine } from '@shuji/twin';

const days = Number(process.argv[2] ?? 3);
const horizon = process.argv[3] ?? 'P14D';
const ensembleSize = Number(process.argv[4] ?? DEFAULT_TWIN_SETTINGS.ensembleSize);
const runs = Number(process.argv[5] ?? 3);
const threads = Number(process.argv[6] ?? DEFAULT_WHAT_IF_THREADS);

const vp = generateVirtualPatient({ index: 10, days, seed: 2027 });
const prior = uvaPadovaSubjects().find((s) => s.name === vp.baseSubject)?.parameters ?? {};
const twin = new TwinEngine(vp.patientId, new T1dGlucoseComponent({ prior }), { ...DEFAULT_TWIN_SETTINGS, ensembleSize });
const foldStart = performance.now();
for (const e of vp.events) twin.apply(e);
const foldMs = performance.now() - foldStart;

const registry = defaultWhatIfRegistry();
const request = (cr: number) =>
  parseWhatIfRequest({ horizon, seed: 7, arms: [{ name: 'current' }, { name: 'carb ratio −20 %', changes: [{ kind: 'carb-ratio', grams_per_unit: cr }] }] }, registry);
const baseline = planWhatIf(twin, request(10), registry).parts[0].prepared.assumptions.baseline as { carb_ratio_g_per_unit: number };
const stronger = Math.round(baseline.carb_ratio_g_per_unit * 0.8 * 10) / 10;

async function once(n: number): Promise<{ wallMs: number; cpuMs: number; result: WhatIfResult }> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const result = await executeWhatIf(planWhatIf(twin, request(stronger), registry), { yieldEveryMs: 1e9, threads: n });
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000, result };
}

const loadNow = (): string => loadavg().map((x) => x.toFixed(2)).join(' / ');

async function main(): Promise<void> {
  console.log(`bench:recommend ${new Date().toISOString()} — ${cpus()[0]?.model ?? '?'}, ${cpus().length} logical CPUs, Node ${process.version}, load ${loadNow()}`);
  console.log(`twin: ${vp.patientId}, ${days} days of data (${vp.events.length} events, folded in ${(foldMs / 1000).toFixed(1)} s), ${ensembleSize} members`);
  console.log(`what-if: ${horizon}, 2 arms (current, carb ratio ${baseline.carb_ratio_g_per_unit.toFixed(1)} → ${stronger} g/U); worker threads: ${threads}`);
  const started = performance.now();
  const cold = await once(threads);
  console.log(`first pooled run (starts the workers): wall ${(cold.wallMs / 1000).toFixed(2)} s`);
  await once(1);
  let reference: string | undefined;
  for (let r = 0; r < runs; r++) {
    // in this thread (CPU time is the what-if's cost) and on the pool (wall time is the answer's); the same result
    for (const n of [1, threads]) {
      const { wallMs, cpuMs, result } = await once(n);
      const text = JSON.stringify(result);
      reference ??= text;
      const arms = result.components[0].arms;
      console.log(
        `run ${r + 1}, ${n === 1 ? 'in this thread' : `${n} threads`}: wall ${(wallMs / 1000).toFixed(2)} s, CPU ${(cpuMs / 1000).toFixed(2)} s (all threads); ` +
          `load ${loadNow()}; same as the first: ${text === reference}; TIR current ${arms[0].outcomes.time_in_range.mean.toFixed(2)}, difference ${arms[1].difference?.time_in_range.mean.toFixed(2)}`,
      );
    }
  }
  if (threads === 1) console.log('(one thread: the pooled runs are in this thread too)');
  console.log(`what-if part done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const plugin = optimisePluginFor('t1d-settings', defaultOptimiseRegistry());
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const result = await optimisePlans(twin, parseOptimiseRequest({ seed: 7 }, plugin, registry), plugin, registry, undefined, { yieldEveryMs: 1e9 });
  const used = process.cpuUsage(cpu);
  const best = result.options[0];
  console.log(
    `optimisation (t1d-settings, ${result.horizon}, ${result.members} members; screening ${result.screening.evaluated} plans on ${result.screening.members} members over ${result.screening.horizon_min / 1440} d): ` +
      `wall ${((performance.now() - wall) / 1000).toFixed(2)} s, CPU ${((used.user + used.system) / 1e6).toFixed(2)} s; ` +
      `TIR current ${result.current.outcomes.time_in_range.mean.toFixed(1)}, best ${best === undefined ? 'none offered' : `${best.outcomes.time_in_range.mean.toFixed(1)} (${JSON.stringify(best.step_percent)})`}; load ${loadNow()}`,
  );
  await closeWhatIfWorkerPools();
}

void main();
