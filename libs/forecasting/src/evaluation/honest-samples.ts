/**
 * Issue 14's evaluation protocol: for each person of a cohort (honestCohort of @shuji/twin) the events stream into
 * twins as the product runs them (TwinEngine with its batch personalisation) and, at every CGM reading a whole
 * 15 min into the last day, every method forecasts the readings 5…30 and 60 min ahead:
 * - persistence (the last reading), with its tuning residual quantiles as a predictive distribution;
 * - ridge AR on the last 2 h of CGM (RidgeAr), trained on the TUNING cohort of the same truth, with 10–90 %
 *   intervals from its tuning residual quantiles; and the same with insulin and carbohydrates on board from the
 *   logged boluses and meals (RidgeArx with onBoardFeatures);
 * - gradient-boosted trees on the ridge ARX's features (GbtArx), trained on the tuning cohort, its residual
 *   quantiles from 2-fold cross-fitting over tuning persons (trees fit their training rows too well for in-sample
 *   residuals to be honest);
 * - ARIMA(p, 1, 0) fitted on the person's own last 24 h at each forecast (ari-cls.ts), Gaussian intervals;
 * - the twin from the age group's population prior (populationPrior: the realistic start);
 * - the true-parameter twin (prior at the parameters the person was drawn with, log-SD 0.02): an UPPER BOUND that
 *   no deployed twin has, only where the truth is S2008;
 * - optionally the foundation model and the hybrid of the population-prior twin and the FM, with the committed
 *   hybrid calibration (the product as shipped: whatever `calibration` is passed, with the ridge ARX it stacks
 *   computed from the twin's event log exactly as the product does).
 * Every method but the FM and the hybrid (quantiles only) also gives its predictive distribution (`Predictive`),
 * for the CRPS and the PIT: the twins their 64 members, the residual models point + residual quantiles, ARIMA a normal.
 * Dropped CGM readings are carried forward for the ridge AR (as a deployed model would fill them); targets are the
 * readings that arrive, so a forecast point whose targets fell into a dropout is skipped for every method alike.
 */
import type { FoundationModel } from '@shuji/foundation-model';
import { ensembleIntervalCoverage, quantileOfSorted } from '@shuji/stats';
import {
  applyWithBatchPersonalisation,
  cgmForecastPoints,
  DEFAULT_CONSIDERED,
  DEFAULT_ESTIMATED,
  DEFAULT_TWIN_SETTINGS,
  honestCohort,
  MS_PER_MIN,
  ObservationCodes,
  forecastReadingMembers,
  populationPrior,
  T1dGlucoseComponent,
  TwinEngine,
  type HonestCohortOptions,
  type T1dComponentOptions,
  type TwinEvent,
  type VirtualPatient,
} from '@shuji/twin';
import { forecastAri, selectAri } from '../baselines/ari-cls';
import { GbtArx } from '../baselines/gbt-arx';
import type { GbtOptions } from '../baselines/gradient-boosted-trees';
import { RidgeAr } from '../baselines/ridge-ar';
import { onBoardFeatures, RidgeArx, type ArxSeries } from '../baselines/ridge-arx';
import { fmQuantilesAt, hybridAvailable, hybridForecast } from '../hybrid/hybrid-forecast.util';
import { calibrationGbt, calibrationRidge, horizonCalibration, type HybridCalibration } from '../hybrid/hybrid-calibration';
import { gbtArxFromEvents } from '../hybrid/gbt-arx-from-events.util';
import { ridgeArxFromEvents } from '../hybrid/ridge-arx-from-events.util';
import { twinEventsToTimeline } from '../timeline/twin-events-to-timeline.util';

/** Horizons every method forecasts (min): 5…30 for the hypoglycaemia flag, 30 and 60 are scored, 120 is fitted. */
export const HONEST_HORIZONS = [5, 10, 15, 20, 25, 30, 60, 120] as const;
export const HONEST_METHODS = ['persistence', 'ridge-ar', 'ridge-arx', 'gbt-arx', 'arima', 'twin-population', 'twin-oracle', 'fm', 'hybrid'] as const;
export type HonestMethod = (typeof HONEST_METHODS)[number];

/**
 * What each method's "10–90 %" interval covers when the method is calibrated. The twins' is the type-7 10/90 %
 * quantiles of 64 exchangeable members: (M − 1)·0.8/(M + 1) = 77.5 % (ensembleIntervalCoverage of @shuji/stats),
 * not 80 %; the residual methods' come from thousands of tuning residuals, ARIMA's from a normal, the FM's from its
 * quantile head and the hybrid's from its conformal calibration: 80 %.
 */
