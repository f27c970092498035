/**
 * `npm run validate:real-cgm [-- --tune | --tune-personal | --tune-population | --tune-gate | --explore-NAME | --fit-population | --no-http]` (NAME: real-cgm-explorations.ts): a script, not a test. 60-min forecasts on real CGM of 19 people with
 * type 2 diabetes or prediabetes (Hall et al., PLOS Biology 2018; ../shared/data/cgm-hall-2018, as redistributed in
 * the iglu R package, CC BY 4.0), scored with GlucoBench's protocol (Sergazinov et al. 2023): gaps ≤ 30 min
 * interpolated, segments ≥ 192 points, 10 % of people held out (out of distribution), the last 192 points of every
 * other person for testing and the 192 before for validation (held back, though nothing here is tuned), 12 steps of 5 min, √median per-window MSE and median
 * per-window MAE. Methods: persistence, linear extrapolation of the last 30 min, GlucoBench's linear model (ridge
 * AR on the last 84 readings, fitted on the training part), and the foundation model alone (CGM context only; its
 * horizons are 30 and 60 min, so it is scored at those), the twin's ensemble (method=twin), and the platform's default
 * forecast through its HTTP API (test/support/real-cgm.testing.ts: the embedded platform, readings posted by a device
 * principal, the forecast asked at every window's origin), checked to equal, window by window, the same product
 * function called in process. Paired comparisons on the squared 60-min error: a person-block bootstrap of the mean
 * difference (2,000 resamples) and the Diebold–Mariano test (HLN-corrected, horizon 12 steps).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FoundationModel } from '@shuji/foundation-model';
import { GATED_CGM_SETTINGS, gatedCgmForecast, type GatedCgmSettings, KALMAN_FILTER_CGM_SETTINGS, PERSONAL_CGM_SETTINGS, POPULATION_PRIOR_CGM_SETTINGS, RidgeAr, fitCgmPopulationPrior, type CgmPopulationPrior, type PopulationSeries, defaultHybridCalibration, forecastTwinReading, glucobenchScore, linearExtrapolation, personalCgmForecast, type PersonalCgmSettings, type TwinForecast } from '@shuji/forecasting';
import { dieboldMariano, fnv1a32, mulberry32, quantile } from '@shuji/stats';
import { DEFAULT_TWIN_SETTINGS, InMemoryTwinEventLog, InMemoryTwinSnapshotStore, ProfileComponentFactory, TwinService, DEFAULT_DAMPED_TREND, dampedTrendFilter, dampedTrendMean, type DampedTrendSettings, type ForecastPoint, type TwinEvent } from '@shuji/twin';
import { twinComponentRegistry } from '../apps/twin/src';
import { runExploration, type ValidationContext } from './real-cgm-explorations';
import { forecastsThroughApi, hallPatientId, loadHall, type HallPerson, type WindowOrigin } from '../test/support/real-cgm.testing';

const HORIZON = 12;
const WITH_PRIOR = 'Kalman filter + personal correction with the population prior in every window';
const PREVIOUS = 'volatility gate without the daily pattern (previous default, personal-cgm-forecast@2)';
const TEST_POINTS = 192;
const LAGS = 84;
const CGM = '99504-3';

type Person = HallPerson;

/** GlucoBench's split: held-out people, then per person the last TEST_POINTS for testing and the TEST_POINTS before for validation. */
function split(people: readonly Person[]): { train: Float64Array[]; trainOf: PopulationSeries[]; test: Float64Array[]; ood: Float64Array[]; oodIds: string[]; inPeople: Person[]; oodPeople: Person[] } {
  const order = [...people].sort((a, b) => fnv1a32(`hall-ood|${a.id}`) - fnv1a32(`hall-ood|${b.id}`));
  const nOod = Math.max(1, Math.round(0.1 * people.length));
  const ood = order.slice(0, nOod);
  const trainOf: PopulationSeries[] = [];
  const test: Float64Array[] = [];
  for (const p of order.slice(nOod)) {
    const all = p.segments.map((s) => s.values);
    const last = all.at(-1)!; // at least 192 points, as every segment
    test.push(last.subarray(last.length - TEST_POINTS));
    // validation (unused here: nothing is tuned) takes the TEST_POINTS before, when the segment holds them
    const before = last.subarray(0, Math.max(0, last.length - 2 * TEST_POINTS));
    trainOf.push(...[...all.slice(0, -1), ...(before.length > LAGS + HORIZON ? [before] : [])].map((values) => ({ person: p.id, values })));
  }
  return { train: trainOf.map((s) => s.values), trainOf, test, ood: ood.flatMap((p) => p.segments.map((s) => s.values)), oodIds: ood.map((p) => p.id), inPeople: order.slice(nOod), oodPeople: ood };
}

