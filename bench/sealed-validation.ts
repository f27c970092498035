/**
 * `npm run validate:sealed [-- --per-subject 2 --days 3 --truths s2008,s2008-misspecified,hovorka --no-fm --no-gbt --json out.json]`
 * (`--role regression --tuning-per-subject 1 --no-fm`: the regression cohort as the CI test sees it, for its figures;
 * `--role tuning`: the tuning cohort, the only one to look at while tuning; its ridge rows are then in-sample)
 *
 * Issue 14's sealed evaluation, run once per release (never in CI, never while tuning): the SEALED cohort (persons
 * drawn around the 9 sealed UVA/Padova subjects, or fresh Hovorka persons from the sealed seed) under each truth,
 * every method and baseline (honest-samples.ts of @shuji/forecasting), RMSE, MAE and CRPS at 30/60 min with
 * patient-block bootstrap 95 % intervals of the RMSE and CRPS ratios and Diebold–Mariano tests on patients (against
 * persistence, ridge ARX, GBT, ARIMA and the best non-mechanistic baseline of the cohort, by RMSE and by CRPS), PIT
 * histograms, 10–90 % coverage (all readings and < 70 mg/dL) beside each interval's nominal level, and severe
 * hypoglycaemia flagging. The ridge, GBT and persistence residuals of each truth come from that truth's TUNING
 * cohort. Prints the Markdown tables of docs/validation.md with the date and machine. A few minutes of CPU.
 */
import { cpus } from 'node:os';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FoundationModel } from '@shuji/foundation-model';
import {
  bestBaselines,
  collectHonestSamples,
  defaultHybridCalibration,
  HONEST_METHODS,
  NON_MECHANISTIC_BASELINES,
  scoreHonest,
  scoreSevereHypo,
  trainBaselines,
  type HonestMethod,
  type HonestScore,
  type PairedComparison,
} from '@shuji/forecasting';
import { TRUTH_KINDS, type SubjectRole, type TruthKind } from '@shuji/twin';

const LABELS: Record<HonestMethod, string> = {
  persistence: 'persistence',
  'ridge-ar': 'ridge AR (2 h CGM)',
  'ridge-arx': 'ridge ARX (2 h CGM + IOB/COB)',
  'gbt-arx': 'GBT on the ARX features',
  arima: 'ARIMA(p,1,0), own 24 h',
  'twin-population': 'twin, population prior',
  'twin-oracle': 'twin, true parameters (upper bound)',
  fm: 'FM alone',
  hybrid: 'hybrid (default forecast: twin + FM + personal ridge ARX + GBT ARX)',
};
const TRUTH_LABELS: Record<TruthKind, string> = {
  s2008: 'S2008 (the twin’s own model)',
  's2008-misspecified': 'S2008 + unmodelled physiology, behaviour, sensor faults',
  hovorka: 'Hovorka 2004 / Wilinska-style variability',
};

function ratioCell(c: Pick<PairedComparison, 'ratio' | 'test'> | undefined): string {
  if (c === undefined) return '–';
  const p = c.test.pValue < 0.001 ? '<0.001' : c.test.pValue.toFixed(3);
  return `${c.ratio.estimate.toFixed(2)} (${c.ratio.lower.toFixed(2)}–${c.ratio.upper.toFixed(2)}), p ${p}`;
}