export const INTERVAL_NOMINAL: Readonly<Record<HonestMethod, number>> = {
  persistence: 0.8,
  'ridge-ar': 0.8,
  'ridge-arx': 0.8,
  'gbt-arx': 0.8,
  arima: 0.8,
  'twin-population': ensembleIntervalCoverage(DEFAULT_TWIN_SETTINGS.ensembleSize, 0.1, 0.9),
  'twin-oracle': ensembleIntervalCoverage(DEFAULT_TWIN_SETTINGS.ensembleSize, 0.1, 0.9),
  fm: 0.8,
  hybrid: 0.8,
};

/**
 * A method's predictive distribution at one horizon: `ensemble` exchangeable members (scored with the fair CRPS);
 * `residual` the point forecast plus quantiles of its tuning residuals, the distribution itself; `normal`.
 */
export type Predictive =
  | { readonly kind: 'ensemble'; readonly members: Float64Array }
  | { readonly kind: 'residual'; readonly location: number; readonly offsets: Float64Array }
  | { readonly kind: 'normal'; readonly mean: number; readonly sd: number };

export interface MethodForecast {
  /** Point forecasts at HONEST_HORIZONS. */
  readonly mean: readonly number[];
  /** 10 %, 50 % and 90 % quantiles at HONEST_HORIZONS, where the method gives intervals. */
  readonly q10?: readonly number[];
  readonly q50?: readonly number[];
  readonly q90?: readonly number[];
  /** The predictive distribution at HONEST_HORIZONS, where the method gives one. */
  readonly predictive?: readonly Predictive[];
}

export interface HonestSample {
  readonly patientId: string;
  readonly timeMs: number;
  readonly last: number;
  /** The readings that arrived at HONEST_HORIZONS. */
  readonly y: readonly number[];
  readonly forecasts: Partial<Record<HonestMethod, MethodForecast>>;
  /** The hybrid's own ridge ARX forecast (the calibration's, from the twin's event log) at HONEST_HORIZONS, when it stacks one. */
  readonly stackRidge?: readonly number[];
  /** The hybrid's own GBT ARX forecast (version 3) at HONEST_HORIZONS, when it stacks one. */
  readonly stackGbt?: readonly number[];
}

export interface HonestSampleOptions {
  readonly cohort: HonestCohortOptions;
  readonly baselines: TunedBaselines;
  /** Run the true-parameter twin where the truth allows (default true). */
  readonly oracle?: boolean;
  readonly everyMin?: number;
  readonly fm?: { readonly model: FoundationModel; readonly calibration: HybridCalibration };
  /** Filter options of the population-prior twin beyond the prior (model-error terms; tuning experiments only). */
  readonly twin?: Omit<T1dComponentOptions, 'prior' | 'estimated' | 'considered'>;
}

const CGM = ObservationCodes.cgmGlucose.loinc;
const DAY_MS = 86_400_000;
const STEP_MIN = 5;
const RIDGE_LAGS = 24;
const ORACLE_LOG_SD = 0.02;
/** 0-based 5-min steps of HONEST_HORIZONS. */
const HORIZON_STEPS = HONEST_HORIZONS.map((h) => h / STEP_MIN - 1);
const LAST_STEP = Math.max(...HORIZON_STEPS);
/** ARIMA: the person's last 24 h, orders 0…6 (30 min of differences). */
const ARIMA_WINDOW = 288;
const ARIMA_MAX_P = 6;
const Z90 = 1.2815515655446004;
/** Residual quantiles kept per horizon as a model's predictive distribution: levels (k − ½)/100. */
const RESIDUAL_LEVELS = Array.from({ length: 100 }, (_, k) => (k + 0.5) / 100);

/**
 * Gradient boosting settings: 200 trees of depth 4, shrinkage 0.05, 80 % row subsamples, leaves of ≥ 20 windows.
 * Common defaults (Friedman 2001 §5 and 2002; Hastie, Tibshirani & Friedman 2009, ESL §10.11–10.12), not tuned.
 */
export const GBT_ARX_SETTINGS: GbtOptions = { trees: 200, learningRate: 0.05, maxDepth: 4, minLeaf: 20, subsample: 0.8, lambda: 1 };

