/**
 * The hybrid of the ODE twin's ensemble forecast and the FM's quantiles at one horizon.
 * Median: a convex combination of the twin's ensemble mean, the FM's median and, where the calibration carries one,
 * a ridge ARX forecast from the same event log (CGM with insulin and carbohydrates on board, trained on the tuning
 * cohort: it learns from data what the twin's model lacks) and, where the calibration carries one (version 3),
 * gradient-boosted trees on the same features (gbt-arx.ts; Friedman 2001), the weights fitted by least squares on the tuning
 * cohort under the constraints that they are ≥ 0 and sum to 1 (the optimal linear combination of forecasts, Bates &
 * Granger 1969, Oper Res Q 20:451; with more than two, Granger & Ramanathan 1984, J Forecast 3:197; the
 * non-negative, sum-to-one form is stacking, Breiman 1996, Mach Learn 24:49). Interval: the twin's and the FM's
 * half-widths averaged with their relative weights (Vincentization, i.e. averaging
 * quantile functions: Lichtendahl, Grushka-Cockayne & Winkler 2013, Manage Sci 59:1594), then each side scaled by
 * a factor fitted by split conformal prediction on normalised scores (Lei et al. 2018, JASA 113:1094, §5.2;
 * Romano, Patterson & Candès 2019, NeurIPS, asymmetric CQR) so that each tail misses 10 % on the tuning cohort.
 */
import type { Forecast } from '@shuji/foundation-model';
import { conformalQuantile } from './conformal-quantile.util';
import type { HybridHorizonCalibration } from './hybrid-calibration';

export interface TwinQuantiles {
  readonly mean: number;
  readonly q10: number;
  readonly q50: number;
  readonly q90: number;
}

export interface FmQuantiles {
  readonly q10: number;
  readonly q50: number;
  readonly q90: number;
}

/** The FM's 10/50/90 % quantiles of `code` at `horizonMin`, or undefined when it gives none at those levels. */
export function fmQuantilesAt(forecast: Forecast, code: string, horizonMin: number): FmQuantiles | undefined {
  const entry = forecast.entries.find((e) => e.code === code && e.horizonMin === horizonMin);
  if (entry === undefined || entry.levels.join() !== '0.1,0.5,0.9') return undefined;
  const [q10, q50, q90] = entry.values;
  return { q10, q50, q90 };
}

export interface HybridPoint {
  readonly mean: number;
  readonly q10: number;
  readonly q50: number;
  readonly q90: number;
}

/** One scored forecast of the tuning cohort at one horizon. */
export interface HybridFitSample {
  readonly y: number;
  readonly twin: TwinQuantiles;
  /** The FM's quantiles; absent at horizons the FM does not forecast (then the FM's weight is 0). */
  readonly fm?: FmQuantiles;
  /** The ridge ARX point forecast, when the hybrid stacks one. */
  readonly ridge?: number;
  /** The GBT ARX point forecast, when the hybrid stacks one (version 3). */
  readonly gbt?: number;
}

interface Weights {
  readonly twin: number;
  readonly fm: number;
  readonly ridge: number;
  readonly gbt: number;
}

const usable = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x);

// a half-width is never exactly zero in practice; this only keeps the normalised score finite
const MIN_HALF_WIDTH = 1e-6;

interface Unscaled {
  readonly median: number;
  readonly lowerHalf: number;
  readonly upperHalf: number;
}

/**
 * The calibration's weights; a forecast that is missing (no ridge or GBT forecast yet, no FM at this horizon) gives
 * its share to the others in proportion (the twin alone when nothing else is left).
 */
function weightsOf(calibration: HybridHorizonCalibration, fm: FmQuantiles | undefined, ridge: number | undefined, gbt: number | undefined): Weights {
  const t = calibration.twinWeight;
  const f = fm === undefined ? 0 : (calibration.fmWeight ?? 1 - t);
  const r = usable(ridge) ? (calibration.ridgeWeight ?? 0) : 0;
  const g = usable(gbt) ? (calibration.gbtWeight ?? 0) : 0;
  const sum = t + f + r + g;
  return sum > 0 ? { twin: t / sum, fm: f / sum, ridge: r / sum, gbt: g / sum } : { twin: 1, fm: 0, ridge: 0, gbt: 0 };
}