const pct = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? '–' : `${(100 * x).toFixed(0)} %`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'per-subject': { type: 'string', default: '2' },
      days: { type: 'string', default: '3' },
      truths: { type: 'string', default: TRUTH_KINDS.join(',') },
      'no-fm': { type: 'boolean', default: false },
      'no-gbt': { type: 'boolean', default: false },
      role: { type: 'string', default: 'sealed' },
      'tuning-per-subject': { type: 'string', default: '2' },
      model: { type: 'string', default: join(__dirname, '..', 'models', 'shuji-fm-v2') },
      json: { type: 'string' },
      'no-oracle': { type: 'boolean', default: false },
      // tuning experiments only: filter options of the population-prior twin, e.g. '{"disturbanceSd":2}'
      twin: { type: 'string' },
    },
  });
  const perSubject = Number(values['per-subject']);
  const days = Number(values.days);
  const truths = values.truths.split(',') as TruthKind[];
  const role = values.role as SubjectRole;
  if (role !== 'sealed' && role !== 'regression' && role !== 'tuning') throw new RangeError('--role: sealed, regression or tuning');
  if (values.twin !== undefined && role === 'sealed') throw new RangeError('--twin: a tuning experiment, never on the sealed cohort');
  const twinOptions = values.twin === undefined ? undefined : (JSON.parse(values.twin) as Record<string, number>);
  if (twinOptions !== undefined) console.log(`population-prior twin filter options ${JSON.stringify(twinOptions)}`);
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
    const trainStarted = process.cpuUsage();
    const baselines = trainBaselines({ truth, role: 'tuning', perSubject: Number(values['tuning-per-subject']), days }, { gbt: !values['no-gbt'] });
    const trainCpu = process.cpuUsage(trainStarted);
    const { samples, persons, cpuMs } = await collectHonestSamples({
      cohort: { truth, role, perSubject, days },
      baselines,
      fm,
      oracle: !values['no-oracle'],
      ...(twinOptions === undefined ? {} : { twin: twinOptions }),
    });
    const methods = HONEST_METHODS.filter((m) => samples.some((s) => s.forecasts[m] !== undefined));
    const references: HonestMethod[] = ['persistence', ...NON_MECHANISTIC_BASELINES];
    const scores = scoreHonest(samples, { methods, references });
    const hypo = scoreSevereHypo(samples, methods);
    console.log(
      `\n### ${TRUTH_LABELS[truth]}: ${persons} ${role} persons, ${samples.length} forecast times; baselines trained on ${baselines.trainedOn} tuning persons (${((trainCpu.user + trainCpu.system) / 1e6).toFixed(0)} s CPU); ${(cpuMs / 1000).toFixed(0)} s CPU\n`,
    );
    const cmp = (x: HonestScore, r: HonestMethod): PairedComparison | undefined => x.comparisons.find((c) => c.reference === r);
    const best: Record<number, { rmse: HonestMethod; crps: HonestMethod }> = {};
    for (const h of [30, 60]) {
      const rows = methods.flatMap((m) => scores.filter((x) => x.method === m && x.horizonMin === h));
      const b = bestBaselines(rows);
      best[h] = b;
      console.log(`\n**${h} min: point forecasts** (RMSE ratio, patient-block bootstrap 95 % CI, Diebold–Mariano p; best non-mechanistic baseline by RMSE here: ${LABELS[b.rmse]})\n`);
      console.log('| method | RMSE | MAE | ÷ persistence | ÷ ridge ARX | ÷ GBT ARX | ÷ ARIMA | ÷ best non-mechanistic |');
      console.log('| --- | ---: | ---: | --- | --- | --- | --- | --- |');
      for (const a of rows) {
        console.log(
          `| ${LABELS[a.method]} | ${a.rmse.toFixed(1)} | ${a.mae.toFixed(1)} | ${ratioCell(cmp(a, 'persistence'))} | ${ratioCell(cmp(a, 'ridge-arx'))} | ${ratioCell(cmp(a, 'gbt-arx'))} | ${ratioCell(cmp(a, 'arima'))} | ${ratioCell(cmp(a, b.rmse))} |`,
        );
      }
      console.log(
        `\n**${h} min: distributions** (CRPS ratio as above; best non-mechanistic by CRPS: ${LABELS[b.crps]}; CRPS₃: 2 × mean quantile score at 10/50/90 %; PIT: % per tenth)\n`,
      );
      console.log('| method | CRPS | CRPS ÷ persistence | CRPS ÷ best non-mechanistic | CRPS₃ | 10–90 % coverage (nominal) | coverage < 70 mg/dL (n) | mean width | PIT histogram |');
      console.log('| --- | ---: | --- | --- | ---: | --- | --- | ---: | --- |');
      for (const a of rows) {
        const crpsCell = (r: HonestMethod): string => ratioCell(cmp(a, r)?.crps);
        console.log(
          `| ${LABELS[a.method]} | ${a.crps?.toFixed(1) ?? '–'} | ${crpsCell('persistence')} | ${crpsCell(b.crps)} | ${a.crpsQ3?.toFixed(1) ?? '–'} | ${pct(a.coverage80)} (${pct(a.nominal80)}) | ${pct(a.coverageLow80)} (${a.nLow}) | ${a.meanWidth80?.toFixed(0) ?? '–'} | ${a.pit?.map((x) => (100 * x).toFixed(0)).join(' ') ?? '–'} |`,
        );
      }
    }
    console.log('\n| method | forecasts | events (< 54 mg/dL within 30 min) | flags | sensitivity | false-alarm ratio |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const s of hypo) {
      console.log(`| ${LABELS[s.method]} | ${s.forecasts} | ${s.events} | ${s.flags} | ${pct(s.sensitivity)} | ${pct(s.falseAlarmRatio)} |`);
    }
    report[truth] = { persons, forecasts: samples.length, cpuMs, bestBaselines: best, scores, hypo };
  }
  await model?.close();
  if (values.json !== undefined) writeFileSync(values.json, JSON.stringify(report, null, 2) + '\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
