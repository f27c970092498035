/**
 * Issue 14's evaluation protocol: for each person of a cohort (honestCohort of @shuji/twin) the events stream into
 * twins as the product runs them (TwinEngine with its batch personalisation) and, at every CGM reading a whole
 * 15 min into the last day, every method forecasts the readings 5…30 and 60 min ahead:
 * - persistence (the last reading);
 * - ridge AR on the last 2 h of CGM (RidgeAr), trained on the TUNING cohort of the same truth, with 10–90 %
 *   intervals from its tuning residual quantiles; and the same with insulin and carbohydrates on board from the
 *   logged boluses and meals (RidgeArx with onBoardFeatures);
 * - the twin from the age group's population prior (populationPrior: the realistic start);
 * - the true-parameter twin (prior at the parameters the person was drawn with, log-SD 0.02): an UPPER BOUND that
 *   no deployed twin has, only where the truth is S2008;
 * - optionally the foundation model and the hybrid of the population-prior twin and the FM, with the committed
 *   hybrid calibration (the product as shipped: whatever `calibration` is passed, with the ridge ARX it stacks
 *   computed from the twin's event log exactly as the product does).
 * Dropped CGM readings are carried forward for the ridge AR (as a deployed model would fill them); targets are the
 * readings that arrive, so a forecast point whose targets fell into a dropout is skipped for every method alike.
 */
import type { FoundationModel } from '@shuji/foundation-model';
import { quantile } from '@shuji/stats';
import {
  applyWithBatchPersonalisation,
  cgmForecastPoints,
  DEFAULT_CONSIDERED,
  DEFAULT_ESTIMATED,
  DEFAULT_TWIN_SETTINGS,
  forecastReading,
  honestCohort,
  MS_PER_MIN,
  ObservationCodes,
  populationPrior,
  T1dGlucoseComponent,
  TwinEngine,
  type HonestCohortOptions,
  type T1dComponentOptions,
  type TwinEvent,
  type VirtualPatient,
} from '@shuji/twin';
import { RidgeAr } from '../baselines/ridge-ar';
import { onBoardFeatures, RidgeArx, type ArxSeries } from '../baselines/ridge-arx';
import { fmQuantilesAt, hybridAvailable, hybridForecast } from '../hybrid/hybrid-forecast.util';
import { calibrationRidge, horizonCalibration, type HybridCalibration } from '../hybrid/hybrid-calibration';
import { ridgeArxFromEvents } from '../hybrid/ridge-arx-from-events.util';
import { twinEventsToTimeline } from '../timeline/twin-events-to-timeline.util';

/** Horizons every method forecasts (min): 5…30 for the hypoglycaemia flag, 30 and 60 are scored, 120 is fitted. */
export const HONEST_HORIZONS = [5, 10, 15, 20, 25, 30, 60, 120] as const;
export const HONEST_METHODS = ['persistence', 'ridge-ar', 'ridge-arx', 'twin-population', 'twin-oracle', 'fm', 'hybrid'] as const;
export type HonestMethod = (typeof HONEST_METHODS)[number];

export interface MethodForecast {
  /** Point forecasts at HONEST_HORIZONS. */
  readonly mean: readonly number[];
  /** 10 %, 50 % and 90 % quantiles at HONEST_HORIZONS, where the method gives intervals. */
  readonly q10?: readonly number[];
  readonly q50?: readonly number[];
  readonly q90?: readonly number[];
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
}

export interface HonestSampleOptions {
  readonly cohort: HonestCohortOptions;
  readonly ridge: RidgeBaseline;
  /** Run the true-parameter twin where the truth allows (default true). */
  readonly oracle?: boolean;
  readonly everyMin?: number;
  readonly fm?: { readonly model: FoundationModel; readonly calibration: HybridCalibration };
}

const CGM = ObservationCodes.cgmGlucose.loinc;
const DAY_MS = 86_400_000;
const STEP_MIN = 5;
const RIDGE_LAGS = 24;
const ORACLE_LOG_SD = 0.02;

/** A model's point forecasts with its tuning residual quantiles per horizon step. */
interface QuantileBand {
  readonly q10: Float64Array;
  readonly q90: Float64Array;
}

/** The ridge AR and ridge ARX baselines of a truth, with their tuning residual quantiles per horizon step. */
export interface RidgeBaseline {
  readonly ar: RidgeAr;
  readonly arBand: QuantileBand;
  readonly arx: RidgeArx;
  readonly arxBand: QuantileBand;
  readonly trainedOn: number;
}