type Method = string;

interface Scored {
  /** Per person: per window the 12-step prediction (NaN where a method has no step). */
  readonly windows: Map<Method, { truth: number[]; predicted: number[]; person: number }[]>;
}

async function score(series: readonly Float64Array[], ridge: RidgeAr, fm: FoundationModel): Promise<Scored> {
  const windows: Scored['windows'] = new Map();
  const push = (m: Method, w: { truth: number[]; predicted: number[]; person: number }): void => {
    const list = windows.get(m) ?? [];
    list.push(w);
    windows.set(m, list);
  };
  const pending: Promise<void>[] = [];
  series.forEach((s, person) => {
    for (let end = LAGS; end + HORIZON <= s.length; end++) {
      const truth = Array.from(s.subarray(end, end + HORIZON));
      const last = s[end - 1];
      push('persistence', { truth, predicted: truth.map(() => last), person });
      const readings = Array.from({ length: 7 }, (_, i) => ({ t: (end - 7 + i) * 5, v: s[end - 7 + i] }));
      push('linear 30 min', { truth, predicted: truth.map((_, h) => linearExtrapolation(readings, (end - 1) * 5, 5 * (h + 1))), person });
      push('ridge AR (GlucoBench linear)', { truth, predicted: Array.from(ridge.predict(s, end)), person });
      const context = Array.from({ length: Math.min(end, 96) }, (_, i) => ({ c: CGM, t: (end - Math.min(end, 96) + i) * 5, v: s[end - Math.min(end, 96) + i] }));
      pending.push(
        fm.forecast(context, (end - 1) * 5).then((f) => {
          const at = (h: number): number => {
            const q = f.entries.find((e) => e.code === CGM && e.horizonMin === h);
            return q === undefined ? Number.NaN : q.values[q.levels.indexOf(0.5)];
          };
          push('foundation model v2', { truth, predicted: truth.map((_, h) => ((h + 1) * 5 === 30 ? at(30) : (h + 1) * 5 === 60 ? at(60) : Number.NaN)), person });
        }),
      );
    }
  });
  await Promise.all(pending);
  return { windows };
}

type Win = ValidationContext['filter'][number];

interface ProductRun {
  /** The default forecast (method=hybrid as the route's default), called in process through the twin service. */
  readonly product: Win[];
  /** The same request's answers, in the order of `origins`. */
  readonly answers: TwinForecast[];
  /** The twin's ensemble forecast (method=twin). */
  readonly twin: Win[];
  /** The damped-trend model's exact Kalman filter alone (the personal correction switched off). */
  readonly kalman: Win[];
  /** The personal correction with the population prior in every window (POPULATION_PRIOR_CGM_SETTINGS; the default's volatile member). */
  readonly withPrior: Win[];
  /** The volatility gate without the daily pattern (GATED_CGM_SETTINGS: personal-cgm-forecast@2, the previous default). */
  readonly previous: Win[];
  readonly origins: WindowOrigin[];
  readonly methods: Set<string>;
  /** Share of windows whose 60-min truth the population-prior variant's 10–90 % interval covers. */
  readonly withPriorCoverage: number;
}

/**
 * The platform's default 60-min CGM forecast, in process: each person's readings go, in time order, through the
 * product's TwinService with the product's component registry (twinComponentRegistry: no insulin, so the damped-trend
 * glucose component is chosen) and its forecast (forecastTwinReading, method 'hybrid' as the route's default, with
 * the product's FM and hybrid calibration), asked at the end of every scoring window; the point forecast is the
 * answer's mean at 5…60 min. `scored[i].person` indexes `people`; windows come in score()'s order (by series, then end).
 */