/** A model's tuning residual 10/90 % quantiles and RESIDUAL_LEVELS quantiles, per index of HONEST_HORIZONS. */
interface QuantileBand {
  readonly q10: Float64Array;
  readonly q90: Float64Array;
  readonly offsets: readonly Float64Array[];
}

/** The baselines trained on the tuning cohort of a truth, with their tuning residual quantiles. */
export interface TunedBaselines {
  readonly persistenceBand: QuantileBand;
  readonly ar: RidgeAr;
  readonly arBand: QuantileBand;
  readonly arx: RidgeArx;
  readonly arxBand: QuantileBand;
  /** Absent when trained with `gbt: false`. */
  readonly gbt?: GbtArx;
  readonly gbtBand?: QuantileBand;
  readonly trainedOn: number;
}

/**
 * The person's CGM on the 5-min grid from the first reading (dropouts carried forward), with on-board features;
 * `observed` marks the grid points where a reading arrived.
 */
export function cgmGrid(vp: VirtualPatient): { t0Ms: number; values: Float64Array; observed: Uint8Array; series: ArxSeries } {
  const readings = vp.events.filter((e): e is Extract<TwinEvent, { kind: 'observation' }> => e.kind === 'observation' && e.loinc === CGM);
  const t0Ms = readings[0].timeMs;
  const n = Math.round((readings[readings.length - 1].timeMs - t0Ms) / (STEP_MIN * MS_PER_MIN)) + 1;
  const values = new Float64Array(n).fill(Number.NaN);
  for (const r of readings) values[Math.round((r.timeMs - t0Ms) / (STEP_MIN * MS_PER_MIN))] = r.value;
  const observed = Uint8Array.from(values, (v) => (Number.isNaN(v) ? 0 : 1));
  for (let k = 1; k < n; k++) if (Number.isNaN(values[k])) values[k] = values[k - 1];
  const boluses = vp.events.flatMap((e) => (e.kind === 'insulin-bolus' ? [{ tMin: e.timeMs / MS_PER_MIN, units: e.units }] : []));
  const meals = vp.events.flatMap((e) => (e.kind === 'meal' ? [{ tMin: e.timeMs / MS_PER_MIN, carbsG: e.carbsG }] : []));
  const exogenous = Array.from({ length: n }, (_, k) => onBoardFeatures(t0Ms / MS_PER_MIN + k * STEP_MIN, boluses, meals));
  return { t0Ms, values, observed, series: { values, exogenous } };
}

/**
 * Residuals y − forecast at HONEST_HORIZONS over every third window of the grids that ends at a reading, where the
 * target reading arrived (a carried-forward target would put a spurious atom at zero change into the distribution).
 */
function residualBand(predict: (i: number, end: number) => ArrayLike<number>, grids: readonly { values: Float64Array; observed: Uint8Array }[]): QuantileBand {
  const residuals: number[][] = HONEST_HORIZONS.map(() => []);
  grids.forEach((g, i) => {
    for (let end = RIDGE_LAGS; end + LAST_STEP < g.values.length; end += 3) {
      // forecasts are made at readings that arrive, as in the evaluation
      if (g.observed[end - 1] === 0) continue;
      const f = predict(i, end);
      HORIZON_STEPS.forEach((k, j) => {
        if (g.observed[end + k] === 1) residuals[j].push(g.values[end + k] - f[j]);
      });
    }
  });
  const sorted = residuals.map((r) => Float64Array.from(r).sort());
  return {
    q10: Float64Array.from(sorted, (r) => quantileOfSorted(r, 0.1)),
    q90: Float64Array.from(sorted, (r) => quantileOfSorted(r, 0.9)),
    offsets: sorted.map((r) => Float64Array.from(RESIDUAL_LEVELS, (p) => quantileOfSorted(r, p))),
  };
}

const atSteps = (r: Float64Array): number[] => HORIZON_STEPS.map((k) => r[k]);

/**
 * Trains the baselines on the tuning cohort of a truth: ridge AR and ARX (2 h of lags, 12 steps), the GBT ARX at
 * HONEST_HORIZONS (unless `gbt: false`), and their residual quantiles; persistence's residual quantiles.
 */
