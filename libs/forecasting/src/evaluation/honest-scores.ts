/**
 * Scores of issue 14's evaluation (honest-samples.ts) with their uncertainty: per method and horizon RMSE, MAE,
 * CRPS and the 10-bin PIT histogram (from the method's predictive distribution: the fair ensemble CRPS of Ferro
 * 2014 for the twins' members, the exact CRPS of point + residual quantiles, the closed form for ARIMA's normal;
 * see crps.ts and pit.ts of @shuji/stats), the quantile-score CRPS at 10/50/90 % that every method with an interval
 * has, 10–90 % interval coverage (all readings and readings < 70 mg/dL) beside the level the interval nominally has
 * (INTERVAL_NOMINAL: 77.5 % for 64-member ensembles) and its width; against each reference the RMSE ratio and the
 * CRPS ratio, each with a patient-block bootstrap 95 % interval and a Diebold–Mariano test. The test is run on the per-patient mean
 * squared-error differences (one loss differential per patient, HLN-corrected, i.e. a paired t-test on patients):
 * the forecasts of one patient are correlated for hours, so patients, not forecasts, are the independent units.
 * Severe hypoglycaemia: an event is a reading below 54 mg/dL within the next 30 min (any of the 5…30-min targets);
 * a method flags one when its point forecast at any of those horizons is below 54 (persistence: the reading now).
 * Sensitivity = flagged events / events; false-alarm ratio = flags without an event / flags.
 */
import {
  blockBootstrap,
  crpsFromQuantiles,
  crpsNormal,
  crpsSample,
  dieboldMariano,
  lossRatio,
  normalCdf,
  pitHistogram,
  pitSample,
  rmseRatio,
  seededRandom,
  type BootstrapInterval,
  type DieboldMarianoResult,
  type PairedSquaredErrors,
} from '@shuji/stats';
import { HONEST_HORIZONS, INTERVAL_NOMINAL, type HonestMethod, type HonestSample, type Predictive } from './honest-samples';

export const SEVERE_HYPO_MG_DL = 54;
/** Coverage is also reported over readings below this (hypoglycaemia, level 1: Battelino et al. 2019). */
export const LOW_MG_DL = 70;
export const PIT_BINS = 10;

export interface LossComparison {
  /** Mean loss ratio with its patient-block bootstrap interval. */
  readonly ratio: BootstrapInterval;
  /** Diebold–Mariano on the per-patient mean loss differences. */
  readonly test: DieboldMarianoResult;
}

export interface PairedComparison {
  readonly reference: HonestMethod;
  /** RMSE(method) / RMSE(reference) with its patient-block bootstrap interval. */
  readonly ratio: BootstrapInterval;
  readonly test: DieboldMarianoResult;
  /** CRPS(method) / CRPS(reference), where both give a predictive distribution on every common target. */
  readonly crps?: LossComparison;
}

export interface HonestScore {
  readonly method: HonestMethod;
  readonly horizonMin: number;
  readonly n: number;
  readonly patients: number;
  readonly rmse: number;
  readonly mae: number;
  /** Share of readings inside the 10–90 % interval; undefined without intervals. */
  readonly coverage80?: number;
  readonly meanWidth80?: number;
  /** What the interval covers if the method is calibrated (INTERVAL_NOMINAL). */
  readonly nominal80: number;
  /** Coverage over readings below LOW_MG_DL, and how many there were. */
  readonly coverageLow80?: number;
  readonly nLow: number;
  /** Mean CRPS (mg/dL) of the predictive distribution, where the method gives one for every target. */
  readonly crps?: number;
  /** 2 × mean quantile score at 10/50/90 % (the median, else the point forecast): comparable across all methods. */
  readonly crpsQ3?: number;
  /** Shares of PIT values in PIT_BINS equal bins, where there is a predictive distribution. */
  readonly pit?: readonly number[];
  readonly comparisons: readonly PairedComparison[];
}

export interface HypoScore {
  readonly method: HonestMethod;
  readonly forecasts: number;
  readonly events: number;
  readonly flags: number;
  readonly truePositives: number;
  readonly sensitivity: number;
  readonly falseAlarmRatio: number;
}

export interface HonestScoreOptions {
  readonly methods: readonly HonestMethod[];
  readonly horizonsMin?: readonly number[];
  readonly references?: readonly HonestMethod[];
  readonly replicates?: number;
  readonly seed?: number;
}