async function productForecasts(people: readonly Person[], scored: readonly { person: number; segment: number; offset: number }[], fm: FoundationModel): Promise<ProductRun> {
  const service = new TwinService(new InMemoryTwinEventLog(), new InMemoryTwinSnapshotStore(), new ProfileComponentFactory(twinComponentRegistry({})), DEFAULT_TWIN_SETTINGS);
  const calibration = defaultHybridCalibration();
  const kalmanOnly = KALMAN_FILTER_CGM_SETTINGS;
  const rows: { series: number; end: number; origin: WindowOrigin; truth: number[]; answer: TwinForecast; twin: number[]; kalman: number[]; withPrior: ForecastPoint[]; previous: number[] }[] = [];
  const methods = new Set<string>();
  for (const p of [...new Set(scored.map((x) => x.person))]) {
    const person = people[p];
    const patientId = hallPatientId(person);
    const readings: { timeMs: number; value: number }[] = [];
    for (const [k, seg] of person.segments.entries()) {
      const ends = new Map<number, number>();
      scored.forEach((x, series) => {
        if (x.person !== p || x.segment !== k) return;
        for (let end = x.offset + LAGS; end + HORIZON <= seg.values.length; end++) ends.set(end, series);
      });
      for (let i = 0; i < seg.values.length; i++) {
        const timeMs = seg.startMs + i * seg.stepMin * 60_000;
        readings.push({ timeMs, value: seg.values[i] });
        const event: TwinEvent = { kind: 'observation', id: `${patientId}-${timeMs}`, patientId, timeMs, loinc: CGM, value: seg.values[i], unit: 'mg/dL' };
        await service.handle(event);
        const series = ends.get(i + 1);
        if (series === undefined) continue;
        const engine = await service.get(patientId);
        const answer = await forecastTwinReading(engine, CGM, { horizonMin: HORIZON * 5 }, 'hybrid', fm, calibration);
        methods.add(`${answer.method}${answer.personalModel === undefined ? '' : ` (${answer.personalModel})`}${answer.fallbackReason === undefined ? '' : ` (${answer.fallbackReason})`}`);
        const twin = await forecastTwinReading(engine, CGM, { horizonMin: HORIZON * 5 }, 'twin', null, calibration);
        const kalman = personalCgmForecast(readings, timeMs, twin.points.map((q) => q.horizonMin), undefined, kalmanOnly)!;
        rows.push({
          series,
          end: i + 1,
          origin: { person: p, segment: k, end: i + 1 },
          truth: Array.from(seg.values.subarray(i + 1, i + 1 + HORIZON)),
          answer,
          twin: twin.points.map((q) => q.mean),
          kalman: kalman.points.map((q) => q.mean),
          withPrior: personalCgmForecast(readings, timeMs, twin.points.map((q) => q.horizonMin), undefined, POPULATION_PRIOR_CGM_SETTINGS)!.points,
          previous: gatedCgmForecast(readings, timeMs, twin.points.map((q) => q.horizonMin), undefined, GATED_CGM_SETTINGS)!.points.map((q) => q.mean),
        });
      }
    }
  }
  rows.sort((a, b) => a.series - b.series || a.end - b.end);
  return {
    product: rows.map((r) => ({ truth: r.truth, predicted: r.answer.points.map((q) => q.mean), person: r.series })),
    answers: rows.map((r) => r.answer),
    twin: rows.map((r) => ({ truth: r.truth, predicted: r.twin, person: r.series })),
    kalman: rows.map((r) => ({ truth: r.truth, predicted: r.kalman, person: r.series })),
    withPrior: rows.map((r) => ({ truth: r.truth, predicted: r.withPrior.map((q) => q.mean), person: r.series })),
    previous: rows.map((r) => ({ truth: r.truth, predicted: r.previous, person: r.series })),
    withPriorCoverage: rows.filter((r) => r.truth[HORIZON - 1] >= r.withPrior[HORIZON - 1].q10 && r.truth[HORIZON - 1] <= r.withPrior[HORIZON - 1].q90).length / rows.length,
    origins: rows.map((r) => r.origin),
    methods,
  };
}

/** Share of windows whose 60-min truth lies within the answer's 10–90 % interval. */
function coverage60(windows: readonly Win[], answers: readonly TwinForecast[]): number {
  let inside = 0;
  windows.forEach((w, i) => {
    const last = answers[i].points[HORIZON - 1];
    if (w.truth[HORIZON - 1] >= last.q10 && w.truth[HORIZON - 1] <= last.q90) inside++;
  });
  return inside / windows.length;
}

/**
 * `--tune`: the damped-trend model's settings (glucose-damped-trend.model.ts) by the exact Kalman filter on the
 * in-distribution validation part only (per person the 192 points before the test part, windows ending from LAGS on,
 * the filter run from the segment's start), by √median per-window MSE. Test and out-of-distribution people unseen.
 */
function tune(inPeople: readonly Person[]): void {
  const results: { s: DampedTrendSettings; rmse: number }[] = [];
  for (const phi of [0.5, 0.6, 0.7])
    for (const k of [0.03, 0.04, 0.06])
      for (const qRate of [2, 4, 8])
        for (const qGlucose of [1, 2])
          for (const qBasal of [0.1, 0.5])
            for (const readingVariance of [0.05, 0.25]) {
              const s: DampedTrendSettings = { phi, k, qGlucose, qRate, qBasal, readingVariance };
              const ws: { truth: number[]; predicted: number[] }[] = [];
              for (const p of inPeople) {
                const last = p.segments.at(-1)!.values;
                const [from, to] = [last.length - 2 * TEST_POINTS + LAGS, last.length - TEST_POINTS];
                if (from < 1) continue;
                dampedTrendFilter(s, last.subarray(0, to), (t, x) => {
                  const end = t + 1;
                  if (end < from || end + HORIZON > to) return;
                  const predicted: number[] = [];
                  let y = x;
                  for (let h = 0; h < HORIZON; h++) predicted.push((y = dampedTrendMean(s, y, 1))[0]);
                  ws.push({ truth: Array.from(last.subarray(end, end + HORIZON)), predicted });
                });
              }
              results.push({ s, rmse: glucobenchScore(ws).rmse });
            }
  results.sort((a, b) => a.rmse - b.rmse);
  for (const r of results.slice(0, 5)) console.log(`validation √median MSE ${r.rmse.toFixed(3)}: ${JSON.stringify(r.s)}`);
}

