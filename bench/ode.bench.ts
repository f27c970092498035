/**
 * `npm run bench:ode [-- --markdown docs/benchmarks.md] [--cohort 10000] [--repeats 3]`: a script, not a test.
 *
 * 1. ms per patient-day for the 30 UVA/Padova S2008 subjects on a three-meal day (50/70/80 g at 07:00, 12:00,
 *    18:00 with carbs/CR boluses; rtol = atol = 1e-6; report every 5 min) with each of our methods, in this thread;
 * 2. the same with scipy solve_ivp LSODA and RK45 on the independent Python port (bench/ode_scipy.py);
 * 3. accuracy of each against the committed scipy Radau rtol 1e-10 fixture (max |Δ BG| over the day);
 * 4. cohort throughput: sampled virtual subjects (log-normal, σ = 0.1) over 2 worker threads.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { autoSwitch, dopri5, rodas4, tsit5, type OdeMethod } from '@shuji/ode';
import {
  getCompiledModel,
  getModelRegistration,
  runCohort,
  runScenario,
  sampleVirtualSubjects,
  uvaPadovaTherapy,
  type Scenario,
} from '@shuji/models';

const ROOT = join(__dirname, '..');
const arg = (name: string, fallback: string): string => {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 && process.argv[k + 1] !== undefined ? process.argv[k + 1] : fallback;
};
const repeats = Number(arg('repeats', '3'));
const cohortSize = Number(arg('cohort', '10000'));
const markdownPath = arg('markdown', '');

const registration = getModelRegistration('uva-padova-s2008');
const model = getCompiledModel('uva-padova-s2008');
const subjects = registration.subjects ?? [];
const MEALS = [
  { t_min: 420, carbs_g: 50 },
  { t_min: 720, carbs_g: 70 },
  { t_min: 1080, carbs_g: 80 },
];
const threeMealDay = (name: string): Scenario => {
  const { CR } = uvaPadovaTherapy(name);
  return { duration_min: 1440, meals: MEALS, boluses: MEALS.map((m) => ({ t_min: m.t_min, units: m.carbs_g / CR })), doses: [] };
};

const fixture = JSON.parse(
  readFileSync(join(ROOT, 'libs/models/src/uva-padova/__fixtures__/three-meal-day.scipy-radau.json'), 'utf8'),
) as { every_min: number; subjects: Record<string, { bg_mg_dl: number[] }> };
/** Max |Δ BG| against the Radau 1e-10 reference, from series reported every 5 min. */
const maxError = (bgBySubject: Record<string, ArrayLike<number>>): number => {
  let worst = 0;
  const stride = fixture.every_min / 5;
  for (const [name, ref] of Object.entries(fixture.subjects)) {
    const ours = bgBySubject[name];
    ref.bg_mg_dl.forEach((g, k) => (worst = Math.max(worst, Math.abs(g - ours[k * stride]))));
  }
  return worst;
};

interface Row {
  readonly solver: string;
  readonly msPerDay: number;
  /** Process CPU time per patient-day: robust to a busy machine, where wall time is not. */
  readonly cpuMsPerDay: number;
  readonly stepsPerDay: number;
  readonly rhsPerDay: number;
  readonly maxErr: number;
}

function timeOurs(name: string, method: OdeMethod): Row {
  let best = Infinity;
  let bestCpu = Infinity;
  let steps = 0;
  let rhs = 0;
  const bg: Record<string, Float64Array> = {};
  for (let rep = 0; rep < repeats + 1; rep++) {
    steps = 0;
    rhs = 0;
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    for (const s of subjects) {
      const r = runScenario(registration, model, {
        subject: s.name,
        scenario: threeMealDay(s.name),
        everyMin: 5,
        method,
        rtol: 1e-6,
        atol: 1e-6,
        includeStates: false,
      });
      if (r.outcome !== 'success') throw new Error(`${name} ${s.name}: ${r.outcome}`);
      steps += r.stats.steps;
      rhs += r.stats.rhsEvaluations;
      bg[s.name] = r.column('bg_mg_dl');
    }
    const ms = (performance.now() - started) / subjects.length;
    const cpu = process.cpuUsage(cpuStarted);
    const cpuMs = (cpu.user + cpu.system) / 1000 / subjects.length;
    if (rep > 0) {
      // first pass warms the JIT
      best = Math.min(best, ms);
      bestCpu = Math.min(bestCpu, cpuMs);
    }
  }
  return { solver: `shuji ${name}`, msPerDay: best, cpuMsPerDay: bestCpu, stepsPerDay: steps / subjects.length, rhsPerDay: rhs / subjects.length, maxErr: maxError(bg) };
}