const valueAt = (s: HonestSample, method: HonestMethod, i: number): number | undefined => {
  const v = s.forecasts[method]?.mean[i];
  return v === undefined || Number.isNaN(v) ? undefined : v;
};

/** The samples every one of `methods` forecast at horizon index i. */
function common(samples: readonly HonestSample[], methods: readonly HonestMethod[], i: number): HonestSample[] {
  return samples.filter((s) => methods.every((m) => valueAt(s, m, i) !== undefined));
}

function byPatient(samples: readonly HonestSample[]): HonestSample[][] {
  const groups = new Map<string, HonestSample[]>();
  for (const s of samples) {
    const g = groups.get(s.patientId) ?? [];
    g.push(s);
    groups.set(s.patientId, g);
  }
  return [...groups.values()];
}

/** CRPS of a predictive distribution at y (residual: point + offsets, scored as offsets at y − point). */
export function crpsOf(p: Predictive, y: number): number {
  switch (p.kind) {
    case 'ensemble':
      return crpsSample(p.members, y, { fair: true });
    case 'residual':
      return crpsSample(p.offsets, y - p.location);
    case 'normal':
      return crpsNormal(p.mean, p.sd, y);
  }
}

/** PIT of y under a predictive distribution; `v` a uniform draw for the randomised PIT of finite samples. */
export function pitOf(p: Predictive, y: number, v: number): number {
  switch (p.kind) {
    case 'ensemble':
      return pitSample(p.members, y, v);
    case 'residual':
      return pitSample(p.offsets, y - p.location, v);
    case 'normal':
      return normalCdf((y - p.mean) / p.sd);
  }
}

const predictiveAt = (s: HonestSample, method: HonestMethod, i: number): Predictive | undefined => s.forecasts[method]?.predictive?.[i];

function lossComparison(blocks: readonly PairedSquaredErrors[], statistic: (b: readonly PairedSquaredErrors[]) => number, options: { replicates?: number; seed?: number }): LossComparison {
  return {
    ratio: blockBootstrap(blocks, statistic, { replicates: options.replicates ?? 2000, seed: options.seed ?? 14 }),
    test: dieboldMariano(blocks.map((b) => (b.seA - b.seB) / b.n)),
  };
}

export function pairedComparison(samples: readonly HonestSample[], method: HonestMethod, reference: HonestMethod, i: number, options: { replicates?: number; seed?: number } = {}): PairedComparison {
  const groups = byPatient(common(samples, [method, reference], i));
  const blocks = groups.map((g) => {
    let seA = 0;
    let seB = 0;
    for (const s of g) {
      seA += ((valueAt(s, method, i) as number) - s.y[i]) ** 2;
      seB += ((valueAt(s, reference, i) as number) - s.y[i]) ** 2;
    }
    return { seA, seB, n: g.length };
  });
  const { ratio, test } = lossComparison(blocks, rmseRatio, options);
  const withDistributions = groups.every((g) => g.every((s) => predictiveAt(s, method, i) !== undefined && predictiveAt(s, reference, i) !== undefined));
  if (!withDistributions) return { reference, ratio, test };
  const crpsBlocks = groups.map((g) => {
    let seA = 0;
    let seB = 0;
    for (const s of g) {
      seA += crpsOf(predictiveAt(s, method, i) as Predictive, s.y[i]);
      seB += crpsOf(predictiveAt(s, reference, i) as Predictive, s.y[i]);
    }
    return { seA, seB, n: g.length };
  });
  return { reference, ratio, test, crps: lossComparison(crpsBlocks, lossRatio, options) };
}

