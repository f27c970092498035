/**
 * Fingerprint of the T1D cohort validation's outputs (every number, CPU times left out): a change that must leave the
 * T1D twin's folds bit-identical (e.g. the engine's per-reading localisation for composite twins) keeps it. Run before
 * and after: `N=30 npx tsx bench/twin-validation-fingerprint.ts` (≈ 2 min for 30 patients on one core).
 */
import { createHash } from 'node:crypto';
import { validateT1dCohort } from '@shuji/twin';

const patients = Array.from({ length: Number(process.env.N ?? 3) }, (_, i) => i);
const result = validateT1dCohort({ patients, days: 3, seed: 2027, batchPersonalisation: true });
const exact = JSON.stringify(result, (key, v: unknown) => (key === 'cpuMs' ? undefined : typeof v === 'number' ? v.toString() : v));
console.log(JSON.stringify({ horizons: result.horizons, recovery: result.recovery, failures: result.batchFitFailures }));
console.log(`sha256 ${createHash('sha256').update(exact).digest('hex')}`);
