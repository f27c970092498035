/**
 * `npm run calibrate:hybrid-honest [-- --truths s2008-misspecified,hovorka --per-subject 2 --personal-lambda 30 --samples /tmp/s.json --from /tmp/s.json --cv --gbt 100x3 --gbt-grid --no-gbt]`
 *
 * Fits the product's hybrid (issue 14 item 7) in the honest setting, on TUNING cohorts only (never regression or
 * sealed): (1) a ridge ARX on 2 h of CGM with insulin and carbohydrates on board (ridge-arx.ts) trained on the pooled
 * tuning persons of the misspecified truths, the part of the hybrid that learns from data what the twin's model
 * lacks, adapted to each person's own CGM history at forecast time with shrinkage `--personal-lambda` towards it
 * (RidgeArx.personalise); (2) the tuning persons streamed into population-prior twins (the product's start) with the FM, each
 * forecast time giving the twin's ensemble, the FM's quantiles and that ridge's forecast from the event log;
 * (3) per horizon (5…30, 60, 120 min) the stacking weights and the split-conformal interval scales
 * (hybrid-forecast.util.ts). (4) Unless `--no-gbt`: gradient-boosted trees on the ridge ARX's features (gbt-arx.ts),
 * `--gbt TREESxDEPTH`, trained on the same pooled tuning persons, stacked as a fourth member; the stacking weights
 * see only its cross-fitted forecasts (each person's from trees trained without their half of the base subjects:
 * stacked generalisation, Wolpert 1992, Neural Netw 5:241; Breiman 1996), computed from each person's event log as
 * the product does (gbtArxFromEvents). `--cv`: fits on the tuning persons of half the tuning subjects and scores on
 * the other half at 30, 60 and 120 min, both ways (2-fold cross-fitting by base subject), to compare variants
 * without touching any other cohort; the GBT scored on a half is trained on the other half only, and the weights
 * fitted there see its forecasts cross-fitted again within that half (nested). `--gbt-grid`: every tree count and
 * depth of GBT_GRID under `--cv`.
 * Writes libs/forecasting/data/hybrid-calibration.json (version 3 with the GBT, whose trees go to
 * hybrid-gbt-arx.json beside it; version 2 with `--no-gbt`) unless `--cv`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  arxSeriesFromEvents,
  cgmGrid,
  GBT_ARX_SETTINGS,
  GbtArx,
  ridgeArxFromEvents,
  stepOf,
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
import { honestCohort, ObservationCodes, populationPrior, T1dGlucoseComponent, type TruthKind, type TwinEvent } from '@shuji/twin';

const RIDGE_LAGS = 24;
const RIDGE_HORIZON = 24;
const DAYS = 3;
const CGM = ObservationCodes.cgmGlucose.loinc;
/** 0-based 5-min steps of HONEST_HORIZONS: the GBT has trees for these only. */
const GBT_STEPS = HONEST_HORIZONS.map((h) => h / 5 - 1);
/** `--gbt-grid`: tree counts (prefixes of one boosting run) × depths, shrinkage 0.05. */
const GBT_GRID = { trees: [50, 100, 200, 300], depths: [2, 3, 4] };

/** A tuning person as the GBT sees them: the event log, the training grid, and their base subject's folds. */
interface TuningPerson {
  readonly events: readonly TwinEvent[];
  readonly series: ReturnType<typeof cgmGrid>['series'];
  /** 2-fold split by base subject (the cross-fitting of `--cv`). */
  readonly outer: number;
  /** 2-fold split of each outer half by base subject (nested cross-fitting). */
  readonly inner: number;
}

/** Base subject index of a person of a cohort with `perSubject` persons per subject (patient ids end in the position). */
const subjectOf = (patientId: string, perSubject: number): number => Math.floor(Number(patientId.split('-').pop()) / perSubject);