const rmseAt = (ws: readonly { truth: number[]; predicted: number[] }[], step: number): number =>
  Math.sqrt(ws.reduce((s, w) => s + (w.predicted[step] - w.truth[step]) ** 2, 0) / ws.length);

/** Person-block bootstrap 95 % interval of mean squared 60-min error of a minus b (negative: a better). */
function pairedBootstrap(a: readonly { truth: number[]; predicted: number[]; person: number }[], b: typeof a, persons: number): [number, number, number] {
  const diffBy: number[][] = Array.from({ length: persons }, () => []);
  a.forEach((w, i) => diffBy[w.person].push((w.predicted[HORIZON - 1] - w.truth[HORIZON - 1]) ** 2 - (b[i].predicted[HORIZON - 1] - b[i].truth[HORIZON - 1]) ** 2));
  const meanOf = (idx: number[]): number => {
    let s = 0;
    let n = 0;
    for (const p of idx) {
      for (const d of diffBy[p]) s += d;
      n += diffBy[p].length;
    }
    return s / n;
  };
  const rng = mulberry32(20261203);
  const boots: number[] = [];
  for (let r = 0; r < 2000; r++) boots.push(meanOf(Array.from({ length: persons }, () => Math.floor(rng() * persons))));
  return [meanOf(diffBy.map((_, i) => i)), quantile(boots, 0.025), quantile(boots, 0.975)];
}

/** Diebold–Mariano (HLN) on the squared 60-min errors of a minus b, windows in order (horizon 12 steps). */
function dmTest(a: readonly Win[], b: readonly Win[]): { statistic: number; pValue: number } {
  const d = a.map((w, i) => (w.predicted[HORIZON - 1] - w.truth[HORIZON - 1]) ** 2 - (b[i].predicted[HORIZON - 1] - b[i].truth[HORIZON - 1]) ** 2);
  const r = dieboldMariano(d, { horizon: HORIZON });
  return { statistic: r.statistic, pValue: r.pValue };
}

/**
 * `--tune-personal`: the personal correction's lags and ridge penalty (personal-cgm-forecast.ts), on the
 * in-distribution validation part only (per person the 192 points before the test part, windows ending from LAGS
 * on, the history before each origin as the product sees it). Criterion: the sum of the GlucoBench score and the mean
 * squared 60-min error, each relative to the Kalman filter alone (λ → ∞): the two measures issue 14 names.
 */
function tunePersonal(inPeople: readonly Person[]): void {
  const grid: PersonalCgmSettings[] = [{ ...PERSONAL_CGM_SETTINGS, lambda: 1e12, population: undefined }];
  for (const lags of [1, 2, 4]) for (const lambda of [3e4, 1e5, 3e5]) grid.push({ ...PERSONAL_CGM_SETTINGS, lags, lambda, population: undefined });
  const scores = grid.map((settings) => {
    const ws = validationWindows(inPeople, settings);
    const mse60 = ws.reduce((a, w) => a + (w.predicted[HORIZON - 1] - w.truth[HORIZON - 1]) ** 2, 0) / ws.length;
    return { settings, rmse: glucobenchScore(ws).rmse, mse60 };
  });
  const [base] = scores;
  for (const r of scores)
    console.log(`lags ${r.settings.lags} λ ${r.settings.lambda.toExponential(0)}: validation √median MSE ${r.rmse.toFixed(2)}, mean squared 60-min error ${r.mse60.toFixed(0)}, criterion ${(r.rmse / base.rmse + r.mse60 / base.mse60).toFixed(3)}`);
}

const PRIOR_FILE = join(__dirname, '../libs/forecasting/src/personal/cgm-population-prior.hall2018.ts');
const PRIOR_SOURCE =
  'Hall H et al. Glucotypes reveal new patterns of glucose dysregulation. PLOS Biology 2018;16:e2005143 (CGM as redistributed in the iglu R package, CC BY 4.0): GlucoBench training parts of the 17 in-distribution people only (no validation, test or out-of-distribution reading), person-weighted least squares; `npm run validate:real-cgm -- --fit-population`';