/** The person's CGM on the 5-min grid from the first reading (dropouts carried forward), with on-board features. */
export function cgmGrid(vp: VirtualPatient): { t0Ms: number; values: Float64Array; series: ArxSeries } {
  const readings = vp.events.filter((e): e is Extract<TwinEvent, { kind: 'observation' }> => e.kind === 'observation' && e.loinc === CGM);
  const t0Ms = readings[0].timeMs;
  const n = Math.round((readings[readings.length - 1].timeMs - t0Ms) / (STEP_MIN * MS_PER_MIN)) + 1;
  const values = new Float64Array(n).fill(Number.NaN);
  for (const r of readings) values[Math.round((r.timeMs - t0Ms) / (STEP_MIN * MS_PER_MIN))] = r.value;
  for (let k = 1; k < n; k++) if (Number.isNaN(values[k])) values[k] = values[k - 1];
  const boluses = vp.events.flatMap((e) => (e.kind === 'insulin-bolus' ? [{ tMin: e.timeMs / MS_PER_MIN, units: e.units }] : []));
  const meals = vp.events.flatMap((e) => (e.kind === 'meal' ? [{ tMin: e.timeMs / MS_PER_MIN, carbsG: e.carbsG }] : []));
  const exogenous = Array.from({ length: n }, (_, k) => onBoardFeatures(t0Ms / MS_PER_MIN + k * STEP_MIN, boluses, meals));
  return { t0Ms, values, series: { values, exogenous } };
}

function residualBand(predict: (s: number, end: number) => Float64Array, series: readonly ArxSeries[], horizon: number): QuantileBand {
  const residuals: number[][] = Array.from({ length: horizon }, () => []);
  series.forEach((s, i) => {
    for (let end = RIDGE_LAGS; end + horizon <= s.values.length; end += 3) {
      const f = predict(i, end);
      for (let h = 0; h < horizon; h++) residuals[h].push(s.values[end + h] - f[h]);
    }
  });
  return { q10: Float64Array.from(residuals, (r) => quantile(r, 0.1)), q90: Float64Array.from(residuals, (r) => quantile(r, 0.9)) };
}

/** Fits the ridge AR and ARX (2 h of lags, 12 steps) on the tuning cohort of a truth, and their residual 10/90 % quantiles. */
export function trainRidgeBaseline(tuning: HonestCohortOptions): RidgeBaseline {
  const series = [...honestCohort(tuning)].map((p) => cgmGrid(p.vp).series);
  const horizon = 12;
  const ar = RidgeAr.fit(
    series.map((s) => s.values),
    { lags: RIDGE_LAGS, horizon, lambda: 1 },
  );
  const arx = RidgeArx.fit(series, { lags: RIDGE_LAGS, horizon, lambda: 1 });
  return {
    ar,
    arBand: residualBand((i, end) => ar.predict(series[i].values, end), series, horizon),
    arx,
    arxBand: residualBand((i, end) => arx.predict(series[i], end), series, horizon),
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
  const f = forecastReading(run.engine, CGM, [...HONEST_HORIZONS]);
  return { mean: f.map((x) => x.mean), q10: f.map((x) => x.q10), q50: f.map((x) => x.q50), q90: f.map((x) => x.q90) };
}

export async function collectHonestSamples(options: HonestSampleOptions): Promise<{ samples: HonestSample[]; persons: number; cpuMs: number }> {
  const started = process.cpuUsage();
  const everyMin = options.everyMin ?? 15;
  const days = options.cohort.days ?? 3;
  const samples: HonestSample[] = [];
  let persons = 0;
  const horizonSteps = HONEST_HORIZONS.map((h) => h / STEP_MIN - 1);
  for (const person of honestCohort(options.cohort)) {
    persons++;
    const { vp } = person;
    const prior = populationPrior(person.group);
    const population = newTwin(vp.patientId, { prior: prior.prior, estimated: prior.estimated, considered: prior.considered });
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
      const forecasts: Partial<Record<HonestMethod, MethodForecast>> = { persistence: { mean: HONEST_HORIZONS.map(() => reading.value) } };
      if (end >= RIDGE_LAGS) {
        const at = (r: Float64Array, k: number, offset: number): number => (k < r.length ? r[k] + offset : Number.NaN);
        const band = (r: Float64Array, b: QuantileBand): MethodForecast => ({
          mean: horizonSteps.map((k) => at(r, k, 0)),
          q10: horizonSteps.map((k) => at(r, k, b.q10[k])),
          q90: horizonSteps.map((k) => at(r, k, b.q90[k])),
        });
        forecasts['ridge-ar'] = band(options.ridge.ar.predict(grid.values, end), options.ridge.arBand);
        forecasts['ridge-arx'] = band(options.ridge.arx.predict(grid.series, end), options.ridge.arxBand);
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
            const hp = cal !== undefined && hybridAvailable(cal, q, stackRidge?.[i]) ? hybridForecast(twin, q, cal, stackRidge?.[i]) : undefined;
            hy.mean.push(hp?.mean ?? Number.NaN);
            hy.q10.push(hp?.q10 ?? Number.NaN);
            hy.q90.push(hp?.q90 ?? Number.NaN);
          });
          return { ...base, ...(stackRidge === undefined ? {} : { stackRidge }), forecasts: { ...forecasts, fm: { mean: fmMean, q10: fm10, q90: fm90 }, hybrid: hy } };
        }),
      );
    }
    samples.push(...(await Promise.all(pending)));
  }
  const used = process.cpuUsage(started);
  return { samples, persons, cpuMs: (used.user + used.system) / 1000 };
}