export function trainBaselines(tuning: HonestCohortOptions, options: { gbt?: boolean } = {}): TunedBaselines {
  const grids = [...honestCohort(tuning)].map((p) => cgmGrid(p.vp));
  const series = grids.map((g) => g.series);
  const horizon = LAST_STEP + 1;
  const ar = RidgeAr.fit(
    series.map((s) => s.values),
    { lags: RIDGE_LAGS, horizon, lambda: 1 },
  );
  const arx = RidgeArx.fit(series, { lags: RIDGE_LAGS, horizon, lambda: 1 });
  const gbtOptions = { lags: RIDGE_LAGS, steps: HORIZON_STEPS, stride: 3, gbt: GBT_ARX_SETTINGS };
  let gbt: { gbt: GbtArx; gbtBand: QuantileBand } | undefined;
  if (options.gbt !== false) {
    // 2-fold cross-fitting over persons for honest residuals; the model used is fitted on all tuning persons
    const folds = [0, 1].map((f) => series.map((_, i) => i).filter((i) => i % 2 === f));
    const halves = folds.map((fold) => GbtArx.fit(fold.map((i) => series[i]), gbtOptions));
    const fold0 = new Set(folds[0]);
    gbt = {
      gbt: GbtArx.fit(series, gbtOptions),
      // a person of fold 0 is scored by the model fitted on fold 1, and back
      gbtBand: residualBand((i, end) => halves[fold0.has(i) ? 1 : 0].predict(series[i], end), grids),
    };
  }
  return {
    persistenceBand: residualBand((i, end) => HORIZON_STEPS.map(() => series[i].values[end - 1]), grids),
    ar,
    arBand: residualBand((i, end) => atSteps(ar.predict(series[i].values, end)), grids),
    arx,
    arxBand: residualBand((i, end) => atSteps(arx.predict(series[i], end)), grids),
    ...gbt,
    trainedOn: series.length,
  };
}

interface TwinRun {
  readonly engine: TwinEngine;
}

function newTwin(patientId: string, options: T1dComponentOptions): TwinRun {
  return { engine: new TwinEngine(patientId, new T1dGlucoseComponent(options), DEFAULT_TWIN_SETTINGS) };
}

function twinForecast(run: TwinRun): MethodForecast {
  const f = forecastReadingMembers(run.engine, CGM, HONEST_HORIZONS);
  return {
    mean: f.map((x) => x.mean),
    q10: f.map((x) => x.q10),
    q50: f.map((x) => x.q50),
    q90: f.map((x) => x.q90),
    predictive: f.map((x) => ({ kind: 'ensemble', members: x.members })),
  };
}

/** A point forecast at HONEST_HORIZONS with the residual band of its model. */
function banded(point: ArrayLike<number>, b: QuantileBand): MethodForecast {
  const mean = Array.from(point);
  return {
    mean,
    q10: mean.map((m, j) => m + b.q10[j]),
    q90: mean.map((m, j) => m + b.q90[j]),
    predictive: mean.map((m, j) => ({ kind: 'residual', location: m, offsets: b.offsets[j] })),
  };
}

/** ARIMA(p, 1, 0) by AICc on the last 24 h before `end` of the person's grid. */
function arimaForecast(values: Float64Array, end: number): MethodForecast {
  const fit = selectAri(values, ARIMA_MAX_P, { from: Math.max(0, end - ARIMA_WINDOW), end });
  const f = forecastAri(fit, values, LAST_STEP + 1, end);
  const mean = HORIZON_STEPS.map((k) => f.mean[k]);
  const sd = HORIZON_STEPS.map((k) => f.sd[k]);
  return {
    mean,
    q10: mean.map((m, j) => m - Z90 * sd[j]),
    q50: mean,
    q90: mean.map((m, j) => m + Z90 * sd[j]),
    predictive: mean.map((m, j) => ({ kind: 'normal', mean: m, sd: sd[j] })),
  };
}