/** The population prior of the personal correction, fitted on the GlucoBench training parts only. */
function populationPrior(trainOf: readonly PopulationSeries[], weighting: 'pooled' | 'person' = 'person'): CgmPopulationPrior {
  return fitCgmPopulationPrior(trainOf, { model: DEFAULT_DAMPED_TREND, lags: PERSONAL_CGM_SETTINGS.lags, steps: HORIZON, arLags: LAGS, arLambda: 10, weighting }, PRIOR_SOURCE);
}

/** `--fit-population`: writes the prior the product carries (cgm-population-prior.hall2018.ts), numbers to 6 digits. */
function fitPopulation(trainOf: readonly PopulationSeries[]): void {
  const prior = populationPrior(trainOf);
  const r = (v: number): number => Number(v.toPrecision(6));
  const rows = (m: readonly (readonly number[])[]): string => `[\n${m.map((row) => `    [${row.map(r).join(', ')}],`).join('\n')}\n  ]`;
  const text = `/**
 * Generated by \`npm run validate:real-cgm -- --fit-population\` (bench/real-cgm-validation.ts); do not edit by hand.
 * The population prior of the personal CGM correction (cgm-population-prior.ts) from ${prior.source.replace(/; `npm.*$/, '')}.
 * ${trainOf.length} training series, ${new Set(trainOf.map((s) => s.person)).size} people.
 */
import type { CgmPopulationPrior } from './cgm-population-prior';