function combine(twin: TwinQuantiles, fm: FmQuantiles | undefined, ridge: number | undefined, gbt: number | undefined, w: Weights): Unscaled {
  // the interval's half-widths come from the two forecasts that have them, in proportion to their weights
  const wt = fm === undefined ? 1 : w.twin + w.fm > 0 ? w.twin / (w.twin + w.fm) : 0.5;
  const f = fm ?? twin;
  return {
    median: w.twin * twin.mean + (w.fm > 0 ? w.fm * f.q50 : 0) + (w.ridge > 0 ? w.ridge * (ridge as number) : 0) + (w.gbt > 0 ? w.gbt * (gbt as number) : 0),
    lowerHalf: Math.max(MIN_HALF_WIDTH, wt * (twin.q50 - twin.q10) + (1 - wt) * (f.q50 - f.q10)),
    upperHalf: Math.max(MIN_HALF_WIDTH, wt * (twin.q90 - twin.q50) + (1 - wt) * (f.q90 - f.q50)),
  };
}

/**
 * Whether the hybrid exists at this horizon with what is at hand: not when the FM has weight and gave nothing (the
 * twin answers, as before the ridge was stacked), nor when no part besides the twin is there to combine with.
 */
export function hybridAvailable(calibration: HybridHorizonCalibration, fm: FmQuantiles | undefined, ridge: number | undefined, gbt?: number): boolean {
  const fmWeight = calibration.fmWeight ?? 1 - calibration.twinWeight;
  if (fm === undefined && fmWeight > 0) return false;
  const ridgeUsable = (calibration.ridgeWeight ?? 0) > 0 && usable(ridge);
  const gbtUsable = (calibration.gbtWeight ?? 0) > 0 && usable(gbt);
  return (fm !== undefined && fmWeight > 0) || ridgeUsable || gbtUsable;
}

export function hybridForecast(twin: TwinQuantiles, fm: FmQuantiles | undefined, calibration: HybridHorizonCalibration, ridge?: number, gbt?: number): HybridPoint {
  const c = combine(twin, fm, ridge, gbt, weightsOf(calibration, fm, ridge, gbt));
  return {
    mean: c.median,
    q10: c.median - calibration.lowerScale * c.lowerHalf,
    q50: c.median,
    q90: c.median + calibration.upperScale * c.upperHalf,
  };
}

/**
 * Least squares weights ≥ 0 summing to 1 of the forecasts `columns` (each a function of the sample) for y: the
 * exact solution by trying every subset of forecasts on its affine least-squares fit and keeping the best one
 * whose weights are all ≥ 0 (a few forecasts, so enumeration is cheap).
 */
export function simplexLeastSquares(ys: readonly number[], columns: readonly (readonly number[])[]): number[] {
  const p = columns.length;
  let best: { sse: number; w: number[] } | undefined;
  for (let mask = 1; mask < 1 << p; mask++) {
    const idx = [...Array(p).keys()].filter((j) => mask & (1 << j));
    const w = affineFit(ys, idx.map((j) => columns[j]));
    if (w === undefined || w.some((x) => x < 0)) continue;
    const full = new Array<number>(p).fill(0);
    idx.forEach((j, i) => (full[j] = w[i]));
    let sse = 0;
    for (let n = 0; n < ys.length; n++) {
      let f = 0;
      for (let j = 0; j < p; j++) f += full[j] * columns[j][n];
      sse += (ys[n] - f) ** 2;
    }
    if (best === undefined || sse < best.sse) best = { sse, w: full };
  }
  return best?.w ?? new Array<number>(p).fill(1 / p);
}

