/**
 * `npm run calibrate:hybrid-honest [-- --truths s2008-misspecified,hovorka --per-subject 2 --personal-lambda 300 --samples /tmp/s.json --from /tmp/s.json --cv]`
 *
 * Fits the product's hybrid (issue 14 item 7) in the honest setting, on TUNING cohorts only (never regression or
 * sealed): (1) a ridge ARX on 2 h of CGM with insulin and carbohydrates on board (ridge-arx.ts) trained on the pooled
 * tuning persons of the misspecified truths, the part of the hybrid that learns from data what the twin's model
 * lacks, adapted to each person's own CGM history at forecast time with shrinkage `--personal-lambda` towards it
 * (RidgeArx.personalise); (2) the tuning persons streamed into population-prior twins (the product's start) with the FM, each
 * forecast time giving the twin's ensemble, the FM's quantiles and that ridge's forecast from the event log;
 * (3) per horizon (5…30, 60, 120 min) the stacking weights and the split-conformal interval scales
 * (hybrid-forecast.util.ts). `--cv`: fits on the tuning persons of half the tuning subjects and scores on the other
 * half, both ways (2-fold cross-fitting by base subject), to compare variants without touching any other cohort.
 * Writes libs/forecasting/data/hybrid-calibration.json (version 2) unless `--cv`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  cgmGrid,
  collectHonestSamples,
  defaultHybridCalibration,
  fitHybridHorizon,
  HONEST_HORIZONS,
  hybridForecast,
  RidgeArx,
  trainBaselines,
  type HonestSample,
  type HybridCalibration,
  type HybridFitSample,
  type HybridHorizonCalibration,
} from '@shuji/forecasting';
import { FoundationModel } from '@shuji/foundation-model';
import { honestCohort, ObservationCodes, populationPrior, T1dGlucoseComponent, type TruthKind } from '@shuji/twin';

const RIDGE_LAGS = 24;
const RIDGE_HORIZON = 24;
const DAYS = 3;

interface TruthSamples {
  readonly truth: TruthKind;
  readonly perSubject: number;
  readonly samples: HonestSample[];
}

function fitSamples(samples: readonly HonestSample[], i: number): HybridFitSample[] {
  return samples.flatMap((s) => {
    const t = s.forecasts['twin-population'];
    const f = s.forecasts.fm;
    if (t === undefined || f === undefined || f.q10 === undefined || f.q90 === undefined) return [];
    const fm = { q10: f.q10[i], q50: f.mean[i], q90: f.q90[i] };
    if (!Number.isFinite(t.mean[i])) return [];
    const hasFm = [fm.q10, fm.q50, fm.q90].every((x) => x !== null && Number.isFinite(x));
    const ridge = s.stackRidge?.[i];
    const twin = { mean: t.mean[i], q10: t.q10?.[i] ?? t.mean[i], q50: t.q50?.[i] ?? t.mean[i], q90: t.q90?.[i] ?? t.mean[i] };
    return [{ y: s.y[i], twin, ...(hasFm ? { fm } : {}), ...(ridge !== undefined && ridge !== null && Number.isFinite(ridge) ? { ridge } : {}) }];
  });
}

function fitHorizons(samples: readonly HonestSample[], withRidge: boolean): HybridHorizonCalibration[] {
  return HONEST_HORIZONS.flatMap((h, i) => {
    const fit = fitSamples(samples, i).map((s) => (withRidge ? s : { y: s.y, twin: s.twin, fm: s.fm }));
    // without the ridge, the horizons the FM does not forecast have nothing to combine the twin with
    return withRidge || fit.every((s) => s.fm !== undefined) ? [fitHybridHorizon(h, fit)] : [];
  });
}



const rmse = (e: readonly number[]): number => Math.sqrt(e.reduce((a, x) => a + x * x, 0) / e.length);

/** Two-fold cross-fitting by base subject: fit on one half of the subjects' persons, score on the other. */
function crossFit(all: readonly TruthSamples[], withRidge: boolean): void {
  const fold = (t: TruthSamples, s: HonestSample): number => Math.floor(Number(s.patientId.split('-').pop()) / t.perSubject) % 2;
  const rows: { truth: TruthKind; h: number; y: number; last: number; twin: number; fm: number; ridgeBase: number; stack: number; hybrid: number; lo: number; hi: number }[] = [];
  for (const k of [0, 1]) {
    const train = all.flatMap((t) => t.samples.filter((s) => fold(t, s) !== k));
    const horizons = fitHorizons(train, withRidge);
    for (const t of all) {
      for (const s of t.samples.filter((x) => fold(t, x) === k)) {
        for (const h of [30, 60]) {
          const i = HONEST_HORIZONS.indexOf(h as 30 | 60);
          const [fs] = fitSamples([s], i);
          if (fs === undefined) continue;
          const cal = horizons.find((c) => c.horizonMin === h);
          if (cal === undefined) continue;
          const hp = hybridForecast(fs.twin, fs.fm, cal, fs.ridge);
          rows.push({ truth: t.truth, h, y: s.y[i], last: s.last, twin: fs.twin.mean, fm: fs.fm?.q50 ?? Number.NaN, ridgeBase: s.forecasts['ridge-arx']?.mean[i] ?? Number.NaN, stack: fs.ridge ?? Number.NaN, hybrid: hp.mean, lo: hp.q10, hi: hp.q90 });
        }
      }
    }
  }
  for (const truth of [...new Set(rows.map((r) => r.truth))]) {
    for (const h of [30, 60]) {
      const r = rows.filter((x) => x.truth === truth && x.h === h && Number.isFinite(x.ridgeBase));
      const e = (f: (x: (typeof r)[number]) => number): number => rmse(r.map((x) => f(x) - x.y));
      const cov = r.filter((x) => x.y >= x.lo && x.y <= x.hi).length / r.length;
      const p = e((x) => x.last);
      console.log(
        `${truth} ${h} min (n ${r.length}, cross-fitted): persistence ${p.toFixed(1)}, ridge ARX (truth's) ${e((x) => x.ridgeBase).toFixed(1)}, hybrid's ridge ${e((x) => x.stack).toFixed(1)}, twin ${e((x) => x.twin).toFixed(1)}, FM ${e((x) => x.fm).toFixed(1)}, hybrid ${e((x) => x.hybrid).toFixed(1)} (${(e((x) => x.hybrid) / p).toFixed(3)}× persistence, ${(e((x) => x.hybrid) / e((x) => x.ridgeBase)).toFixed(3)}× ridge ARX), coverage ${(100 * cov).toFixed(1)} %`,
      );
    }
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      truths: { type: 'string', default: 's2008-misspecified,hovorka' },
      'per-subject': { type: 'string', default: '2' },
      model: { type: 'string', default: 'models/shuji-fm-v2' },
      samples: { type: 'string' },
      from: { type: 'string' },
      cv: { type: 'boolean', default: false },
      'no-ridge': { type: 'boolean', default: false },
      'personal-lambda': { type: 'string', default: '300' },
      out: { type: 'string', default: join(__dirname, '..', 'libs', 'forecasting', 'data', 'hybrid-calibration.json') },
    },
  });
  const truths = values.truths.split(',') as TruthKind[];
  const perSubject = Number(values['per-subject']);
  const personalLambda = values['personal-lambda'] === 'none' ? undefined : Number(values['personal-lambda']);
  if (personalLambda !== undefined && !(personalLambda > 0)) throw new RangeError('--personal-lambda: a positive number or none');
  let all: TruthSamples[];
  let ridgeJson: ReturnType<RidgeArx['toJSON']>;
  let fmModel: string;
  // --from: samples written by --samples; their ridge forecasts were made with the --personal-lambda of that run
  if (values.from !== undefined) {
    ({ all, ridgeJson, fmModel } = JSON.parse(readFileSync(values.from, 'utf8')) as { all: TruthSamples[]; ridgeJson: ReturnType<RidgeArx['toJSON']>; fmModel: string });
  } else {
    const series = truths.flatMap((truth) => [...honestCohort({ truth, role: 'tuning', perSubject, days: DAYS })].map((p) => cgmGrid(p.vp).series));
    const ridge = RidgeArx.fit(series, { lags: RIDGE_LAGS, horizon: RIDGE_HORIZON, lambda: 1 });
    ridgeJson = ridge.toJSON();
    console.log(`hybrid's ridge ARX trained on ${series.length} tuning persons (${truths.join(' + ')})`);
    const fm = await FoundationModel.load({ modelDir: resolve(values.model), maxWaitMs: 1 });
    fmModel = fm.name;
    // only the ridge matters while collecting: the weights are fitted from what these samples hold
    const collecting: HybridCalibration = { ...defaultHybridCalibration(), version: 2, ridgeArx: ridgeJson, ...(personalLambda === undefined ? {} : { ridgePersonalLambda: personalLambda }) };
    all = [];
    for (const truth of truths) {
      const baselines = trainBaselines({ truth, role: 'tuning', perSubject, days: DAYS }, { gbt: false });
      const { samples, persons, cpuMs } = await collectHonestSamples({ cohort: { truth, role: 'tuning', perSubject, days: DAYS }, baselines, oracle: false, fm: { model: fm, calibration: collecting } });
      console.log(`${truth}: ${persons} tuning persons, ${samples.length} forecast times, ${(cpuMs / 1000).toFixed(0)} s CPU`);
      all.push({ truth, perSubject, samples });
    }
    await fm.close();
    if (values.samples !== undefined) writeFileSync(values.samples, JSON.stringify({ all, ridgeJson, fmModel }));
  }
  const withRidge = !values['no-ridge'];
  if (values.cv) {
    crossFit(all, withRidge);
    return;
  }
  const pooled = all.flatMap((t) => t.samples);
  const horizons = fitHorizons(pooled, withRidge);
  const old = defaultHybridCalibration();
  const calibration: HybridCalibration = {
    version: withRidge ? 2 : 1,
    fmModel,
    twinComponent: new T1dGlucoseComponent({ ...populationPrior('adult') }).id,
    code: ObservationCodes.cgmGlucose.loinc,
    cohortSeed: 14_001,
    patients: all.reduce((a, t) => a + new Set(t.samples.map((s) => s.patientId)).size, 0),
    days: DAYS,
    forecastEveryMin: 15,
    fittedAt: new Date().toISOString(),
    tuning: `issue 14 tuning cohorts (${truths.join(', ')}; ${perSubject} persons per tuning subject), population-prior twins`,
    horizons,
    // persistence and linear-extrapolation offsets of validate:hybrid, unchanged (fitted on the seed-2026 cohort)
    baselines: old.baselines,
    ...(withRidge ? { ridgeArx: ridgeJson, ...(personalLambda === undefined ? {} : { ridgePersonalLambda: personalLambda }) } : {}),
  };
  writeFileSync(values.out, `${JSON.stringify(calibration, null, 2)}\n`);
  for (const h of horizons) {
    console.log(`${h.horizonMin} min: weights twin ${h.twinWeight.toFixed(3)} FM ${(h.fmWeight ?? 1 - h.twinWeight).toFixed(3)} ridge ${(h.ridgeWeight ?? 0).toFixed(3)}, scales ${h.lowerScale.toFixed(3)} / ${h.upperScale.toFixed(3)} (n ${h.n})`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