export const HALL_2018_CGM_PRIOR: CgmPopulationPrior = {
  source: '${prior.source.replace(/'/g, "\\'")}',
  lags: ${prior.lags},
  ar: {
    lags: ${prior.ar.lags},
    steps: ${prior.ar.steps},
    // one line per step: intercept, level / 100, then the 83 earlier readings minus the last (oldest first)
    weights: [
${Array.from({ length: prior.ar.steps }, (_, k) => `      ${prior.ar.weights.slice(k * (prior.ar.lags + 1), (k + 1) * (prior.ar.lags + 1)).map(r).join(', ')},`).join('\n')}
    ],
  },
  withAr: ${rows(prior.withAr)},
  withoutAr: ${rows(prior.withoutAr)},
};
`;
  writeFileSync(PRIOR_FILE, text);
  console.log(`wrote ${PRIOR_FILE}`);
  console.log(`withAr β₀ at 30/60 min: ${JSON.stringify(prior.withAr[5].map(r))} / ${JSON.stringify(prior.withAr[11].map(r))}`);
}

/** The default correction's (or another setting's, or a gate's) forecasts of every in-distribution validation window. */
function validationWindows(inPeople: readonly Person[], settings: PersonalCgmSettings | GatedCgmSettings): Win[] {
  const ws: Win[] = [];
  for (const [p, person] of inPeople.entries()) {
    const seg = person.segments.at(-1)!;
    const before = person.segments.slice(0, -1).flatMap((g) => Array.from(g.values, (value, i) => ({ timeMs: g.startMs + i * 300_000, value })));
    // windows with GlucoBench's 84 readings of input in the segment (the ridge AR's need)
    const [from, to] = [Math.max(LAGS, seg.values.length - 2 * TEST_POINTS + LAGS), seg.values.length - TEST_POINTS];
    for (let end = from; end + HORIZON <= to; end++) {
      const readings = [...before, ...Array.from(seg.values.subarray(0, end), (value, i) => ({ timeMs: seg.startMs + i * 300_000, value }))];
      const nowMs = seg.startMs + (end - 1) * 300_000;
      const horizons = Array.from({ length: HORIZON }, (_, h) => 5 * (h + 1));
      const f = 'thresholdMgDl' in settings ? gatedCgmForecast(readings, nowMs, horizons, undefined, settings)! : personalCgmForecast(readings, nowMs, horizons, undefined, settings)!;
      ws.push({ truth: Array.from(seg.values.subarray(end, end + HORIZON)), predicted: f.points.map((q) => q.mean), person: p });
    }
  }
  return ws;
}

/**
 * `--tune-population [--only=REGEX]`: the penalty towards the population prior and the prior's weighting (pooled or
 * person-weighted least squares; fitted on the training parts), on the in-distribution validation part only, by the
 * same criterion as `--tune-personal`; the ridge AR and the correction without the prior scored alongside, with the
 * person-block bootstrap of each against the ridge AR. `--only` keeps the grid's entries whose name matches.
 */
function tunePopulation(inPeople: readonly Person[], trainOf: readonly PopulationSeries[]): void {
  const pooled = populationPrior(trainOf, 'pooled');
  const balanced = populationPrior(trainOf, 'person');
  const filterAlone: PersonalCgmSettings = { ...PERSONAL_CGM_SETTINGS, lambda: 1e12, population: undefined };
  const grid: [string, PersonalCgmSettings][] = [
    ['filter alone', filterAlone],
    ['no prior (the default), λ 1e5', PERSONAL_CGM_SETTINGS],
    ...[3e3, 1e4, 3e4, 1e5, 3e5].flatMap((lambda): [string, PersonalCgmSettings][] => [
      [`pooled population prior, λ ${lambda.toExponential(0)}`, { ...PERSONAL_CGM_SETTINGS, lambda, population: pooled }],
      [`person-weighted population prior, λ ${lambda.toExponential(0)}`, { ...PERSONAL_CGM_SETTINGS, lambda, population: balanced }],
    ]),
  ];
  const ridge = RidgeAr.fit(trainOf.map((s) => s.values), { lags: LAGS, horizon: HORIZON, lambda: 10 });
  let base: { rmse: number; mse60: number } | undefined;
  const mse60 = (ws: readonly Win[]): number => ws.reduce((a, w) => a + (w.predicted[HORIZON - 1] - w.truth[HORIZON - 1]) ** 2, 0) / ws.length;
  let arWindows: Win[] = [];
  const only = new RegExp(process.argv.find((a) => a.startsWith('--only='))?.slice(7) ?? '.');
  for (const [name, settings] of grid) {
    if (base !== undefined && !only.test(name)) continue;
    const ws = validationWindows(inPeople, settings);
    if (base === undefined) {
      base = { rmse: glucobenchScore(ws).rmse, mse60: mse60(ws) };
      arWindows = ws.map((w, i) => ({ ...w, predicted: Array.from(ridge.predict(validationSeries(inPeople)[i].s, validationSeries(inPeople)[i].end)) }));
      const g = glucobenchScore(arWindows);
      console.log(`ridge AR: validation √median MSE ${g.rmse.toFixed(2)} / MAE ${g.mae.toFixed(2)}, mean squared 60-min error ${mse60(arWindows).toFixed(0)}`);
    }
    const g = glucobenchScore(ws);
    const [d, lo, hi] = pairedBootstrap(ws, arWindows, inPeople.length);
    console.log(`${name}: validation √median MSE ${g.rmse.toFixed(2)} / MAE ${g.mae.toFixed(2)}, mean squared 60-min error ${mse60(ws).toFixed(0)}, criterion ${(g.rmse / base.rmse + mse60(ws) / base.mse60).toFixed(3)}; − ridge AR ${d.toFixed(0)} [${lo.toFixed(0)}, ${hi.toFixed(0)}]`);
  }
}

/** The in-distribution validation part's windows and its members, shared by `--tune-gate` and the `--explore-*` runs. */
function validationContext(inPeople: readonly Person[], trainOf: readonly PopulationSeries[]): ValidationContext {
  const filterAlone: PersonalCgmSettings = { ...PERSONAL_CGM_SETTINGS, lambda: 1e12, population: undefined };
  const filter = validationWindows(inPeople, filterAlone);
  const volatile = validationWindows(inPeople, POPULATION_PRIOR_CGM_SETTINGS);
  const windows = validationSeries(inPeople);
  const ridge = RidgeAr.fit(trainOf.map((s) => s.values), { lags: LAGS, horizon: HORIZON, lambda: 10 });
  const ar = filter.map((w, i) => ({ ...w, predicted: Array.from(ridge.predict(windows[i].s, windows[i].end)) }));
  const volatility = (n: number): number[] => windows.map(({ s, end }) => Math.sqrt(Array.from({ length: n }, (_, j) => (s[end - 1 - j] - s[end - 2 - j]) ** 2).reduce((a, v) => a + v, 0) / n));
  const vol = volatility(GATED_CGM_SETTINGS.differences);
  const gated = filter.map((w, i) => (vol[i] > GATED_CGM_SETTINGS.thresholdMgDl ? volatile[i] : w));
  const mse60 = (ws: readonly Win[]): number => ws.reduce((a, w) => a + (w.predicted[HORIZON - 1] - w.truth[HORIZON - 1]) ** 2, 0) / ws.length;
  const b = { rmse: glucobenchScore(filter).rmse, mse60: mse60(filter) };
  const report = (name: string, ws: readonly Win[]): void => {
    const g = glucobenchScore(ws);
    const [d, lo, hi] = pairedBootstrap(ws, ar, inPeople.length);
    const dm = dmTest(ws, ar);
    console.log(`${name}: validation √median MSE ${g.rmse.toFixed(2)} / MAE ${g.mae.toFixed(2)}, mean squared 60-min error ${mse60(ws).toFixed(0)}, criterion ${(g.rmse / b.rmse + mse60(ws) / b.mse60).toFixed(3)}; − ridge AR ${d.toFixed(0)} [${lo.toFixed(0)}, ${hi.toFixed(0)}], DM ${dm.statistic.toFixed(2)}, p ${dm.pValue.toPrecision(2)}`);
  };
  const compare = (name: string, x: readonly Win[], y: readonly Win[]): void => {
    const [d, lo, hi] = pairedBootstrap(x, y, inPeople.length);
    const dm = dmTest(x, y);
    console.log(`${name}: mean squared 60-min error ${d.toFixed(1)} [${lo.toFixed(1)}, ${hi.toFixed(1)}], DM ${dm.statistic.toFixed(2)}, p ${dm.pValue.toPrecision(2)}`);
  };
  return { people: inPeople, windows, filter, volatile, gated, ar, ridge, volatility, report, compare, windowsOf: (settings) => validationWindows(inPeople, settings) };
}

/**
 * `--tune-gate`: a volatility-dependent choice between the correction without the prior (calm windows) and with it
 * (volatile windows), on the in-distribution validation part only, by the same criterion. Volatility: the root mean
 * square of the last `n` 5-min differences before the origin; the threshold from a grid of the validation windows'
 * own quantiles of it.
 */
function tuneGate(ctx: ValidationContext): void {
  const { filter: base, volatile, ar, report } = ctx;
  const calm = ctx.windowsOf(PERSONAL_CGM_SETTINGS);
  report('ridge AR', ar);
  report('filter alone', base);
  report('no prior', calm);
  report('prior', volatile);
  report('mean of both', calm.map((w, i) => ({ ...w, predicted: w.predicted.map((v, h) => (v + volatile[i].predicted[h]) / 2) })));
  // first grid (run of 17:33Z): n 3, 6, 12 × q 0.25, 0.5, 0.75, 0.9 with the correction without the prior as the calm member
  const grid = process.argv.includes('--first-grid') ? { ns: [3, 6, 12], qs: [0.25, 0.5, 0.75, 0.9] } : { ns: [2, 3, 4], qs: [0.4, 0.5, 0.6] };
  for (const [calmName, calmWs] of [['no prior', calm], ['filter alone', base]] as const)
    for (const n of grid.ns) {
      const vol = ctx.volatility(n);
      for (const q of grid.qs) {
        const thr = quantile(vol, q);
        report(`calm: ${calmName}; gate n ${n}, threshold ${thr.toFixed(2)} mg/dL (q ${q})`, calmWs.map((w, i) => (vol[i] > thr ? volatile[i] : w)));
      }
    }
}

/** The validation windows' series and ends (with the person's index and the origin's time), in validationWindows' order. */
function validationSeries(inPeople: readonly Person[]): ValidationContext['windows'] {
  const out: ValidationContext['windows'] = [];
  for (const [person, p] of inPeople.entries()) {
    const seg = p.segments.at(-1)!;
    // windows with GlucoBench's 84 readings of input in the segment (the ridge AR's need)
    const [from, to] = [Math.max(LAGS, seg.values.length - 2 * TEST_POINTS + LAGS), seg.values.length - TEST_POINTS];
    for (let end = from; end + HORIZON <= to; end++) out.push({ s: seg.values, end, person, nowMs: seg.startMs + (end - 1) * 300_000 });
  }
  return out;
}

async function main(): Promise<void> {
  const people = loadHall();
  const { train, trainOf, test, ood, oodIds, inPeople, oodPeople } = split(people);
  if (process.argv.includes('--tune')) return tune(inPeople);
  if (process.argv.includes('--fit-population')) return fitPopulation(trainOf);
  if (process.argv.includes('--tune-population')) return tunePopulation(inPeople, trainOf);
  if (process.argv.includes('--tune-personal')) return tunePersonal(inPeople);
  if (process.argv.includes('--tune-gate')) return tuneGate(validationContext(inPeople, trainOf));
  const explore = process.argv.find((a) => a.startsWith('--explore-'))?.slice('--explore-'.length);
  if (explore !== undefined) return runExploration(explore, validationContext(inPeople, trainOf));
  const all = [...inPeople, ...oodPeople];
  const scoredSeries = {
    'in distribution': inPeople.map((person, i) => ({ person: i, segment: person.segments.length - 1, offset: person.segments.at(-1)!.values.length - TEST_POINTS })),
    'out of distribution': oodPeople.flatMap((person, i) => person.segments.map((_, segment) => ({ person: inPeople.length + i, segment, offset: 0 }))),
  };
  const ridge = RidgeAr.fit(train, { lags: LAGS, horizon: HORIZON, lambda: 10 });
  const fm = await FoundationModel.load({ modelDir: join(__dirname, '../models/shuji-fm-v2'), maxWaitMs: 1 });
  console.log(`# Real CGM, Hall et al. 2018 (${people.length} people), GlucoBench protocol — ${new Date().toISOString()}`);
  console.log(`training series: ${train.length}, in-distribution test people: ${test.length}, out-of-distribution people: ${oodIds.length}`);
  const runs = new Map<string, ProductRun>();
  for (const [name, scored] of Object.entries(scoredSeries)) runs.set(name, await productForecasts(all, scored, fm));
  const http = !process.argv.includes('--no-http');
  let api: TwinForecast[] = [];
  if (http) {
    const started = Date.now();
    const origins = [...runs.values()].flatMap((r) => r.origins);
    api = await forecastsThroughApi(all, origins);
    console.log(`HTTP: ${origins.length} forecasts through GET /v1/twins/:id/forecast in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  let offset = 0;
  for (const [name, series] of [['in distribution', test], ['out of distribution', ood]] as const) {
    const { windows } = await score(series, ridge, fm);
    const run = runs.get(name)!;
    const methodName = http ? 'Shuji default forecast (HTTP API)' : 'Shuji default forecast (in process)';
    if (http) {
      const served = api.slice(offset, offset + run.answers.length);
      offset += run.answers.length;
      const differ = served.filter((a, i) => JSON.stringify(a.points) !== JSON.stringify(run.answers[i].points)).length;
      console.log(`HTTP answers equal to the in-process product function: ${served.length - differ} of ${served.length}`);
      if (differ > 0) process.exitCode = 1;
      windows.set(methodName, served.map((a, i) => ({ truth: run.product[i].truth, predicted: a.points.map((q) => q.mean), person: run.product[i].person })));
    } else windows.set(methodName, run.product);
    windows.set('twin ensemble (method=twin)', run.twin);
    windows.set('damped-trend exact Kalman filter alone', run.kalman);
    windows.set(WITH_PRIOR, run.withPrior);
    windows.set(PREVIOUS, run.previous);
    console.log(`product forecast: ${run.product.length} windows, answered by ${[...run.methods].join('; ')}; 10–90 % interval covers ${(100 * coverage60(run.product, run.answers)).toFixed(1)} % at 60 min (with the population prior: ${(100 * run.withPriorCoverage).toFixed(1)} %)`);
    console.log(`\n== ${name}: ${windows.get('persistence')!.length} windows`);
    console.log('| method | RMSE (√median MSE, 12 steps) | MAE (median, 12 steps) | RMSE at 30 min | RMSE at 60 min |');
    console.log('|---|---:|---:|---:|---:|');
    for (const [m, ws] of windows) {
      const full = ws.every((w) => w.predicted.every(Number.isFinite));
      const g = full ? glucobenchScore(ws) : undefined;
      console.log(`| ${m} | ${g ? g.rmse.toFixed(2) : '–'} | ${g ? g.mae.toFixed(2) : '–'} | ${rmseAt(ws, 5).toFixed(2)} | ${rmseAt(ws, 11).toFixed(2)} |`);
    }
    const persons = series.length;
    const pairs: [string, string][] = [
      [methodName, 'persistence'],
      [methodName, 'ridge AR (GlucoBench linear)'],
      [methodName, 'damped-trend exact Kalman filter alone'],
      [methodName, PREVIOUS],
      [methodName, WITH_PRIOR],
      [PREVIOUS, 'ridge AR (GlucoBench linear)'],
      [WITH_PRIOR, 'ridge AR (GlucoBench linear)'],
      ['damped-trend exact Kalman filter alone', 'ridge AR (GlucoBench linear)'],
      ['ridge AR (GlucoBench linear)', 'persistence'],
      ['foundation model v2', 'persistence'],
    ];
    for (const [a, b] of pairs) {
      const [d, lo, hi] = pairedBootstrap(windows.get(a as Method)!, windows.get(b as Method)!, persons);
      const dm = dmTest(windows.get(a as Method)!, windows.get(b as Method)!);
      console.log(`${a} − ${b}: mean squared 60-min error ${d.toFixed(1)} (mg/dL)², person-block bootstrap 95 % [${lo.toFixed(1)}, ${hi.toFixed(1)}]; Diebold–Mariano ${dm.statistic.toFixed(2)}, p ${dm.pValue.toPrecision(2)}`);
    }
  }
  console.log('\nGlucoBench, full 57-person Hall set, in distribution (published): ARIMA 8.63/7.34, Linear 7.38/6.33, XGBoost 7.58/6.55, Transformer 7.89/6.78, Latent ODE 7.13/6.11');
  await fm.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
