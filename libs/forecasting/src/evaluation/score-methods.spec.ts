import { describe, expect, it } from 'vitest';
import type { HybridCalibration } from '../hybrid/hybrid-calibration';
import type { ForecastSample } from './forecast-samples';
import { scoreMethods } from './score-methods';

const calibration: HybridCalibration = {
  version: 1,
  fmModel: 'fm-test',
  twinComponent: 'twin-test',
  code: '99504-3',
  cohortSeed: 1,
  patients: 1,
  days: 3,
  forecastEveryMin: 15,
  fittedAt: '2026-01-01T00:00:00.000Z',
  horizons: [{ horizonMin: 30, twinWeight: 0.5, lowerScale: 1, upperScale: 1, n: 10 }],
  baselines: [{ horizonMin: 30, persistence: { lower: -10, upper: 10 }, linear: { lower: -20, upper: 5 } }],
};

function sample(y: number, last: number, linear: number, twinMean: number, fmMedian: number): ForecastSample {
  return {
    patientId: 'p',
    timeMs: 0,
    horizonMin: 30,
    y,
    last,
    linear,
    twin: { mean: twinMean, q10: twinMean - 4, q50: twinMean, q90: twinMean + 4 },
    fm: { q10: fmMedian - 8, q50: fmMedian, q90: fmMedian + 8 },
  };
}

describe(scoreMethods.name, () => {
  it('should give each method its RMSE and 10–90 % coverage when scored against the arriving readings', () => {
    const samples = [sample(100, 95, 130, 103, 97), sample(120, 100, 110, 110, 126)];
    const sut = scoreMethods(samples, calibration);
    const get = (m: string) => sut.find((s) => s.method === m);
    // persistence: errors −5, −20; intervals [85,105] ∋ 100, [90,110] ∌ 120
    expect(get('persistence')).toEqual({ method: 'persistence', horizonMin: 30, n: 2, rmse: Math.sqrt((25 + 400) / 2), coverage80: 0.5 });
    // linear: errors 30, −10; intervals [110,135] ∌ 100, [90,115] ∌ 120
    expect(get('linear')?.rmse).toBeCloseTo(Math.sqrt((900 + 100) / 2), 12);
    expect(get('linear')?.coverage80).toBe(0);
    // twin: errors 3, −10; [99,107] ∋ 100, [106,114] ∌ 120
    expect(get('twin')?.rmse).toBeCloseTo(Math.sqrt((9 + 100) / 2), 12);
    expect(get('twin')?.coverage80).toBe(0.5);
    // fm: errors −3, 6; [89,105] ∋ 100, [118,134] ∋ 120
    expect(get('fm')?.rmse).toBeCloseTo(Math.sqrt((9 + 36) / 2), 12);
    expect(get('fm')?.coverage80).toBe(1);
    // hybrid: medians 100 and 118, half-widths 6: [94,106] ∋ 100, [112,124] ∋ 120
    expect(get('hybrid')?.rmse).toBeCloseTo(Math.sqrt((0 + 4) / 2), 12);
    expect(get('hybrid')?.coverage80).toBe(1);
  });

  it('should refuse a horizon the calibration does not hold', () => {
    expect(() => scoreMethods([{ ...sample(100, 100, 100, 100, 100), horizonMin: 45 }], calibration)).toThrow(/45 min/);
  });
});
