/**
 * npm run corpus:study -- [--out training/data/study] [--per-subject 6] [--days 6] [--slow 120] [--seed 14101]
 * The foundation model's honest corpus (issue 14, item 5): the pretraining corpus's JSONL format (CorpusPerson) with
 * T1D persons that log what a person logs, drawn so that splits never share a base subject, from two simulators so
 * that one can be left out:
 * - `uva-padova`: UVA/Padova S2008 with the physiology S2008 lacks (UvaPadovaMisspecifiedPlant: circadian insulin
 *   sensitivity, dawn effect, meals of varying absorption), drawn around the 30 shared subjects' TUNING subjects
 *   only (subject-split.ts): per age group 4 of them for train, 1 for validation; the persons of the test split are
 *   drawn around the REGRESSION subjects. The sealed subjects are never drawn: nothing of the FM has seen them.
 * - `hovorka`: Hovorka 2004 with Wilinska-2010-style variability (HovorkaWilinskaPlant). Its persons have no base
 *   subject (each is its own population draw), so the split is by person, with as many persons per split as
 *   uva-padova's.
 * Both live the same life (liveMisspecifiedLife; UVA/Padova meal sizes scaled by the subject's daily insulin / 40,
 * within 0.5–1.2, as the validation cohorts do; Hovorka persons are adults, scale 1): meals logged with ESTIMATED carbs (a per-person bias
 * exp(N(−0.1, 0.1)) and a per-meal log-normal error SD 0.2, of the size Brazeau et al. 2013, J Acad Nutr Diet
 * 113:1130, report for adults with T1D counting carbohydrate), unannounced meals, missed and late boluses,
 * correction boluses, hypo treatments logged half the time, CGM with Breton–Kovatchev noise, drift and dropouts.
 * Fingersticks and basal rates are not in the tokeniser's vocabulary and are left out, as in `npm run corpus`.
 * Weight, blood-pressure and INR persons as `npm run corpus` with their models' inter-individual variability
 * (generate-slow-person.ts, `iiv`), synthea persons as there. Seeds differ from the validation cohorts'
 * (HONEST_ROLE_SEEDS), so no person here is a validation person.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  bundleTimeline,
  generateBloodPressurePerson,
  generateInrPerson,
  generateWeightPerson,
  OBSERVATION_CODES,
  PERSONAL_PARAMETERS,
  splitOfPerson,
  type CorpusPerson,
  type CorpusSplit,
  type SlowPerson,
  type TimelineObservation,
} from '@shuji/foundation-model';
import { uvaPadovaSubjects, uvaPadovaTherapy } from '@shuji/models';
import { randomStream, seededRandom } from '@shuji/stats';
import {
  AGE_GROUPS,
  HovorkaWilinskaPlant,
  liveMisspecifiedLife,
  subjectsOf,
  UvaPadovaMisspecifiedPlant,
  type GlucosePlant,
  type VirtualPatient,
} from '@shuji/twin';

const REPO = resolve(__dirname, '..');
const { values } = parseArgs({
  options: {
    out: { type: 'string', default: join(REPO, 'training', 'data', 'study') },
    'per-subject': { type: 'string', default: '6' },
    days: { type: 'string', default: '6' },
    slow: { type: 'string', default: '120' },
    seed: { type: 'string', default: '14101' },
    synthea: { type: 'string', default: join(REPO, '..', 'shared', 'fixtures', 'synthea-r4') },
  },
});
const perSubject = Number(values['per-subject']);
const days = Number(values.days);
const slowCount = Number(values.slow);
const seed = Number(values.seed);
const started = performance.now();

/** A life's events → the corpus's observations (minutes from the start): CGM, logged carbs, boluses. */
function timeline(vp: VirtualPatient): TimelineObservation[] {
  const t0 = vp.truth.timeMs[0];
  const out: TimelineObservation[] = [];
  for (const e of vp.events) {
    const t = (e.timeMs - t0) / 60_000;
    if (e.kind === 'observation' && e.loinc === OBSERVATION_CODES.cgm) out.push({ c: OBSERVATION_CODES.cgm, t, v: e.value });
    else if (e.kind === 'meal') out.push({ c: OBSERVATION_CODES.carbs, t, v: e.carbsG });
    else if (e.kind === 'insulin-bolus') out.push({ c: OBSERVATION_CODES.bolus, t, v: e.units });
  }
  return out.sort((a, b) => a.t - b.t);
}

const lines: string[] = [];
const counts: Record<string, Record<CorpusSplit, number>> = {};
const add = (person: CorpusPerson): void => {
  lines.push(JSON.stringify(person));
  const key = person.kind === 't1d' ? `t1d/${person.about.simulator}` : person.kind;
  counts[key] ??= { train: 0, validation: 0, test: 0, ood: 0 };
  counts[key][person.split] += 1;
};
const live = (id: string, baseSubject: string, plant: GlucosePlant, lifeKey: (string | number)[], mealScale = 1): VirtualPatient =>
  liveMisspecifiedLife(plant, { patientId: id, baseSubject, days, lifeKey, behaviour: { mealScale } });