function tuningPersons(truths: readonly TruthKind[], perSubject: number): Map<string, TuningPerson> {
  const out = new Map<string, TuningPerson>();
  for (const truth of truths) {
    for (const p of honestCohort({ truth, role: 'tuning', perSubject, days: DAYS })) {
      const s = subjectOf(p.vp.patientId, perSubject);
      out.set(p.vp.patientId, { events: p.vp.events, series: cgmGrid(p.vp).series, outer: s % 2, inner: Math.floor(s / 2) % 2 });
    }
  }
  return out;
}

/** The hybrid's GBT: HONEST_HORIZONS' steps, 2 h of lags, every third window, GBT_ARX_SETTINGS with these trees and depth. */
function fitGbt(persons: readonly TuningPerson[], trees: number, maxDepth: number): GbtArx {
  return GbtArx.fit(
    persons.map((p) => p.series),
    { lags: RIDGE_LAGS, steps: GBT_STEPS, stride: 3, gbt: { ...GBT_ARX_SETTINGS, trees, maxDepth } },
  );
}

/** The GBT's forecasts at HONEST_HORIZONS of a sample from the person's event log up to the forecast (as the product). */
function gbtAt(gbt: GbtArx, person: TuningPerson, s: HonestSample): number[] {
  const grid = arxSeriesFromEvents(person.events, CGM, s.timeMs, gbt.lags, gbt.lags, false);
  if (grid === undefined) return HONEST_HORIZONS.map(() => Number.NaN);
  const f = gbt.predict(grid.series, gbt.lags);
  return HONEST_HORIZONS.map((h) => {
    const j = gbt.steps.indexOf(stepOf(s.timeMs, grid.lastMs, h));
    return j >= 0 ? f[j] : Number.NaN;
  });
}

/** Samples with `stackGbt` from the model `modelFor` gives each person (undefined: no GBT). */
function withGbt(samples: readonly HonestSample[], persons: ReadonlyMap<string, TuningPerson>, modelFor: (p: TuningPerson) => GbtArx | undefined): HonestSample[] {
  return samples.map((s) => {
    const person = persons.get(s.patientId);
    if (person === undefined) throw new Error(`${s.patientId}: not a tuning person of these truths`);
    const gbt = modelFor(person);
    const { stackGbt: _, ...rest } = s;
    return gbt === undefined ? rest : { ...rest, stackGbt: gbtAt(gbt, person, s) };
  });
}

/** The per-person event log reproduces the ridge forecasts the streamed twins' logs gave (the GBT reads the same). */
function checkEventLogs(samples: readonly HonestSample[], persons: ReadonlyMap<string, TuningPerson>, ridge: RidgeArx, personalLambda: number | undefined): void {
  let worst = 0;
  for (const s of samples.filter((_, i) => i % 97 === 0)) {
    const person = persons.get(s.patientId) as TuningPerson;
    const again = ridgeArxFromEvents(ridge, person.events, CGM, s.timeMs, HONEST_HORIZONS, { personalLambda });
    s.stackRidge?.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - (again?.[i] ?? Number.NaN)))));
  }
  if (!(worst < 1e-6)) throw new Error(`the cohort's event logs do not reproduce the collected ridge forecasts (max difference ${worst})`);
}

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
    const gbt = s.stackGbt?.[i];
    const twin = { mean: t.mean[i], q10: t.q10?.[i] ?? t.mean[i], q50: t.q50?.[i] ?? t.mean[i], q90: t.q90?.[i] ?? t.mean[i] };
    const finite = (x: number | null | undefined): x is number => x !== undefined && x !== null && Number.isFinite(x);
    return [{ y: s.y[i], twin, ...(hasFm ? { fm } : {}), ...(finite(ridge) ? { ridge } : {}), ...(finite(gbt) ? { gbt } : {}) }];
  });
}

