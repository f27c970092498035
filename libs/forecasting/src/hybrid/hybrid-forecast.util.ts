/**
 * The hybrid of the ODE twin's ensemble forecast and the FM's quantiles at one horizon.
 * Median: a convex combination of the twin's ensemble mean and the FM's median, the weight fitted by least
 * squares on the tuning cohort (the optimal linear combination of two forecasts, Bates & Granger 1969, Oper Res Q
 * 20:451). Interval: the two forecasts' half-widths averaged with the same weight (Vincentization, i.e. averaging
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
  readonly fm: FmQuantiles;
}

// a half-width is never exactly zero in practice; this only keeps the normalised score finite
const MIN_HALF_WIDTH = 1e-6;

interface Unscaled {
  readonly median: number;
  readonly lowerHalf: number;
  readonly upperHalf: number;
}

function combine(twin: TwinQuantiles, fm: FmQuantiles, w: number): Unscaled {
  return {
    median: w * twin.mean + (1 - w) * fm.q50,
    lowerHalf: Math.max(MIN_HALF_WIDTH, w * (twin.q50 - twin.q10) + (1 - w) * (fm.q50 - fm.q10)),
    upperHalf: Math.max(MIN_HALF_WIDTH, w * (twin.q90 - twin.q50) + (1 - w) * (fm.q90 - fm.q50)),
  };
}

export function hybridForecast(twin: TwinQuantiles, fm: FmQuantiles, calibration: HybridHorizonCalibration): HybridPoint {
  const c = combine(twin, fm, calibration.twinWeight);
  return {
    mean: c.median,
    q10: c.median - calibration.lowerScale * c.lowerHalf,
    q50: c.median,
    q90: c.median + calibration.upperScale * c.upperHalf,
  };
}

/** Fits one horizon's weight and interval scales (the twin weight clipped to [0, 1]; scales to ≥ 0). */
export function fitHybridHorizon(horizonMin: number, samples: readonly HybridFitSample[]): HybridHorizonCalibration {
  if (samples.length < 10) throw new RangeError(`horizon ${horizonMin} min: need at least 10 samples, got ${samples.length}`);
  // y − fm = w·(twin − fm) + e: least squares through the origin
  let sxy = 0;
  let sxx = 0;
  for (const s of samples) {
    const d = s.twin.mean - s.fm.q50;
    sxy += d * (s.y - s.fm.q50);
    sxx += d * d;
  }
  const twinWeight = sxx > 0 ? Math.min(1, Math.max(0, sxy / sxx)) : 0.5;
  const lowerScores: number[] = [];
  const upperScores: number[] = [];
  for (const s of samples) {
    const c = combine(s.twin, s.fm, twinWeight);
    lowerScores.push((c.median - s.y) / c.lowerHalf);
    upperScores.push((s.y - c.median) / c.upperHalf);
  }
  return {
    horizonMin,
    twinWeight,
    lowerScale: Math.max(0, conformalQuantile(lowerScores, 0.9)),
    upperScale: Math.max(0, conformalQuantile(upperScores, 0.9)),
    n: samples.length,
  };
}