// uva-padova: train/validation around the tuning subjects (one per age group for validation), test around the regression ones
const names = uvaPadovaSubjects().map((s) => s.name);
const uvaSplits: [string, Exclude<CorpusSplit, 'ood'>][] = [
  ...AGE_GROUPS.flatMap((group) => subjectsOf('tuning', group).map((s, i): [string, Exclude<CorpusSplit, 'ood'>] => [s, i === 0 ? 'validation' : 'train'])),
  ...subjectsOf('regression').map((s): [string, Exclude<CorpusSplit, 'ood'>] => [s, 'test']),
];
const perSplit: Record<string, number> = { train: 0, validation: 0, test: 0 };
for (const [baseSubject, split] of uvaSplits) {
  for (let r = 0; r < perSubject; r++) {
    const index = names.indexOf(baseSubject) + 30 * r;
    const plant = new UvaPadovaMisspecifiedPlant({ index, seed }, seededRandom('fm-study-uva-physiology', seed, index));
    if (plant.baseSubject !== baseSubject) throw new Error(`draw ${index}: around ${plant.baseSubject}, expected ${baseSubject}`);
    const id = `uva-${seed}-${String(index).padStart(3, '0')}`;
    // meal sizes scaled to the subject's daily insulin as in the validation cohorts (honestPlantPerson): children eat less
    const mealScale = Math.min(1.2, Math.max(0.5, uvaPadovaTherapy(baseSubject).TDI / 40));
    const vp = live(id, baseSubject, plant, ['fm-study-uva', seed, index], mealScale);
    const personal = Object.fromEntries(PERSONAL_PARAMETERS.map((n) => [n, plant.parameters[n]]));
    add({ id, kind: 't1d', split, about: { simulator: 'uva-padova', baseSubject, mealScale }, personal, observations: timeline(vp) });
    perSplit[split] += 1;
  }
  console.log(`uva-padova ${baseSubject} (${split}) done (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

// hovorka: as many persons per split, each its own draw
let position = 0;
for (const split of ['train', 'validation', 'test'] as const) {
  for (let i = 0; i < perSplit[split]; i++, position++) {
    const plant = new HovorkaWilinskaPlant(seededRandom('fm-study-hovorka-subject', seed, position));
    const id = `hovorka-${seed}-${String(position).padStart(3, '0')}`;
    const vp = live(id, id, plant, ['fm-study-hovorka', seed, position]);
    add({ id, kind: 't1d', split, about: { simulator: 'hovorka', baseSubject: id }, observations: timeline(vp) });
  }
  console.log(`hovorka ${split} done (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

const slowKinds: [CorpusPerson['kind'], (rng: ReturnType<typeof randomStream>) => SlowPerson, number][] = [
  ['weight', (rng) => generateWeightPerson(rng, 180), 11],
  ['blood-pressure', (rng) => generateBloodPressurePerson(rng, 120, { iiv: true }), 12],
  ['inr', (rng) => generateInrPerson(rng, 90, { iiv: true }), 13],
];
for (const [kind, generate, stream] of slowKinds) {
  for (let i = 0; i < slowCount; i++) {
    const person = generate(randomStream(seed * 7_000_003 + stream * 100_000 + i));
    const id = `${kind}-${seed}-${i}`;
    add({ id, kind, split: splitOfPerson(id), about: person.about, observations: person.observations });
  }
}
const tokenizer = JSON.parse(readFileSync(join(REPO, 'models', 'shuji-fm-v3', 'tokenizer.json'), 'utf8')) as { codes: { code: string }[] };
const keep = new Set(tokenizer.codes.map((c) => c.code));
for (const file of readdirSync(values.synthea).filter((f) => f.endsWith('.json')).sort()) {
  const id = `synthea-${file.replace(/\.json$/, '')}`;
  add({ id, kind: 'synthea', split: splitOfPerson(id), about: { file }, observations: bundleTimeline(JSON.parse(readFileSync(join(values.synthea, file), 'utf8')), keep) });
}

// the personalisation head's normalisation, as `npm run corpus` writes it (log mean and SD over the 30 shared subjects)
const personalParameters = PERSONAL_PARAMETERS.map((name) => {
  const x = uvaPadovaSubjects().map((s) => Math.log(s.parameters[name]));
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  return { name, logMean: mean, logSd: Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1)) };
});
mkdirSync(values.out, { recursive: true });
writeFileSync(join(values.out, 'corpus.jsonl'), lines.join('\n') + '\n');
const manifest = { seed, perSubject, days, slowCount, personalParameters, uvaSplits, counts, seconds: (performance.now() - started) / 1000 };
writeFileSync(join(values.out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
console.log(JSON.stringify({ ...manifest, uvaSplits: undefined }, null, 2));