function fitHorizons(samples: readonly HonestSample[], withRidge: boolean): HybridHorizonCalibration[] {
  return HONEST_HORIZONS.flatMap((h, i) => {
    const fit = fitSamples(samples, i).map((s) => (withRidge ? s : { y: s.y, twin: s.twin, fm: s.fm, gbt: s.gbt }));
    // without the ridge, the horizons the FM does not forecast have nothing to combine the twin with
    return withRidge || fit.every((s) => s.fm !== undefined || s.gbt !== undefined) ? [fitHybridHorizon(h, fit)] : [];
  });
}



/** The shipped trees with thresholds to 7 and leaf values to 5 significant digits (a smaller file; predictions move < 0.01 mg/dL). */
function roundedGbt(gbt: GbtArx): ReturnType<GbtArx['toJSON']> {
  const r = (x: number, digits: number): number => Number(x.toPrecision(digits));
  const json = gbt.toJSON();
  return { ...json, models: json.models.map((m) => ({ ...m, base: r(m.base, 7), trees: m.trees.map((t) => ({ ...t, threshold: t.threshold.map((x) => r(x, 7)), value: t.value.map((x) => r(x, 5)) })) })) };
}

/** Horizons `--cv` scores (minutes). */
const SCORED = [30, 60, 120] as const;

const rmse = (e: readonly number[]): number => Math.sqrt(e.reduce((a, x) => a + x * x, 0) / e.length);

/**
 * Two-fold cross-fitting by base subject: fit on one half of the subjects' persons, score on the other. With a GBT
 * (`gbt` gives the trees for a set of training persons), the half scored gets trees trained on the other half, and
 * the weights fitted on that other half see its forecasts from trees trained on its own other inner half (nested).
 */
