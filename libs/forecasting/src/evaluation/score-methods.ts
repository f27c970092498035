/**
 * Scores every method on forecast samples: RMSE of the point forecast (persistence and linear: the point;
 * twin: the ensemble mean; FM and hybrid: the median) against the CGM reading that arrived, and the share of
 * readings inside the 10–90 % interval (nominal 80 %).
 */
import { horizonCalibration, type HybridCalibration } from '../hybrid/hybrid-calibration';
import { hybridForecast } from '../hybrid/hybrid-forecast.util';
import type { ForecastSample } from './forecast-samples';

export const FORECAST_METHODS = ['persistence', 'linear', 'twin', 'fm', 'hybrid'] as const;
export type ForecastMethod = (typeof FORECAST_METHODS)[number];

export interface MethodScore {
  readonly method: ForecastMethod;
  readonly horizonMin: number;
  readonly n: number;
  readonly rmse: number;
  readonly coverage80: number;
}

interface Interval {
  readonly point: number;
  readonly lower: number;
  readonly upper: number;
}

function intervalOf(method: ForecastMethod, s: ForecastSample, calibration: HybridCalibration): Interval {
  const baseline = calibration.baselines.find((b) => b.horizonMin === s.horizonMin);
  switch (method) {
    case 'persistence':
    case 'linear': {
      if (baseline === undefined) throw new RangeError(`no baseline calibration at ${s.horizonMin} min`);
      const point = method === 'persistence' ? s.last : s.linear;
      return { point, lower: point + baseline[method].lower, upper: point + baseline[method].upper };
    }
    case 'twin':
      return { point: s.twin.mean, lower: s.twin.q10, upper: s.twin.q90 };
    case 'fm':
      return { point: s.fm.q50, lower: s.fm.q10, upper: s.fm.q90 };
    case 'hybrid': {
      const h = horizonCalibration(calibration, s.horizonMin);
      if (h === undefined) throw new RangeError(`no hybrid calibration at ${s.horizonMin} min`);
      const f = hybridForecast(s.twin, s.fm, h, s.ridge, s.gbt);
      return { point: f.q50, lower: f.q10, upper: f.q90 };
    }
  }
}

export function scoreMethods(samples: readonly ForecastSample[], calibration: HybridCalibration): MethodScore[] {
  const horizons = [...new Set(samples.map((s) => s.horizonMin))].sort((a, b) => a - b);
  return FORECAST_METHODS.flatMap((method) =>
    horizons.map((horizonMin) => {
      let se = 0;
      let inside = 0;
      const at = samples.filter((s) => s.horizonMin === horizonMin);
      for (const s of at) {
        const f = intervalOf(method, s, calibration);
        se += (f.point - s.y) ** 2;
        if (s.y >= f.lower && s.y <= f.upper) inside++;
      }
      return { method, horizonMin, n: at.length, rmse: Math.sqrt(se / at.length), coverage80: inside / at.length };
    }),
  );
}
