/**
 * What three days of a virtual T1D person's data identify, by the batch MAP fit (`personaliseT1d` with the twin's
 * BATCH_FIT_OPTIONS unless overridden) of the whole log from the basal steady state, under controlled model
 * error: the experiments behind the twin's batch personalisation (docs/validation.md, "Parameter recovery"). Per
 * parameter: how many people the fit flags identified (Laplace SD ≤ 0.7 × prior), how many of them have the truth in θ̂ ± 1.645 SD, coverage over all,
 * mean SD / prior SD. Usage:
 *   tsx bench/twin-identifiability.ts [--patients 30] [--seed 2026] [--meals exact|carb-error|cohort]
 *     [--fit four|all] [--phi prior|truth] [--meal-factors 0.15] [--no-mask] [--calibration 2]
 * --meals: exact (no counting error, none unannounced), carb-error (15 % counting error), cohort (also 10 %
 * unannounced, the validation cohort); --fit four: Vmx, kp3, kabs, p2u with the other 8 as consider parameters,
 * all: all 12 estimated; --phi truth gives the twin the true values of the parameters it does not estimate.
 */
import { parseArgs } from 'node:util';
import { UVA_PADOVA_PERSONAL_PARAMETERS, uvaPadovaSubjects } from '@shuji/models';
import { BATCH_FIT_OPTIONS, cgmReadings, DEFAULT_TWIN_SETTINGS, generateVirtualPatient, personaliseT1d, T1dGlucoseComponent, TwinEngine } from '@shuji/twin';

const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '30' },
    seed: { type: 'string', default: '2026' },
    meals: { type: 'string', default: 'cohort' },
    fit: { type: 'string', default: 'all' },
    phi: { type: 'string', default: 'prior' },
    'meal-factors': { type: 'string', default: String(BATCH_FIT_OPTIONS.mealCarbLogSd) },
    'no-mask': { type: 'boolean', default: false },
    calibration: { type: 'string', default: '1' },
  },
});
const count = Number(values.patients);
const seed = Number(values.seed);
const mealCarbLogSd = Number(values['meal-factors']);
const lives = {
  exact: { unannouncedProbability: 0, carbCountLogSd: 0 },
  'carb-error': { unannouncedProbability: 0 },
  cohort: {},
} as const;
const life = lives[values.meals as keyof typeof lives];
if (life === undefined || !['four', 'all'].includes(values.fit) || !['prior', 'truth'].includes(values.phi)) {
  throw new RangeError('--meals exact|carb-error|cohort, --fit four|all, --phi prior|truth');
}
const FOUR: readonly string[] = UVA_PADOVA_PERSONAL_PARAMETERS;
const stats = new Map<string, { identified: number; covered: number; coveredAll: number; sdRatio: number }>();
for (let i = 0; i < count; i++) {
  const index = (i % 3) * 10 + Math.floor(i / 3);
  const vp = generateVirtualPatient({ index, days: 3, seed, ...life });
  const shared = uvaPadovaSubjects().find((s) => s.name === vp.baseSubject)?.parameters;
  if (shared === undefined) throw new Error(`no subject ${vp.baseSubject}`);
  const prior = values.phi === 'truth' ? { ...vp.trueParameters, ...Object.fromEntries(FOUR.map((n) => [n, shared[n]])) } : shared;
  const base = new T1dGlucoseComponent(values.phi === 'truth' ? { prior, considered: [] } : { prior });
  const component = values.fit === 'all' ? base.withAllEstimated() : base;
  const engine = new TwinEngine(vp.patientId, component, DEFAULT_TWIN_SETTINGS);
  for (const e of vp.events) if (e.kind !== 'observation') engine.apply(e);
  const start = component.steadyMember(Float64Array.from(component.estimated, (_, j) => component.priorOf(j).mean), 0);
  const fit = personaliseT1d(component, start, vp.truth.timeMs[0] / 60_000, cgmReadings(vp.events), engine.knownInputs(), {
    ...BATCH_FIT_OPTIONS,
    mealCarbLogSd,
    maskUnexplainedRises: !values['no-mask'],
    dataWeightCalibration: Number(values.calibration),
  });
  component.estimated.forEach((p, j) => {
    const covered = Math.abs(fit.theta[j] - Math.log(vp.trueParameters[p.name])) <= 1.645 * fit.sd[j];
    const s = stats.get(p.name) ?? { identified: 0, covered: 0, coveredAll: 0, sdRatio: 0 };
    s.sdRatio += fit.sd[j] / p.logSd / count;
    if (covered) s.coveredAll++;
    if (fit.identifiable[j]) {
      s.identified++;
      if (covered) s.covered++;
    }
    stats.set(p.name, s);
  });
}
const identified = [...stats.values()].reduce((n, s) => n + s.identified, 0);
const covered = [...stats.values()].reduce((n, s) => n + s.covered, 0);
console.log(
  `${count} patients (seed ${seed}), meals ${values.meals}, fit ${values.fit}, φ ${values.phi}, meal factors ${mealCarbLogSd}, mask ${!values['no-mask']}, calibration ${values.calibration}`,
);
console.log(`identified ${identified} pairs, truth in θ̂ ± 1.645 SD for ${covered} = ${((100 * covered) / identified).toFixed(1)} %`);
for (const [name, s] of stats) {
  console.log(`${name}: identified ${s.identified}/${count}, covered among them ${s.covered}, all ${((100 * s.coveredAll) / count).toFixed(0)} %, SD/prior ${s.sdRatio.toFixed(2)}`);
}
