/**
 * npm run corpus -- [--out training/data] [--t1d 240] [--days 6] [--slow 120] [--seed 1]
 * Writes the pretraining corpus as JSONL (one person a line, see CorpusPerson) plus manifest.json.
 * Held out entirely (split "ood"): T1D persons in the top decile of insulin sensitivity (Vmx ≥ base·e^{1.2816σ})
 * and weight persons with baseline weight ≥ 110 kg.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cgmSensorParameters, getModelRegistration, sampleVirtualSubjects, uvaPadovaSubjects } from '@shuji/models';
import { generateT1dPerson, UVA_PADOVA_ID } from '../src/corpus/generate-t1d-person';
import { generateBloodPressurePerson, generateInrPerson, generateWeightPerson, type SlowPerson } from '../src/corpus/generate-slow-person';
import { PERSONAL_PARAMETERS, type CorpusPerson, type CorpusSplit } from '../src/corpus/observation-codes';
import { splitOfPerson } from '../src/corpus/person-split.util';
import { randomStream } from '@shuji/stats';
import { bundleTimeline } from '../src/corpus/synthea-timeline';

const REPO = resolve(__dirname, '..', '..', '..');
const { values } = parseArgs({
  options: {
    out: { type: 'string', default: join(REPO, 'training', 'data') },
    t1d: { type: 'string', default: '240' },
    days: { type: 'string', default: '6' },
    slow: { type: 'string', default: '120' },
    seed: { type: 'string', default: '1' },
    synthea: { type: 'string', default: join(REPO, '..', 'shared', 'fixtures', 'synthea-r4') },
  },
});
const t1dCount = Number(values.t1d);
const days = Number(values.days);
const slowCount = Number(values.slow);
const seed = Number(values.seed);
const LOG_SD = 0.15;
const OOD_VMX_RATIO = Math.exp(1.2816 * LOG_SD);
const OOD_WEIGHT_KG = 110;

const tokenizer = JSON.parse(readFileSync(join(REPO, 'models', 'shuji-fm-v2', 'tokenizer.json'), 'utf8')) as { codes: { code: string }[] };
const sensor = cgmSensorParameters('GuardianRT');

mkdirSync(values.out, { recursive: true });
const lines: string[] = [];
const counts: Record<string, Record<CorpusSplit, number>> = {};
const add = (person: CorpusPerson): void => {
  lines.push(JSON.stringify(person));
  counts[person.kind] ??= { train: 0, validation: 0, test: 0, ood: 0 };
  counts[person.kind][person.split] += 1;
};
const started = performance.now();

const subjects = sampleVirtualSubjects(getModelRegistration(UVA_PADOVA_ID), { count: t1dCount, seed, logSd: LOG_SD });
subjects.forEach((subject, i) => {
  const rng = randomStream(seed * 1_000_003 + i);
  const person = generateT1dPerson(subject, rng, { days, unannouncedProbability: 0.15, sensor });
  const id = `t1d-${seed}-${subject.name}`;
  add({
    id,
    kind: 't1d',
    split: person.vmxRatio >= OOD_VMX_RATIO ? 'ood' : splitOfPerson(id),
    about: { baseSubject: subject.baseSubject, vmxRatio: person.vmxRatio, outcome: person.outcome },
    personal: Object.fromEntries(PERSONAL_PARAMETERS.map((name) => [name, subject.parameters[name]])),
    observations: person.observations,
  });
  if ((i + 1) % 40 === 0) console.log(`t1d ${i + 1}/${t1dCount} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
});

const slowKinds: [CorpusPerson['kind'], (rng: ReturnType<typeof randomStream>) => SlowPerson, number][] = [
  ['weight', (rng) => generateWeightPerson(rng, 180), 11],
  ['blood-pressure', (rng) => generateBloodPressurePerson(rng, 120), 12],
  ['inr', (rng) => generateInrPerson(rng, 90), 13],
];
for (const [kind, generate, stream] of slowKinds) {
  for (let i = 0; i < slowCount; i++) {
    const rng = randomStream(seed * 7_000_003 + stream * 100_000 + i);
    const person = generate(rng);
    const id = `${kind}-${seed}-${i}`;
    const ood = kind === 'weight' && Number(person.about.BW0) >= OOD_WEIGHT_KG;
    add({ id, kind, split: ood ? 'ood' : splitOfPerson(id), about: person.about, observations: person.observations });
  }
}

const keep = new Set(tokenizer.codes.map((c) => c.code));
for (const file of readdirSync(values.synthea).filter((f) => f.endsWith('.json')).sort()) {
  const observations = bundleTimeline(JSON.parse(readFileSync(join(values.synthea, file), 'utf8')), keep);
  const id = `synthea-${file.replace(/\.json$/, '')}`;
  add({ id, kind: 'synthea', split: splitOfPerson(id), about: { file }, observations });
}

// the personalisation head's targets are normalised by the log mean and SD over the 30 shared subjects
const logOf = (name: string): number[] => uvaPadovaSubjects().map((s) => Math.log(s.parameters[name]));
const meanOf = (x: number[]): number => x.reduce((a, b) => a + b, 0) / x.length;
const personalParameters = PERSONAL_PARAMETERS.map((name) => {
  const x = logOf(name);
  const mean = meanOf(x);
  return { name, logMean: mean, logSd: Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1)) };
});

writeFileSync(join(values.out, 'corpus.jsonl'), lines.join('\n') + '\n');
const manifest = { seed, personalParameters, t1dCount, days, slowCount, logSd: LOG_SD, oodVmxRatio: OOD_VMX_RATIO, oodWeightKg: OOD_WEIGHT_KG, sensor: sensor.name, counts, seconds: (performance.now() - started) / 1000 };
writeFileSync(join(values.out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
console.log(JSON.stringify(manifest, null, 2));
