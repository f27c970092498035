/**
 * `npx tsx bench/ode-fingerprint.ts write|compare FILE [--repeats N]`: a script, not a test. Runs bench:ode's
 * scenario (30 UVA/Padova S2008 subjects, three-meal day, rtol = atol = 1e-6, report every 5 min) with each
 * method and either writes every reported BG value and the step statistics to FILE, or compares against such a
 * file written by an earlier engine: max |Δ BG| (mg/dL), max relative difference, and the step counts. Used to show
 * that an engine change moves results by less than the solver tolerance. With --repeats it also times the
 * methods (best CPU ms per patient-day over the repeats, after one warm-up pass).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { autoSwitch, dopri5, rodas4, tsit5, type OdeMethod } from '@shuji/ode';
import { getCompiledModel, getModelRegistration, runScenario } from '@shuji/models';
import { threeMealDay as day } from './ode-three-meal-day';

const [mode, file] = process.argv.slice(2);
const k = process.argv.indexOf('--repeats');
const repeats = k >= 0 ? Number(process.argv[k + 1]) : 0;
const registration = getModelRegistration('uva-padova-s2008');
const model = getCompiledModel('uva-padova-s2008');
const subjects = registration.subjects ?? [];
const methods: Record<string, () => OdeMethod> = { dopri5, tsit5, rodas4, autoSwitch: () => autoSwitch() };

interface Print {
  readonly bg: Record<string, number[]>;
  readonly steps: number;
  readonly rhs: number;
}

function run(method: OdeMethod): Print {
  const bg: Record<string, number[]> = {};
  let steps = 0;
  let rhs = 0;
  for (const s of subjects) {
    const r = runScenario(registration, model, { subject: s.name, scenario: day(s.name), everyMin: 5, method, rtol: 1e-6, atol: 1e-6, includeStates: false });
    if (r.outcome !== 'success') throw new Error(`${s.name}: ${r.outcome}`);
    bg[s.name] = Array.from(r.column('bg_mg_dl'));
    steps += r.stats.steps;
    rhs += r.stats.rhsEvaluations;
  }
  return { bg, steps: steps / subjects.length, rhs: rhs / subjects.length };
}

const prints: Record<string, Print> = {};
for (const [name, method] of Object.entries(methods)) {
  prints[name] = run(method());
  if (repeats > 0) {
    let best = Infinity;
    for (let r = 0; r < repeats; r++) {
      const c = process.cpuUsage();
      run(method());
      const used = process.cpuUsage(c);
      best = Math.min(best, (used.user + used.system) / 1000 / subjects.length);
    }
    console.log(`${name}: best ${best.toFixed(3)} CPU ms per patient-day over ${repeats} passes`);
  }
}
if (mode === 'write') {
  writeFileSync(file, JSON.stringify(prints));
} else if (mode === 'compare') {
  const old = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Print>;
  for (const [name, now] of Object.entries(prints)) {
    const was = old[name];
    if (was === undefined) continue;
    let maxAbs = 0;
    let maxRel = 0;
    for (const [subject, series] of Object.entries(now.bg)) {
      series.forEach((g, i) => {
        const d = Math.abs(g - was.bg[subject][i]);
        maxAbs = Math.max(maxAbs, d);
        maxRel = Math.max(maxRel, d / Math.abs(was.bg[subject][i]));
      });
    }
    console.log(
      `${name}: max |Δ BG| ${maxAbs.toExponential(2)} mg/dL, max relative ${maxRel.toExponential(2)}; ` +
        `steps/day ${was.steps.toFixed(0)} → ${now.steps.toFixed(0)}, f evals/day ${was.rhs.toFixed(0)} → ${now.rhs.toFixed(0)}`,
    );
  }
} else {
  throw new Error('usage: bench/ode-fingerprint.ts write|compare FILE [--repeats N]');
}
