/**
 * The full T1D twin validation (30 held-out virtual patients, 3 days); prints the figures that go into
 * docs/validation.md. Usage: tsx bench/twin-validation.ts [patients=30] [settings JSON] [component JSON] [cohort seed=2026]
 * The twin's batch personalisation runs as in the product (SHUJI_TWIN_BATCH=0: the filter alone, identification by
 * its ensemble SD). Fewer than 30 patients: a balanced subset of the three age groups.
 */
import { validateT1dCohort } from '@shuji/twin';

const count = Number(process.argv[2] ?? 30);
const settings = JSON.parse(process.argv[3] ?? '{}') as Record<string, number>;
const component = JSON.parse(process.argv[4] ?? '{}') as Record<string, unknown>;
const seed = Number(process.argv[5] ?? 2026);
// fewer than 30: every subject group (adolescents 0–9, adults 10–19, children 20–29) equally, as in the test
const patients = count >= 30 ? Array.from({ length: count }, (_, i) => i) : Array.from({ length: count }, (_, i) => (i % 3) * 10 + Math.floor(i / 3));
const batchPersonalisation = process.env.SHUJI_TWIN_BATCH !== '0';
const result = validateT1dCohort({ patients, settings, component, seed, batchPersonalisation });
console.log(`cohort seed ${seed}, ${count} patients`);
for (const h of result.horizons) {
  console.log(
    `${h.horizonMin} min: n=${h.n} RMSE ${h.rmse.toFixed(2)} mg/dL, persistence ${h.persistenceRmse.toFixed(2)} ` +
      `(${((1 - h.rmse / h.persistenceRmse) * 100).toFixed(1)} % below), 10-90 % coverage ${(h.coverage80 * 100).toFixed(1)} %`,
  );
}
for (const p of result.parameters) {
  console.log(
    `${p.name}: 90 % interval covers truth in ${(p.coverage90 * 100).toFixed(0)} %, shrinkage ${p.shrinkage.toFixed(2)}, error ratio ${p.errorRatio.toFixed(2)}, mean error ${p.meanError.toFixed(3)}; ` +
      `identified for ${(p.identifiedShare * 100).toFixed(0)} %, among them covered ${(p.coverage90Identified * 100).toFixed(0)} %`,
  );
}
const r = result.recovery;
console.log(
  `pairs: ${r.identified}/${r.pairs} identified; truth in 90 % interval: all ${(r.coverage90 * 100).toFixed(1)} %, identified ${(r.coverage90Identified * 100).toFixed(1)} %`,
);
for (const p of result.patients) {
  console.log(`${p.patientId} (${p.baseSubject}): ` + p.horizons.map((h) => `${h.horizonMin}: ${h.rmse.toFixed(1)}/${h.persistenceRmse.toFixed(1)} cov ${h.coverage80.toFixed(2)}`).join(', '));
}
console.log(`observations ${result.observations}, batch fits failed ${result.batchFitFailures}, CPU ${(result.cpuMs / 1000).toFixed(1)} s`);