async function main(): Promise<void> {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const lines: string[] = [];
  const say = (s: string): void => {
    console.log(s);
    lines.push(s);
  };
  say(`# ODE benchmark: UVA/Padova S2008, 30 subjects, three-meal day`);
  say('');
  say(`- date: ${new Date().toISOString()}`);
  say(`- machine: ${cpus().length} logical CPUs (nproc), ${cpu}; Node ${process.version}`);
  say(`- command: \`npm run bench:ode\` (bench/ode.bench.ts, bench/ode_scipy.py); rtol = atol = 1e-6, report every 5 min`);
  say(`- max |Δ BG|: against scipy Radau rtol = atol = 1e-10 on the Python port (committed fixture)`);
  say('');

  const ours = [
    timeOurs('tsit5', tsit5()),
    timeOurs('dopri5', dopri5()),
    timeOurs('rodas4', rodas4()),
    timeOurs('autoSwitch (tsit5/rodas4)', autoSwitch()),
  ];
  const py = spawnSync('python3', [join(ROOT, 'bench/ode_scipy.py'), String(Math.max(1, repeats - 1))], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (py.status !== 0) throw new Error(`bench/ode_scipy.py failed: ${py.stderr}`);
  const scipy = JSON.parse(py.stdout) as {
    scipy: string;
    methods: Record<
      string,
      { ms_per_patient_day: number; cpu_ms_per_patient_day: number; nfev_per_day: number; bg: Record<string, number[]> }
    >;
  };
  const reference = scipy.methods.LSODA.cpu_ms_per_patient_day;
  const rows: Row[] = [
    ...ours,
    ...Object.entries(scipy.methods).map(([name, m]) => ({
      solver: `scipy ${scipy.scipy} ${name}`,
      msPerDay: m.ms_per_patient_day,
      cpuMsPerDay: m.cpu_ms_per_patient_day,
      stepsPerDay: NaN,
      rhsPerDay: m.nfev_per_day,
      maxErr: maxError(m.bg),
    })),
  ];
  say('| solver | wall ms / patient-day | CPU ms / patient-day | steps / day | f evals / day | max abs BG error (mg/dL) | speed-up vs scipy LSODA (CPU) |');
  say('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    say(
      `| ${r.solver} | ${r.msPerDay.toFixed(3)} | ${r.cpuMsPerDay.toFixed(3)} | ${Number.isNaN(r.stepsPerDay) ? '–' : r.stepsPerDay.toFixed(0)} | ${r.rhsPerDay.toFixed(0)} | ${r.maxErr.toExponential(1)} | ${(reference / r.cpuMsPerDay).toFixed(1)}× |`,
    );
  }
  say('');

  const fastest = ours.reduce((a, b) => (b.cpuMsPerDay < a.cpuMsPerDay ? b : a));
  const method = { tsit5, dopri5, rodas4 }[fastest.solver.replace('shuji ', '') as 'tsit5'] ?? autoSwitch;
  const virtual = sampleVirtualSubjects(registration, { count: cohortSize, seed: 2026, logSd: 0.1 });
  const scenarios = virtual.map((s) => threeMealDay(s.baseSubject));
  let lastShown = 0;
  const cohortCpu = process.cpuUsage();
  const cohort = await runCohort({
    modelId: 'uva-padova-s2008',
    subjects: virtual,
    scenario: scenarios,
    everyMin: 5,
    outputs: ['bg_mg_dl'],
    method: method(),
    rtol: 1e-6,
    atol: 1e-6,
    workers: 2,
    batchSize: 50,
    onProgress: (done, total) => {
      if (done - lastShown >= total / 10 || done === total) {
        process.stderr.write(`cohort ${done}/${total}\r`);
        lastShown = done;
      }
    },
  });
  process.stderr.write('\n');
  const failed = cohort.results.filter((r) => r.outcome !== 'success').length;
  const perSecond = cohortSize / (cohort.wallMs / 1000);
  const cpuUsed = process.cpuUsage(cohortCpu);
  const cpuSeconds = (cpuUsed.user + cpuUsed.system) / 1e6;
  say(
    `Cohort: ${cohortSize} sampled virtual subjects × 1 day, ${fastest.solver}, 2 worker threads: ${(cohort.wallMs / 1000).toFixed(1)} s wall (including worker start-up), ${perSecond.toFixed(0)} patient-days/s; 100,000 patient-days would take ${(100_000 / perSecond).toFixed(0)} s; ${failed} failed runs. CPU time of the process (all threads): ${cpuSeconds.toFixed(1)} s, i.e. ${((cpuSeconds * 1000) / cohortSize).toFixed(2)} CPU ms per patient-day; at that cost 100,000 patient-days take ${((cpuSeconds * 100_000) / cohortSize / 2).toFixed(0)} s on 2 fully available cores.`,
  );
  if (markdownPath !== '') writeFileSync(join(ROOT, markdownPath), `${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