function crossFit(all: readonly TruthSamples[], withRidge: boolean, label: string, gbt?: { persons: ReadonlyMap<string, TuningPerson>; fit: (persons: readonly TuningPerson[]) => GbtArx }): void {
  const rows: { truth: TruthKind; patientId: string; h: number; y: number; last: number; twin: number; fm: number; ridgeBase: number; stack: number; gbt: number; hybrid: number; lo: number; hi: number; fmLo: number; fmHi: number }[] = [];
  const people = gbt === undefined ? [] : [...gbt.persons.values()];
  for (const k of [0, 1]) {
    let train = all.flatMap((t) => t.samples.filter((s) => subjectOf(s.patientId, t.perSubject) % 2 !== k));
    let test = all.flatMap((t) => t.samples.filter((s) => subjectOf(s.patientId, t.perSubject) % 2 === k).map((s) => ({ truth: t.truth, s })));
    if (gbt !== undefined) {
      const scoring = gbt.fit(people.filter((p) => p.outer !== k));
      const inner = [0, 1].map((j) => gbt.fit(people.filter((p) => p.outer !== k && p.inner !== j)));
      train = withGbt(train, gbt.persons, (p) => inner[p.inner]);
      const scored = withGbt(
        test.map((x) => x.s),
        gbt.persons,
        () => scoring,
      );
      test = test.map((x, i) => ({ truth: x.truth, s: scored[i] }));
    }
    const horizons = fitHorizons(train, withRidge);
    for (const { truth, s } of test) {
      for (const h of SCORED) {
        const i = HONEST_HORIZONS.indexOf(h);
        const [fs] = fitSamples([s], i);
        if (fs === undefined) continue;
        const cal = horizons.find((c) => c.horizonMin === h);
        if (cal === undefined) continue;
        const hp = hybridForecast(fs.twin, fs.fm, cal, withRidge ? fs.ridge : undefined, fs.gbt);
        rows.push({ truth, patientId: s.patientId, h, y: s.y[i], last: s.last, twin: fs.twin.mean, fm: fs.fm?.q50 ?? Number.NaN, ridgeBase: s.forecasts['ridge-arx']?.mean[i] ?? Number.NaN, stack: fs.ridge ?? Number.NaN, gbt: fs.gbt ?? Number.NaN, hybrid: hp.mean, lo: hp.q10, hi: hp.q90, fmLo: fs.fm?.q10 ?? Number.NaN, fmHi: fs.fm?.q90 ?? Number.NaN });
      }
    }
  }
  const cells: string[] = [];
  for (const truth of [...new Set(rows.map((r) => r.truth))]) {
    for (const h of SCORED) {
      const r = rows.filter((x) => x.truth === truth && x.h === h && Number.isFinite(x.ridgeBase));
      const e = (f: (x: (typeof r)[number]) => number): number => rmse(r.map((x) => f(x) - x.y));
      const cov = r.filter((x) => x.y >= x.lo && x.y <= x.hi).length / r.length;
      const fmCov = r.filter((x) => x.y >= x.fmLo && x.y <= x.fmHi).length / r.length;
      const p = e((x) => x.last);
      const g = gbt === undefined ? Number.NaN : e((x) => x.gbt);
      console.log(
        `${label} | ${truth} ${h} min (n ${r.length}, cross-fitted): persistence ${p.toFixed(1)}, ridge ARX (truth's) ${e((x) => x.ridgeBase).toFixed(1)}, hybrid's ridge ${e((x) => x.stack).toFixed(1)}, GBT ${g.toFixed(1)}, twin ${e((x) => x.twin).toFixed(1)}, FM ${e((x) => x.fm).toFixed(1)} (coverage ${(100 * fmCov).toFixed(1)} %), hybrid ${e((x) => x.hybrid).toFixed(2)} (${(e((x) => x.hybrid) / p).toFixed(3)}× persistence, ${(e((x) => x.hybrid) / e((x) => x.ridgeBase)).toFixed(3)}× ridge ARX${gbt === undefined ? '' : `, ${(e((x) => x.hybrid) / g).toFixed(3)}× its GBT`}), coverage ${(100 * cov).toFixed(1)} %`,
      );
      cells.push(`${e((x) => x.hybrid).toFixed(2)} (${(100 * cov).toFixed(0)} %)`);
    }
  }
  console.log(`| ${label} | ${cells.join(' | ')} |`);
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
      'no-gbt': { type: 'boolean', default: false },
      gbt: { type: 'string', default: '100x3' },
      'gbt-grid': { type: 'boolean', default: false },
      'personal-lambda': { type: 'string', default: '30' },
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
    const { gbtArx: _gbt, gbtArxFile: _file, ...shipped } = defaultHybridCalibration();
    const collecting: HybridCalibration = { ...shipped, version: 2, ridgeArx: ridgeJson, ...(personalLambda === undefined ? {} : { ridgePersonalLambda: personalLambda }) };
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
  const useGbt = !values['no-gbt'];
  const [gbtTrees, gbtDepth] = values.gbt.split('x').map(Number);
  if (!(Number.isInteger(gbtTrees) && gbtTrees > 0 && Number.isInteger(gbtDepth) && gbtDepth > 0)) throw new RangeError('--gbt: TREESxDEPTH, e.g. 100x3');
  const runTruths = all.map((t) => t.truth);
  const perSubjectOf = all[0].perSubject;
  const persons = useGbt ? tuningPersons(runTruths, perSubjectOf) : new Map<string, TuningPerson>();
  if (useGbt) checkEventLogs(all.flatMap((t) => t.samples), persons, RidgeArx.fromJSON(ridgeJson), personalLambda);
  if (values.cv) {
    crossFit(all, withRidge, withRidge ? 'twin + FM + ridge (v2)' : 'twin + FM');
    if (!useGbt) return;
    const cpu = process.cpuUsage();
    const grid = values['gbt-grid'] ? GBT_GRID : { trees: [gbtTrees], depths: [gbtDepth] };
    for (const depth of grid.depths) {
      // one boosting run per training set with the most trees; fewer trees are its prefixes (the same seeds)
      const fitted = new Map<readonly TuningPerson[], GbtArx>();
      const fitOnce = (ps: readonly TuningPerson[]): GbtArx => {
        const key = [...fitted.keys()].find((k) => k.length === ps.length && k.every((p, i) => p === ps[i]));
        if (key !== undefined) return fitted.get(key) as GbtArx;
        const m = fitGbt(ps, Math.max(...grid.trees), depth);
        fitted.set(ps, m);
        return m;
      };
      for (const trees of grid.trees) {
        crossFit(all, withRidge, `${withRidge ? 'twin + FM + ridge' : 'twin + FM'} + GBT ${trees}×depth ${depth}`, { persons, fit: (ps) => fitOnce(ps).truncated(trees) });
      }
    }
    const used = process.cpuUsage(cpu);
    console.log(`GBT variants: ${((used.user + used.system) / 1e6).toFixed(0)} s CPU`);
    return;
  }
  // the weights see cross-fitted GBT forecasts (trees trained without the person's half of the base subjects)
  const halves = useGbt ? [0, 1].map((k) => fitGbt([...persons.values()].filter((p) => p.outer !== k), gbtTrees, gbtDepth)) : [];
  const pooled = useGbt ? withGbt(all.flatMap((t) => t.samples), persons, (p) => halves[p.outer]) : all.flatMap((t) => t.samples);
  const horizons = fitHorizons(pooled, withRidge);
  const shippedGbt = useGbt ? roundedGbt(fitGbt([...persons.values()], gbtTrees, gbtDepth)) : undefined;
  const old = defaultHybridCalibration();
  const fittedAt = new Date().toISOString();
  const gbtFile = 'hybrid-gbt-arx.json';
  const calibration: HybridCalibration = {
    version: withRidge ? (useGbt ? 3 : 2) : 1,
    fmModel,
    twinComponent: new T1dGlucoseComponent({ ...populationPrior('adult') }).id,
    code: ObservationCodes.cgmGlucose.loinc,
    cohortSeed: 14_001,
    patients: all.reduce((a, t) => a + new Set(t.samples.map((s) => s.patientId)).size, 0),
    days: DAYS,
    forecastEveryMin: 15,
    fittedAt,
    tuning: `issue 14 tuning cohorts (${runTruths.join(', ')}; ${perSubjectOf} persons per tuning subject), population-prior twins${useGbt ? `; GBT ARX ${gbtTrees} trees of depth ${gbtDepth} per horizon, its stacking forecasts cross-fitted by base subject` : ''}`,
    horizons,
    // persistence and linear-extrapolation offsets of validate:hybrid, unchanged (fitted on the seed-2026 cohort)
    baselines: old.baselines,
    ...(withRidge ? { ridgeArx: ridgeJson, ...(personalLambda === undefined ? {} : { ridgePersonalLambda: personalLambda }) } : {}),
    ...(shippedGbt === undefined ? {} : { gbtArxFile: gbtFile }),
  };
  writeFileSync(values.out, `${JSON.stringify(calibration, null, 2)}\n`);
  if (shippedGbt !== undefined) {
    const path = join(dirname(values.out), gbtFile);
    // one line: the trees are data, not for reading; `fittedAt` ties them to the calibration's weights
    writeFileSync(path, `${JSON.stringify({ fittedAt, ...shippedGbt })}\n`);
    console.log(`GBT ARX: ${gbtTrees} trees of depth ${gbtDepth} × ${GBT_STEPS.length} horizons → ${path}`);
  }
  for (const h of horizons) {
    console.log(`${h.horizonMin} min: weights twin ${h.twinWeight.toFixed(3)} FM ${(h.fmWeight ?? 1 - h.twinWeight).toFixed(3)} ridge ${(h.ridgeWeight ?? 0).toFixed(3)} GBT ${(h.gbtWeight ?? 0).toFixed(3)}, scales ${h.lowerScale.toFixed(3)} / ${h.upperScale.toFixed(3)} (n ${h.n})`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