export function scoreHonest(samples: readonly HonestSample[], options: HonestScoreOptions): HonestScore[] {
  const horizons = options.horizonsMin ?? [30, 60];
  const references = options.references ?? ['persistence', 'ridge-ar'];
  const out: HonestScore[] = [];
  for (const h of horizons) {
    const i = HONEST_HORIZONS.indexOf(h as (typeof HONEST_HORIZONS)[number]);
    if (i < 0) throw new RangeError(`horizon ${h} min: not one of ${HONEST_HORIZONS.join(', ')}`);
    for (const method of options.methods) {
      const mine = common(samples, [method], i);
      if (mine.length === 0) continue;
      let se = 0;
      let ae = 0;
      let inside = 0;
      let width = 0;
      let withInterval = 0;
      let low = 0;
      let insideLow = 0;
      let q3 = 0;
      let crps = 0;
      const pit: number[] = [];
      for (const s of mine) {
        const f = s.forecasts[method];
        const point = valueAt(s, method, i) as number;
        const y = s.y[i];
        const e = point - y;
        se += e * e;
        ae += Math.abs(e);
        const lo = f?.q10?.[i];
        const hi = f?.q90?.[i];
        if (lo !== undefined && hi !== undefined && !Number.isNaN(lo) && !Number.isNaN(hi)) {
          withInterval++;
          const isInside = y >= lo && y <= hi;
          if (isInside) inside++;
          if (y < LOW_MG_DL) {
            low++;
            if (isInside) insideLow++;
          }
          width += hi - lo;
          q3 += crpsFromQuantiles([0.1, 0.5, 0.9], [lo, f?.q50?.[i] ?? point, hi], y);
        }
        const p = f?.predictive?.[i];
        if (p !== undefined) {
          crps += crpsOf(p, y);
          pit.push(pitOf(p, y, seededRandom('pit', s.patientId, s.timeMs, method, h).uniform()));
        }
      }
      const full = pit.length === mine.length;
      out.push({
        method,
        horizonMin: h,
        n: mine.length,
        patients: byPatient(mine).length,
        rmse: Math.sqrt(se / mine.length),
        mae: ae / mine.length,
        coverage80: withInterval > 0 ? inside / withInterval : undefined,
        meanWidth80: withInterval > 0 ? width / withInterval : undefined,
        nominal80: INTERVAL_NOMINAL[method],
        coverageLow80: low > 0 ? insideLow / low : undefined,
        nLow: low,
        crps: full ? crps / mine.length : undefined,
        crpsQ3: withInterval === mine.length ? q3 / mine.length : undefined,
        pit: full ? pitHistogram(pit, PIT_BINS) : undefined,
        comparisons: references.filter((r) => r !== method && common(samples, [method, r], i).length > 0).map((r) => pairedComparison(samples, method, r, i, options)),
      });
    }
  }
  return out;
}

/** The non-mechanistic baselines of issue 14; the best of them is the one a mechanistic method must beat. */
export const NON_MECHANISTIC_BASELINES: readonly HonestMethod[] = ['ridge-ar', 'ridge-arx', 'gbt-arx', 'arima'];

/**
 * The non-mechanistic baseline with the lowest RMSE and the one with the lowest CRPS among `scores` of one horizon
 * (chosen on the cohort scored: the baselines' most favourable choice, so a win over it is not a win over a weak one).
 */
export function bestBaselines(scores: readonly HonestScore[]): { rmse: HonestMethod; crps: HonestMethod } {
  const candidates = scores.filter((r) => NON_MECHANISTIC_BASELINES.includes(r.method));
  if (candidates.length === 0) throw new RangeError('bestBaselines: no non-mechanistic baseline among the scores');
  if (new Set(candidates.map((r) => r.horizonMin)).size > 1) throw new RangeError('bestBaselines: scores of one horizon');
  const by = (f: (r: HonestScore) => number): HonestMethod => candidates.reduce((a, b) => (f(b) < f(a) ? b : a)).method;
  return { rmse: by((r) => r.rmse), crps: by((r) => r.crps ?? Number.POSITIVE_INFINITY) };
}

export function scoreSevereHypo(samples: readonly HonestSample[], methods: readonly HonestMethod[]): HypoScore[] {
  const within = HONEST_HORIZONS.map((h, i) => (h <= 30 ? i : -1)).filter((i) => i >= 0);
  return methods.flatMap((method) => {
    let forecasts = 0;
    let events = 0;
    let flags = 0;
    let tp = 0;
    for (const s of samples) {
      const points = within.map((i) => valueAt(s, method, i));
      if (method !== 'persistence' && points.some((v) => v === undefined)) continue;
      forecasts++;
      const event = within.some((i) => s.y[i] < SEVERE_HYPO_MG_DL);
      const flag = method === 'persistence' ? s.last < SEVERE_HYPO_MG_DL : points.some((v) => (v as number) < SEVERE_HYPO_MG_DL);
      if (event) events++;
      if (flag) flags++;
      if (event && flag) tp++;
    }
    if (forecasts === 0) return [];
    return [{ method, forecasts, events, flags, truePositives: tp, sensitivity: events > 0 ? tp / events : Number.NaN, falseAlarmRatio: flags > 0 ? (flags - tp) / flags : Number.NaN }];
  });
}
