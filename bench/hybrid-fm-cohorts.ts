/**
 * npm run corpus:hybrid -- [--out training/data/hybrid] [--patients 30] [--ood 15]
 * The hybrid's virtual patients as the foundation model sees them, in the corpus's JSONL format (CorpusPerson), so
 * that a candidate FM can be scored on them in seconds by `python -m training.hybrid_fm` before the slow
 * `npm run calibrate:hybrid` / `validate:hybrid` (which run the twin beside it):
 * - `tuning.jsonl`: the calibration cohort (seed 2026, `calibrate:hybrid`'s), the one to choose candidates on;
 * - `held-out.jsonl` (seed 2027) and `ood.jsonl` (seed 2028, the high-insulin-sensitivity draws): `validate:hybrid`'s.
 * Each patient's whole 3-day event log through twinEventsToTimeline (the mapping the twin's FM forecasts use:
 * since 2026-12-05 fingersticks beside CGM are left out, as basal rates are; the files written before kept them as
 * blood-glucose readings), times in minutes from the patient's day 0.
 * The FM is scored as `validate:hybrid` scores it: every 15 min of the last day, on the timeline so far.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PERSONAL_PARAMETERS, type CorpusPerson, type CorpusSplit } from '@shuji/foundation-model';
import { selectHighInsulinSensitivity, twinEventsToTimeline } from '@shuji/forecasting';
import { generateVirtualPatient, MS_PER_MIN } from '@shuji/twin';

const REPO = resolve(__dirname, '..');
const DAYS = 3;
const { values } = parseArgs({
  options: {
    out: { type: 'string', default: join(REPO, 'training', 'data', 'hybrid') },
    patients: { type: 'string', default: '30' },
    ood: { type: 'string', default: '15' },
  },
});
const patients = Number(values.patients);
const range = Array.from({ length: patients }, (_, i) => i);
const ood = selectHighInsulinSensitivity(2028, Number(values.ood));
const cohorts: { file: string; seed: number; split: CorpusSplit; indices: readonly number[]; logSd?: number }[] = [
  { file: 'tuning.jsonl', seed: 2026, split: 'validation', indices: range },
  { file: 'held-out.jsonl', seed: 2027, split: 'test', indices: range },
  { file: 'ood.jsonl', seed: ood.seed, split: 'ood', indices: ood.indices, logSd: ood.logSd },
];

mkdirSync(values.out, { recursive: true });
for (const cohort of cohorts) {
  const lines = cohort.indices.map((index) => {
    const vp = generateVirtualPatient({ index, days: DAYS, seed: cohort.seed, logSd: cohort.logSd });
    const start = vp.truth.timeMs[0] / MS_PER_MIN;
    const person: CorpusPerson = {
      id: vp.patientId,
      kind: 't1d',
      split: cohort.split,
      about: { baseSubject: vp.baseSubject, seed: cohort.seed, index },
      personal: Object.fromEntries(PERSONAL_PARAMETERS.map((name) => [name, vp.trueParameters[name]])),
      observations: twinEventsToTimeline(vp.events).map((o) => ({ ...o, t: o.t - start })),
    };
    return JSON.stringify(person);
  });
  writeFileSync(join(values.out, cohort.file), `${lines.join('\n')}\n`);
  console.log(`${cohort.file}: ${lines.length} patients (seed ${cohort.seed})`);
}
