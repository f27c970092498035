/**
 * Fits the hybrid and the baselines' intervals on a tuning cohort's forecast samples (see hybrid-forecast.util
 * for the scheme): per horizon the twin weight and the two interval scales, and the split-conformal 10 % / 90 %
 * residual offsets of persistence and linear extrapolation.
 */
import { conformalQuantile } from '../hybrid/conformal-quantile.util';
import type { BaselineHorizonCalibration, HybridCalibration } from '../hybrid/hybrid-calibration';
import { fitHybridHorizon } from '../hybrid/hybrid-forecast.util';
import type { CohortSamples } from './forecast-samples';

export interface CalibrationContext {
  readonly code: string;
  readonly cohortSeed: number;
  readonly patients: number;
  readonly days: number;
  readonly forecastEveryMin: number;
  readonly fittedAt: Date;
}

/** Offsets [lower, upper] so that point + offset bounds the truth from below / above with 90 % each. */
function residualOffsets(points: readonly number[], ys: readonly number[]): { lower: number; upper: number } {
  return {
    lower: -conformalQuantile(points.map((p, i) => p - ys[i]), 0.9),
    upper: conformalQuantile(points.map((p, i) => ys[i] - p), 0.9),
  };
}

export function fitCalibration(tuning: CohortSamples, context: CalibrationContext): HybridCalibration {
  const horizons = [...new Set(tuning.samples.map((s) => s.horizonMin))].sort((a, b) => a - b);
  const baselines: BaselineHorizonCalibration[] = horizons.map((h) => {
    const at = tuning.samples.filter((s) => s.horizonMin === h);
    const ys = at.map((s) => s.y);
    return {
      horizonMin: h,
      persistence: residualOffsets(at.map((s) => s.last), ys),
      linear: residualOffsets(at.map((s) => s.linear), ys),
    };
  });
  return {
    version: 1,
    fmModel: tuning.fmModel,
    twinComponent: tuning.twinComponent,
    code: context.code,
    cohortSeed: context.cohortSeed,
    patients: context.patients,
    days: context.days,
    forecastEveryMin: context.forecastEveryMin,
    fittedAt: context.fittedAt.toISOString(),
    horizons: horizons.map((h) => fitHybridHorizon(h, tuning.samples.filter((s) => s.horizonMin === h))),
    baselines,
  };
}
