/**
 * `npm run bench:ode [-- --markdown docs/benchmarks.md] [--cohort 10000] [--repeats 3] [--cohort-only]`: a script,
 * not a test. With `--markdown` it rewrites only the block between the `bench:ode` markers of that file.
 *
 * 1. ms per patient-day for the 30 UVA/Padova S2008 subjects on a three-meal day (50/70/80 g at 07:00, 12:00,
 *    18:00 with carbs/CR boluses; rtol = atol = 1e-6; report every 5 min) with each of our methods, in this thread;
 * 2. the same with scipy solve_ivp LSODA and RK45 on the independent Python port (bench/ode_scipy.py);
 * 3. accuracy of each against the committed scipy Radau rtol 1e-10 fixture (max |Δ BG| over the day);
 * 4. cohort throughput: sampled virtual subjects (log-normal, σ = 0.1) over 2 worker threads.
 * Wall and CPU time are both reported: on a shared machine CPU time is the steadier figure, and the ratio to
 * scipy measured in the same run steadier still.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { autoSwitch, dopri5, rodas4, tsit5, type OdeMethod } from '@shuji/ode';
import { getCompiledModel, getModelRegistration, runCohort, runScenario, sampleVirtualSubjects } from '@shuji/models';
import { threeMealDay } from './ode-three-meal-day';

const ROOT = join(__dirname, '..');
const arg = (name: string, fallback: string): string => {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 && process.argv[k + 1] !== undefined ? process.argv[k + 1] : fallback;
};
const repeats = Number(arg('repeats', '3'));
const cohortSize = Number(arg('cohort', '10000'));
const markdownPath = arg('markdown', '');
const cohortOnly = process.argv.includes('--cohort-only');

const registration = getModelRegistration('uva-padova-s2008');
const model = getCompiledModel('uva-padova-s2008');
const subjects = registration.subjects ?? [];

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
  readonly rejectedPerDay: number;
  readonly rhsPerDay: number;
  /** Jacobian evaluations per day (analytic for ours). */
  readonly jacPerDay: number;
  readonly maxErr: number;
}

function timeOurs(name: string, method: OdeMethod): Row {
  let best = Infinity;
  let bestCpu = Infinity;
  let steps = 0;
  let rejected = 0;
  let rhs = 0;
  let jac = 0;
  const bg: Record<string, Float64Array> = {};
  for (let rep = 0; rep < repeats + 1; rep++) {
    steps = 0;
    rejected = 0;
    rhs = 0;
    jac = 0;
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
      rejected += r.stats.rejected;
      rhs += r.stats.rhsEvaluations;
      jac += r.stats.jacobianEvaluations;
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
  const perDay = (x: number): number => x / subjects.length;
  return {
    solver: `shuji ${name}`,
    msPerDay: best,
    cpuMsPerDay: bestCpu,
    stepsPerDay: perDay(steps),
    rejectedPerDay: perDay(rejected),
    rhsPerDay: perDay(rhs),
    jacPerDay: perDay(jac),
    maxErr: maxError(bg),
  };
}

const MARK_BEGIN = '<!-- bench:ode begin (written by `npm run bench:ode -- --markdown docs/benchmarks.md`) -->';
const MARK_END = '<!-- bench:ode end -->';

/** Replaces the marked block of the markdown file (or appends one): other sections of the file are left alone. */
function writeMarkdownBlock(path: string, body: string): void {
  const text = readFileSync(path, 'utf8');
  const begin = text.indexOf(MARK_BEGIN.slice(0, 24));
  const end = text.indexOf(MARK_END);
  const block = `${MARK_BEGIN}\n${body}\n${MARK_END}`;
  const next = begin >= 0 && end > begin ? text.slice(0, begin) + block + text.slice(end + MARK_END.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, next);
}

const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' / ');

