/**
 * `npm run bench:population [-- --people 100000] [--bp-people 2000] [--workers 1,2] [--only t1d|weight-bp]`:
 * a script, not a test. Throughput of population jobs on this machine:
 *
 * 1. T1D: `--people` virtual UVA/Padova S2008 people (all 30 subjects' groups, σ = 0.1), one day each on their
 *    own three-meal plan, one arm (so people = person-days), 5-min grid, shards of 250;
 * 2. weight + BP: `--bp-people` adults over 10 years (Hall body weight daily, visits every 90 days, amlodipine
 *    when SBP > 140 on two visits), two arms (usual care; + a 500 kcal/day deficit for 12 months when BMI ≥ 30),
 *    shards of 100.
 *
 * Each runs with 1 and 2 workers: worker threads running `simulateShard`, the same code a population-worker
 * process runs per shard. With `--kafka` the same jobs also go through a real broker and PostgreSQL to 1 and 2
 * population-worker OS processes (bench/population-kafka.ts; run it under `flock /tmp/shuji-heavy.lock`).
 * Reports person-days per second per worker, the 1 → 2 speed-up, process CPU seconds and the load average
 * before and after (the machine is shared: say so next to any figure).
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parsePopulationScenario, runPopulation, type PopulationScenario } from '@shuji/population';
import { measureOverKafka } from './population-kafka';

const arg = (name: string, fallback: string): string => {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 && process.argv[k + 1] !== undefined ? process.argv[k + 1] : fallback;
};
const people = Number(arg('people', '100000'));
const bpPeople = Number(arg('bp-people', '2000'));
const workerCounts = arg('workers', '1,2').split(',').map(Number);
const only = arg('only', '');
const overKafka = process.argv.includes('--kafka');

const t1d = parsePopulationScenario({
  name: 'bench t1d day',
  seed: 2026,
  cohort: { size: people },
  models: ['uva-padova-s2008'],
  horizon_days: 1,
  shard_size: 250,
  arms: [{ name: 'usual' }],
});

const weightBp = parsePopulationScenario({
  name: 'bench weight + BP, 10 years',
  seed: 2026,
  cohort: { size: bpPeople },
  models: ['hall-body-weight', 'amlodipine-bp'],
  horizon_days: 3650,
  report_every_days: 365,
  visit_every_days: 90,
  shard_size: 100,
  arms: [
    { name: 'usual care', policies: [{ policy: 'antihypertensive', when: 'sbp > 140', visits: 2 }] },
    { name: 'diet', policies: [{ policy: 'antihypertensive', when: 'sbp > 140', visits: 2 }, { policy: 'diet', when: 'bmi >= 30', kcal_per_day: -500, months: 12 }] },
  ],
});

interface Measured {
  readonly workers: number;
  readonly wallS: number;
  readonly cpuS: number;
  readonly personDays: number;
}

async function measure(scenario: PopulationScenario, workers: number): Promise<Measured> {
  // warm-up outside the timing: bundle the worker file, compile the models
  await runPopulation({ ...scenario, cohort: { ...scenario.cohort, size: Math.min(scenario.cohort.size, 2 * workers) }, shard_size: 1 } as PopulationScenario, { threads: workers });
  const cpu0 = process.cpuUsage();
  const run = await runPopulation(scenario, { threads: workers });
  const cpu = process.cpuUsage(cpu0);
  if (run.result.failed > 0) console.log(`  ${run.result.failed} people left out (solver failed)`);
  return { workers, wallS: run.wallMs / 1000, cpuS: (cpu.user + cpu.system) / 1e6, personDays: run.personDays };
}

async function bench(label: string, scenario: PopulationScenario): Promise<void> {
  console.log(`\n${label}: ${scenario.cohort.size.toLocaleString('en')} people × ${scenario.arms.length} arm(s) × ${scenario.horizon_days} day(s)`);
  const rows: Measured[] = [];
  for (const workers of workerCounts) {
    const m = await measure(scenario, workers);
    rows.push(m);
    const rate = m.personDays / m.wallS;
    console.log(
      `  ${workers} worker(s): ${m.personDays.toLocaleString('en')} person-days in ${m.wallS.toFixed(1)} s wall, ${m.cpuS.toFixed(1)} s CPU — ` +
        `${Math.round(rate).toLocaleString('en')} person-days/s, ${Math.round(rate / workers).toLocaleString('en')} per worker, ` +
        `${((1000 * m.cpuS) / m.personDays).toFixed(4)} CPU-ms per person-day, ${(m.cpuS / m.wallS).toFixed(2)} cores busy; load ${loadavg()[0].toFixed(2)}`,
    );
  }
  const one = rows.find((r) => r.workers === 1);
  const two = rows.find((r) => r.workers === 2);
  if (one && two) {
    // on a shared machine the wall speed-up is capped by the cores we get; CPU per person-day shows the parallel efficiency
    const efficiency = one.cpuS / one.personDays / (two.cpuS / two.personDays);
    console.log(`  speed-up 1 → 2 workers: ${(one.wallS / two.wallS).toFixed(2)}× wall; CPU per person-day 2 workers vs 1: ${(1 / efficiency).toFixed(2)}× (1.00 = no parallel overhead)`);
  }
  if (!overKafka) return;
  const warmUp = { ...scenario, cohort: { ...scenario.cohort, size: Math.min(scenario.cohort.size, 16 * scenario.shard_size) } } as PopulationScenario;
  const kafka = await measureOverKafka(scenario, workerCounts, warmUp);
  for (const m of kafka) {
    const rate = m.personDays / m.wallS;
    console.log(
      `  Kafka, ${m.workers} worker process(es): ${m.wallS.toFixed(1)} s from publishing to the stored result — ` +
        `${Math.round(rate).toLocaleString('en')} person-days/s, ${Math.round(rate / m.workers).toLocaleString('en')} per process; load ${loadavg()[0].toFixed(2)}`,
    );
    // simulate time includes waiting for the CPU when processes share cores, and interleaving of concurrent shards
    console.log(`    shards per process ${m.perWorker.map((w) => `${w.shards} (${w.simulateS.toFixed(1)} s in simulateShard)`).join(', ')}`);
  }
  const [k1, k2] = [kafka.find((r) => r.workers === 1), kafka.find((r) => r.workers === 2)];
  if (k1 && k2) console.log(`  Kafka speed-up 1 → 2 worker processes: ${(k1.wallS / k2.wallS).toFixed(2)}×`);
}

async function main(): Promise<void> {
  console.log(`bench:population ${new Date().toISOString()} — ${cpus()[0]?.model ?? 'cpu'}, ${availableParallelism()} CPUs, Node ${process.version}`);
  console.log(`load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' / ')}`);
  if (only !== 'weight-bp') await bench('T1D, UVA/Padova S2008, one day each', t1d);
  if (only !== 't1d') await bench('weight + BP, Hall + amlodipine, 10 years', weightBp);
  console.log(`\nload average at end: ${loadavg().map((x) => x.toFixed(2)).join(' / ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