export async function collectHonestSamples(options: HonestSampleOptions): Promise<{ samples: HonestSample[]; persons: number; cpuMs: number }> {
  const started = process.cpuUsage();
  const everyMin = options.everyMin ?? 15;
  const days = options.cohort.days ?? 3;
  const samples: HonestSample[] = [];
  let persons = 0;
  for (const person of honestCohort(options.cohort)) {
    persons++;
    const { vp } = person;
    const prior = populationPrior(person.group);
    const population = newTwin(vp.patientId, { ...options.twin, prior: prior.prior, estimated: prior.estimated, considered: prior.considered });
    const oracle =
      options.oracle !== false && person.trueParameters !== undefined
        ? newTwin(vp.patientId, {
            prior: person.trueParameters,
            estimated: DEFAULT_ESTIMATED.map((e) => ({ ...e, logSd: ORACLE_LOG_SD })),
            considered: DEFAULT_CONSIDERED.map((c) => ({ ...c, logSd: ORACLE_LOG_SD })),
          })
        : undefined;
    const grid = cgmGrid(vp);
    const scoreFrom = vp.truth.timeMs[0] + (days - 1) * DAY_MS;
    const apply = (e: TwinEvent): void => {
      applyWithBatchPersonalisation(population.engine, e);
      if (oracle !== undefined) applyWithBatchPersonalisation(oracle.engine, e);
    };
    const pending: Promise<HonestSample>[] = [];
    for (const { reading, targets } of cgmForecastPoints(population.engine, vp.events, { fromMs: scoreFrom, horizonsMin: HONEST_HORIZONS, everyMin, apply })) {
      const end = Math.round((reading.timeMs - grid.t0Ms) / (STEP_MIN * MS_PER_MIN)) + 1;
      const b = options.baselines;
      const forecasts: Partial<Record<HonestMethod, MethodForecast>> = { persistence: banded(HONEST_HORIZONS.map(() => reading.value), b.persistenceBand) };
      if (end >= RIDGE_LAGS) {
        forecasts['ridge-ar'] = banded(atSteps(b.ar.predict(grid.values, end)), b.arBand);
        forecasts['ridge-arx'] = banded(atSteps(b.arx.predict(grid.series, end)), b.arxBand);
        if (b.gbt !== undefined && b.gbtBand !== undefined) forecasts['gbt-arx'] = banded(b.gbt.predict(grid.series, end), b.gbtBand);
        forecasts.arima = arimaForecast(grid.values, end);
      }
      const pop = twinForecast(population);
      forecasts['twin-population'] = pop;
      if (oracle !== undefined) forecasts['twin-oracle'] = twinForecast(oracle);
      const base = { patientId: vp.patientId, timeMs: reading.timeMs, last: reading.value, y: targets };
      const fm = options.fm;
      if (fm === undefined) {
        pending.push(Promise.resolve({ ...base, forecasts }));
        continue;
      }
      const tRef = reading.timeMs / MS_PER_MIN;
      const stackRidgeModel = calibrationRidge(fm.calibration);
      const stackRidge =
        stackRidgeModel === undefined ? undefined : ridgeArxFromEvents(stackRidgeModel, population.engine.events, CGM, reading.timeMs, HONEST_HORIZONS, { personalLambda: fm.calibration.ridgePersonalLambda });
      const stackGbtModel = calibrationGbt(fm.calibration);
      const stackGbt = stackGbtModel === undefined ? undefined : gbtArxFromEvents(stackGbtModel, population.engine.events, CGM, reading.timeMs, HONEST_HORIZONS);
      pending.push(
        fm.model.forecast(twinEventsToTimeline(population.engine.events), tRef).then((f) => {
          const fmMean: number[] = [];
          const fm10: number[] = [];
          const fm90: number[] = [];
          const hy = { mean: [] as number[], q10: [] as number[], q90: [] as number[] };
          HONEST_HORIZONS.forEach((h, i) => {
            const q = fmQuantilesAt(f, CGM, h);
            const cal = horizonCalibration(fm.calibration, h);
            fmMean.push(q?.q50 ?? Number.NaN);
            fm10.push(q?.q10 ?? Number.NaN);
            fm90.push(q?.q90 ?? Number.NaN);
            const twin = { mean: pop.mean[i], q10: pop.q10?.[i] ?? Number.NaN, q50: pop.q50?.[i] ?? pop.mean[i], q90: pop.q90?.[i] ?? Number.NaN };
            const hp = cal !== undefined && hybridAvailable(cal, q, stackRidge?.[i], stackGbt?.[i]) ? hybridForecast(twin, q, cal, stackRidge?.[i], stackGbt?.[i]) : undefined;
            hy.mean.push(hp?.mean ?? Number.NaN);
            hy.q10.push(hp?.q10 ?? Number.NaN);
            hy.q90.push(hp?.q90 ?? Number.NaN);
          });
          return { ...base, ...(stackRidge === undefined ? {} : { stackRidge }), ...(stackGbt === undefined ? {} : { stackGbt }), forecasts: { ...forecasts, fm: { mean: fmMean, q10: fm10, q90: fm90 }, hybrid: hy } };
        }),
      );
    }
    samples.push(...(await Promise.all(pending)));
  }
  const used = process.cpuUsage(started);
  return { samples, persons, cpuMs: (used.user + used.system) / 1000 };
}
