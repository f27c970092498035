/**
 * Scores of issue 14's evaluation (honest-samples.ts) with their uncertainty: per method and horizon RMSE, MAE,
 * 10–90 % interval coverage and width; against persistence and against the ridge AR the RMSE ratio with a
 * patient-block bootstrap 95 % interval and a Diebold–Mariano test. The test is run on the per-patient mean
 * squared-error differences (one loss differential per patient, HLN-corrected, i.e. a paired t-test on patients):
 * the forecasts of one patient are correlated for hours, so patients, not forecasts, are the independent units.
 * Severe hypoglycaemia: an event is a reading below 54 mg/dL within the next 30 min (any of the 5…30-min targets);
 * a method flags one when its point forecast at any of those horizons is below 54 (persistence: the reading now).
 * Sensitivity = flagged events / events; false-alarm ratio = flags without an event / flags.
 */
import { blockBootstrap, dieboldMariano, rmseRatio, type BootstrapInterval, type DieboldMarianoResult } from '@shuji/stats';
import { HONEST_HORIZONS, type HonestMethod, type HonestSample } from './honest-samples';

export const SEVERE_HYPO_MG_DL = 54;

export interface PairedComparison {
  readonly reference: HonestMethod;
  /** RMSE(method) / RMSE(reference) with its patient-block bootstrap interval. */
  readonly ratio: BootstrapInterval;
  readonly test: DieboldMarianoResult;
}

export interface HonestScore {
  readonly method: HonestMethod;
  readonly horizonMin: number;
  readonly n: number;
  readonly patients: number;
  readonly rmse: number;
  readonly mae: number;
  /** Share of readings inside the 10–90 % interval (nominal 80 %); undefined without intervals. */
  readonly coverage80?: number;
  readonly meanWidth80?: number;
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

export function pairedComparison(samples: readonly HonestSample[], method: HonestMethod, reference: HonestMethod, i: number, options: { replicates?: number; seed?: number } = {}): PairedComparison {
  const blocks = byPatient(common(samples, [method, reference], i)).map((g) => {
    let seA = 0;
    let seB = 0;
    for (const s of g) {
      seA += ((valueAt(s, method, i) as number) - s.y[i]) ** 2;
      seB += ((valueAt(s, reference, i) as number) - s.y[i]) ** 2;
    }
    return { seA, seB, n: g.length };
  });
  const ratio = blockBootstrap(blocks, rmseRatio, { replicates: options.replicates ?? 2000, seed: options.seed ?? 14 });
  const test = dieboldMariano(blocks.map((b) => (b.seA - b.seB) / b.n));
  return { reference, ratio, test };
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
      for (const s of mine) {
        const f = s.forecasts[method];
        const e = (valueAt(s, method, i) as number) - s.y[i];
        se += e * e;
        ae += Math.abs(e);
        const lo = f?.q10?.[i];
        const hi = f?.q90?.[i];
        if (lo !== undefined && hi !== undefined && !Number.isNaN(lo) && !Number.isNaN(hi)) {
          withInterval++;
          if (s.y[i] >= lo && s.y[i] <= hi) inside++;
          width += hi - lo;
        }
      }
      out.push({
        method,
        horizonMin: h,
        n: mine.length,
        patients: byPatient(mine).length,
        rmse: Math.sqrt(se / mine.length),
        mae: ae / mine.length,
        coverage80: withInterval > 0 ? inside / withInterval : undefined,
        meanWidth80: withInterval > 0 ? width / withInterval : undefined,
        comparisons: references.filter((r) => r !== method && common(samples, [method, r], i).length > 0).map((r) => pairedComparison(samples, method, r, i, options)),
      });
    }
  }
  return out;
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
