/**
 * The full T1D twin validation (30 held-out virtual patients, 3 days); prints the figures that go into
 * docs/validation.md. Usage: tsx bench/twin-validation.ts [patients=30] [settings JSON] [component JSON] [cohort seed=2026]
 * SHUJI_TWIN_MAP=1 also runs the batch MAP fit over the last SHUJI_TWIN_MAP_DAYS days (default 1; 3 = the whole
 * run, from the basal steady state). Fewer than 30 patients: a balanced subset of the three age groups.
 */
import { validateT1dCohort } from '@shuji/twin';

const count = Number(process.argv[2] ?? 30);
const settings = JSON.parse(process.argv[3] ?? '{}') as Record<string, number>;
const component = JSON.parse(process.argv[4] ?? '{}') as Record<string, unknown>;
const seed = Number(process.argv[5] ?? 2026);
const personalise = process.env.SHUJI_TWIN_MAP === '1';
// fewer than 30: every subject group (adolescents 0–9, adults 10–19, children 20–29) equally, as in the test
const patients = count >= 30 ? Array.from({ length: count }, (_, i) => i) : Array.from({ length: count }, (_, i) => (i % 3) * 10 + Math.floor(i / 3));
const personaliseDays = Number(process.env.SHUJI_TWIN_MAP_DAYS ?? 1);
const result = validateT1dCohort({ patients, settings, component, seed, personalise, personaliseDays });
console.log(`cohort seed ${seed}, ${count} patients`);
for (const h of result.horizons) {
  console.log(
    `${h.horizonMin} min: n=${h.n} RMSE ${h.rmse.toFixed(2)} mg/dL, persistence ${h.persistenceRmse.toFixed(2)} ` +
      `(${((1 - h.rmse / h.persistenceRmse) * 100).toFixed(1)} % below), 10-90 % coverage ${(h.coverage80 * 100).toFixed(1)} %`,
  );
}
for (const p of result.parameters) {
  console.log(
    `${p.name}: 90 % interval covers truth in ${(p.coverage90 * 100).toFixed(0)} %, shrinkage ${p.shrinkage.toFixed(2)}, error ratio ${p.errorRatio.toFixed(2)}; ` +
      `identified for ${(p.identifiedShare * 100).toFixed(0)} %, among them covered ${(p.coverage90Identified * 100).toFixed(0)} %`,
  );
}
const r = result.recovery;
console.log(
  `pairs: ${r.identified}/${r.pairs} identified (SD ≤ ${r.identifiableSdRatio} × prior); truth in 90 % interval: all ${(r.coverage90 * 100).toFixed(1)} %, identified ${(r.coverage90Identified * 100).toFixed(1)} %`,
);
for (const p of result.map ?? []) {
  console.log(`MAP (last ${personaliseDays} d) ${p.name}: identified for ${(p.identifiedShare * 100).toFixed(0)} % of patients; among them truth in θ̂ ± 1.645 SD ${(p.coverage90 * 100).toFixed(0)} %, error ratio ${p.errorRatio.toFixed(2)}; all: covered ${(p.coverage90All * 100).toFixed(0)} %, SD/prior ${p.shrinkage.toFixed(2)} (model-only ${p.nominalShrinkage.toFixed(2)}, data weight ÷${p.dataWeightDivisor.toFixed(1)})`);
}
for (const p of result.patients) {
  console.log(`${p.patientId} (${p.baseSubject}): ` + p.horizons.map((h) => `${h.horizonMin}: ${h.rmse.toFixed(1)}/${h.persistenceRmse.toFixed(1)} cov ${h.coverage80.toFixed(2)}`).join(', '));
}
console.log(`observations ${result.observations}, CPU ${(result.cpuMs / 1000).toFixed(1)} s`);