async function main(): Promise<void> {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const lines: string[] = [];
  const say = (s: string): void => {
    console.log(s);
    lines.push(s);
  };
  say(`#### Run of ${new Date().toISOString()}`);
  say('');
  say(`- machine: ${cpu}, ${availableParallelism()} logical CPUs (nproc); Node ${process.version}`);
  say(`- load average (1/5/15 min) at start: ${load()}`);
  say(`- command: \`npm run bench:ode${process.argv.slice(2).length > 0 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\``);
  say('- scenario: 30 UVA/Padova S2008 subjects, one day, meals 50/70/80 g at 07:00/12:00/18:00 with carbs/CR boluses; rtol = atol = 1e-6; report every 5 min');
  say('- max |Δ BG|: against scipy Radau rtol = atol = 1e-10 on the Python port (committed fixture)');
  say('');

  let method: () => OdeMethod = dopri5;
  let methodName = 'shuji dopri5';
  if (!cohortOnly) {
    const ours = [
      timeOurs('dopri5', dopri5()),
      timeOurs('tsit5', tsit5()),
      timeOurs('rodas4', rodas4()),
      timeOurs('autoSwitch (dopri5/rodas4)', autoSwitch()),
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
        {
          ms_per_patient_day: number;
          cpu_ms_per_patient_day: number;
          nfev_per_day: number;
          njev_per_day: number;
          bg: Record<string, number[]>;
        }
      >;
    };
    const reference = scipy.methods.LSODA;
    const rows: Row[] = [
      ...ours,
      ...Object.entries(scipy.methods).map(([name, m]) => ({
        solver: `scipy ${scipy.scipy} ${name}`,
        msPerDay: m.ms_per_patient_day,
        cpuMsPerDay: m.cpu_ms_per_patient_day,
        stepsPerDay: NaN,
        rejectedPerDay: NaN,
        rhsPerDay: m.nfev_per_day,
        jacPerDay: m.njev_per_day,
        maxErr: maxError(m.bg),
      })),
    ];
    const num = (x: number, digits = 0): string => (Number.isNaN(x) ? '–' : x.toFixed(digits));
    say('| solver | wall ms / patient-day | CPU ms / patient-day | steps / day | rejected / day | f evals / day | Jacobians / day | max abs BG error (mg/dL) | vs scipy LSODA, wall | vs scipy LSODA, CPU |');
    say('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      say(
        `| ${r.solver} | ${r.msPerDay.toFixed(3)} | ${r.cpuMsPerDay.toFixed(3)} | ${num(r.stepsPerDay)} | ${num(r.rejectedPerDay, 1)} | ${r.rhsPerDay.toFixed(0)} | ${num(r.jacPerDay, 1)} | ${r.maxErr.toExponential(1)} | ${(reference.ms_per_patient_day / r.msPerDay).toFixed(1)}× | ${(reference.cpu_ms_per_patient_day / r.cpuMsPerDay).toFixed(1)}× |`,
      );
    }
    say('');
    say('scipy solve_ivp restarts at each input breakpoint (the port integrates piecewise); it reports f and Jacobian evaluations, not steps.');
    say('');
    const fastest = ours.reduce((a, b) => (b.cpuMsPerDay < a.cpuMsPerDay ? b : a));
    methodName = fastest.solver;
    const byName: Record<string, () => OdeMethod> = { 'shuji dopri5': dopri5, 'shuji tsit5': tsit5, 'shuji rodas4': rodas4 };
    method = byName[fastest.solver] ?? autoSwitch;
  }

  const virtual = sampleVirtualSubjects(registration, { count: cohortSize, seed: 2026, logSd: 0.1 });
  const scenarios = virtual.map((s) => threeMealDay(s.baseSubject));
  let lastShown = 0;
  let firstBatchMs = NaN;
  const cohortStarted = performance.now();
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
    batchSize: 64,
    onProgress: (done, total) => {
      if (Number.isNaN(firstBatchMs)) firstBatchMs = performance.now() - cohortStarted;
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
    `Cohort: ${cohortSize} sampled virtual subjects × 1 day, ${methodName}, 2 worker threads: ${(cohort.wallMs / 1000).toFixed(1)} s wall ` +
      `(first batch of 64 back after ${(firstBatchMs / 1000).toFixed(1)} s: bundling, worker start-up, cold JIT), ${perSecond.toFixed(0)} patient-days/s, ` +
      `i.e. 100,000 patient-days in ${(100_000 / perSecond).toFixed(0)} s at this rate; ${failed} failed runs. ` +
      `CPU time of the process (all threads): ${cpuSeconds.toFixed(1)} s = ${((cpuSeconds * 1000) / cohortSize).toFixed(2)} CPU ms per patient-day, ` +
      `i.e. ${((cpuSeconds * 100_000) / cohortSize / 2).toFixed(0)} s for 100,000 patient-days on 2 fully available cores.`,
  );
  say('');
  say(`- load average at end: ${load()}`);
  if (markdownPath !== '') writeMarkdownBlock(join(ROOT, markdownPath), lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