/** Weights summing to 1 minimising the squared error: y − c_last = Σ_{j<last} w_j (c_j − c_last), solved by Gauss. */
function affineFit(ys: readonly number[], cols: readonly (readonly number[])[]): number[] | undefined {
  const q = cols.length - 1;
  if (q === 0) return [1];
  const base = cols[q];
  const a = Array.from({ length: q }, () => new Array<number>(q + 1).fill(0));
  for (let n = 0; n < ys.length; n++) {
    const d = cols.slice(0, q).map((c) => c[n] - base[n]);
    const t = ys[n] - base[n];
    for (let i = 0; i < q; i++) {
      for (let j = 0; j < q; j++) a[i][j] += d[i] * d[j];
      a[i][q] += d[i] * t;
    }
  }
  for (let i = 0; i < q; i++) {
    let piv = i;
    for (let r = i + 1; r < q; r++) if (Math.abs(a[r][i]) > Math.abs(a[piv][i])) piv = r;
    if (!(Math.abs(a[piv][i]) > 1e-12)) return undefined;
    [a[i], a[piv]] = [a[piv], a[i]];
    for (let r = 0; r < q; r++) {
      if (r === i) continue;
      const m = a[r][i] / a[i][i];
      for (let c = i; c <= q; c++) a[r][c] -= m * a[i][c];
    }
  }
  const w = a.map((row, i) => row[q] / row[i]);
  return [...w, 1 - w.reduce((x, y) => x + y, 0)];
}

/**
 * Fits one horizon's weights (≥ 0, summing to 1; the ridge's or the GBT's only when every sample carries that
 * forecast) and interval scales (≥ 0). The GBT's forecasts of the samples should be out-of-sample (cross-fitted):
 * trees fit their own training rows too closely for honest stacking weights (Wolpert 1992; Breiman 1996).
 */
export function fitHybridHorizon(horizonMin: number, samples: readonly HybridFitSample[]): HybridHorizonCalibration {
  if (samples.length < 10) throw new RangeError(`horizon ${horizonMin} min: need at least 10 samples, got ${samples.length}`);
  const withRidge = samples.every((s) => s.ridge !== undefined && Number.isFinite(s.ridge));
  const withFm = samples.every((s) => s.fm !== undefined);
  const withGbt = samples.every((s) => usable(s.gbt));
  if (!withRidge && !withFm && !withGbt) throw new RangeError(`horizon ${horizonMin} min: nothing to combine the twin with`);
  const ys = samples.map((s) => s.y);
  const columns = [samples.map((s) => s.twin.mean)];
  const at: Partial<Record<'fm' | 'ridge' | 'gbt', number>> = {};
  if (withFm) at.fm = columns.push(samples.map((s) => (s.fm as FmQuantiles).q50)) - 1;
  if (withRidge) at.ridge = columns.push(samples.map((s) => s.ridge as number)) - 1;
  if (withGbt) at.gbt = columns.push(samples.map((s) => s.gbt as number)) - 1;
  const fitted = simplexLeastSquares(ys, columns);
  const weightAt = (i: number | undefined): number => (i === undefined ? 0 : fitted[i]);
  const twin = fitted[0];
  const fm = weightAt(at.fm);
  const ridge = weightAt(at.ridge);
  const gbt = weightAt(at.gbt);
  const w: Weights = { twin, fm, ridge, gbt };
  const lowerScores: number[] = [];
  const upperScores: number[] = [];
  for (const s of samples) {
    const c = combine(s.twin, s.fm, s.ridge, s.gbt, w);
    lowerScores.push((c.median - s.y) / c.lowerHalf);
    upperScores.push((s.y - c.median) / c.upperHalf);
  }
  return {
    horizonMin,
    twinWeight: twin,
    ...(withRidge || withGbt || !withFm ? { fmWeight: fm, ridgeWeight: ridge } : {}),
    ...(withGbt ? { gbtWeight: gbt } : {}),
    lowerScale: Math.max(0, conformalQuantile(lowerScores, 0.9)),
    upperScale: Math.max(0, conformalQuantile(upperScores, 0.9)),
    n: samples.length,
  };
}
