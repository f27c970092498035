/**
 * `npm run validate:sealed [-- --per-subject 2 --days 3 --truths s2008,s2008-misspecified,hovorka --no-fm --json out.json]`
 * (`--role regression --tuning-per-subject 1 --no-fm`: the regression cohort as the CI test sees it, for its figures;
 * `--role tuning`: the tuning cohort, the only one to look at while tuning; its ridge rows are then in-sample)
 *
 * Issue 14's sealed evaluation, run once per release (never in CI, never while tuning): the SEALED cohort (persons
 * drawn around the 9 sealed UVA/Padova subjects, or fresh Hovorka persons from the sealed seed) under each truth,
 * every method and baseline (honest-samples.ts of @shuji/forecasting), RMSE at 30/60 min with patient-block
 * bootstrap 95 % intervals of the RMSE ratios, Diebold–Mariano tests on patients, 10–90 % coverage and severe
 * hypoglycaemia flagging. The ridge AR of each truth is trained on that truth's TUNING cohort. Prints the Markdown
 * tables of docs/validation.md with the date and machine. A few minutes of CPU (twins dominate).
 */
import { cpus } from 'node:os';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FoundationModel } from '@shuji/foundation-model';
import {
  collectHonestSamples,
  defaultHybridCalibration,
  scoreHonest,
  scoreSevereHypo,
  trainRidgeBaseline,
  type HonestMethod,
  type HonestScore,
  type PairedComparison,
} from '@shuji/forecasting';
import { TRUTH_KINDS, type SubjectRole, type TruthKind } from '@shuji/twin';

const LABELS: Record<HonestMethod, string> = {
  persistence: 'persistence',
  'ridge-ar': 'ridge AR (2 h CGM)',
  'ridge-arx': 'ridge ARX (2 h CGM + IOB/COB)',
  'twin-population': 'twin, population prior',
  'twin-oracle': 'twin, true parameters (upper bound)',
  fm: 'FM alone',
  hybrid: 'hybrid (population-prior twin + FM)',
};
const TRUTH_LABELS: Record<TruthKind, string> = {
  s2008: 'S2008 (the twin’s own model)',
  's2008-misspecified': 'S2008 + unmodelled physiology, behaviour, sensor faults',
  hovorka: 'Hovorka 2004 / Wilinska-style variability',
};

function ratioCell(c: PairedComparison | undefined): string {
  if (c === undefined) return '–';
  const p = c.test.pValue < 0.001 ? '<0.001' : c.test.pValue.toFixed(3);
  return `${c.ratio.estimate.toFixed(2)} (${c.ratio.lower.toFixed(2)}–${c.ratio.upper.toFixed(2)}), p ${p}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'per-subject': { type: 'string', default: '2' },
      days: { type: 'string', default: '3' },
      truths: { type: 'string', default: TRUTH_KINDS.join(',') },
      'no-fm': { type: 'boolean', default: false },
      role: { type: 'string', default: 'sealed' },
      'tuning-per-subject': { type: 'string', default: '2' },
      model: { type: 'string', default: join(__dirname, '..', 'models', 'shuji-fm-v2') },
      json: { type: 'string' },
    },
  });
  const perSubject = Number(values['per-subject']);
  const days = Number(values.days);
  const truths = values.truths.split(',') as TruthKind[];
  const role = values.role as SubjectRole;
  if (role !== 'sealed' && role !== 'regression' && role !== 'tuning') throw new RangeError('--role: sealed, regression or tuning');
  if (role === 'tuning') console.log('tuning cohort: the ridge baselines (and the hybrid calibration) were fitted on these very persons, so their rows are in-sample');
  const useFm = !values['no-fm'] && existsSync(values.model);
  const calibration = defaultHybridCalibration();
  const model = useFm ? await FoundationModel.load({ modelDir: values.model, maxWaitMs: 1 }) : undefined;
  const fm = model === undefined ? undefined : { model, calibration };
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), Node ${process.version}`;
  console.log(`${role} cohort validation ${new Date().toISOString()} on ${machine}; ${perSubject} persons per ${role} subject, ${days} days, day ${days} scored every 15 min`);
  if (fm !== undefined) console.log(`FM ${model?.name}, hybrid calibration ${calibration.fmModel} / ${calibration.twinComponent} (${calibration.fittedAt})`);
  const report: Record<string, unknown> = { date: new Date().toISOString(), machine, role, perSubject, days };
  for (const truth of truths) {
    const ridge = trainRidgeBaseline({ truth, role: 'tuning', perSubject: Number(values['tuning-per-subject']), days });
    const { samples, persons, cpuMs } = await collectHonestSamples({ cohort: { truth, role, perSubject, days }, ridge, fm });
    const methods = (['persistence', 'ridge-ar', 'ridge-arx', 'twin-population', 'twin-oracle', 'fm', 'hybrid'] as const).filter((m) => samples.some((s) => s.forecasts[m] !== undefined));
    const scores = scoreHonest(samples, { methods, references: ['persistence', 'ridge-ar', 'ridge-arx'] });
    const hypo = scoreSevereHypo(samples, methods);
    console.log(`\n### ${TRUTH_LABELS[truth]}: ${persons} ${role} persons, ${samples.length} forecast times; ridge trained on ${ridge.trainedOn} tuning persons; ${(cpuMs / 1000).toFixed(0)} s CPU\n`);
    const cmp = (x: HonestScore, r: HonestMethod): PairedComparison | undefined => x.comparisons.find((c) => c.reference === r);
    for (const h of [30, 60]) {
      console.log(`\n${h} min:\n`);
      console.log('| method | RMSE | MAE | ÷ persistence (95 % CI), DM p | ÷ ridge AR (95 % CI), DM p | ÷ ridge ARX (95 % CI), DM p | 10–90 % coverage (mean width) |');
      console.log('| --- | ---: | ---: | --- | --- | --- | --- |');
      for (const m of methods) {
        const a = scores.find((x) => x.method === m && x.horizonMin === h);
        if (a === undefined) continue;
        const cov = a.coverage80 === undefined ? '–' : `${(100 * a.coverage80).toFixed(0)} % (${(a.meanWidth80 ?? 0).toFixed(0)} mg/dL)`;
        console.log(
          `| ${LABELS[m]} | ${a.rmse.toFixed(1)} | ${a.mae.toFixed(1)} | ${ratioCell(cmp(a, 'persistence'))} | ${ratioCell(cmp(a, 'ridge-ar'))} | ${ratioCell(cmp(a, 'ridge-arx'))} | ${cov} |`,
        );
      }
    }
    console.log('\n| method | forecasts | events (< 54 mg/dL within 30 min) | flags | sensitivity | false-alarm ratio |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const s of hypo) {
      const pct = (x: number): string => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(0)} %`);
      console.log(`| ${LABELS[s.method]} | ${s.forecasts} | ${s.events} | ${s.flags} | ${pct(s.sensitivity)} | ${pct(s.falseAlarmRatio)} |`);
    }
    report[truth] = { persons, forecasts: samples.length, cpuMs, scores, hypo };
  }
  await model?.close();
  if (values.json !== undefined) writeFileSync(values.json, JSON.stringify(report, null, 2) + '\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
