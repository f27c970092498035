/**
 * The cost of the twin's batch personalisation (libs/twin/src/assimilation/batch-personalisation.ts): CPU of the
 * fit at the 24-h, 48-h and 72-h boundaries for held-out virtual T1D patients (cohort seed 2027), the work the
 * twin consumer does once per person and day on top of assimilation. Usage:
 *   tsx bench/batch-personalisation.bench.ts [patients=9]
 * Patients: a balanced subset of the three age groups. Prints the mean and max per boundary, and the parameters
 * identified.
 */
import { cpus, loadavg } from 'node:os';
import { uvaPadovaSubjects } from '@shuji/models';
import { batchPersonalisationPrior, DEFAULT_TWIN_SETTINGS, generateVirtualPatient, T1dGlucoseComponent, TwinEngine } from '@shuji/twin';

const count = Number(process.argv[2] ?? 9);
const DAY_MS = 86_400_000;
const cost: number[][] = [[], [], []];
const identified: number[][] = [[], [], []];
for (let i = 0; i < count; i++) {
  const index = (i % 3) * 10 + Math.floor(i / 3);
  const vp = generateVirtualPatient({ index, days: 3, seed: 2027 });
  const prior = uvaPadovaSubjects().find((s) => s.name === vp.baseSubject)?.parameters;
  if (prior === undefined) throw new Error(`no subject ${vp.baseSubject}`);
  const engine = new TwinEngine(vp.patientId, new T1dGlucoseComponent({ prior }), DEFAULT_TWIN_SETTINGS);
  for (const e of vp.events) engine.apply(e);
  const first = vp.events[0].timeMs;
  for (let day = 1; day <= 3; day++) {
    const t0 = process.cpuUsage();
    const { event } = batchPersonalisationPrior(engine, { index: day, boundaryMs: Math.min(first + day * DAY_MS, engine.currentTimeMs) });
    const used = process.cpuUsage(t0);
    cost[day - 1].push((used.user + used.system) / 1000);
    identified[day - 1].push(event.parameters.length);
  }
}
const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
console.log(`bench:batch-personalisation — ${count} patients (seed 2027); ${cpus()[0]?.model ?? 'cpu'}; load ${loadavg()[0].toFixed(2)}`);
cost.forEach((c, d) => {
  console.log(
    `fit at ${24 * (d + 1)} h: CPU mean ${mean(c).toFixed(0)} ms, max ${Math.max(...c).toFixed(0)} ms; parameters identified per person ${mean(identified[d]).toFixed(1)}`,
  );
});
