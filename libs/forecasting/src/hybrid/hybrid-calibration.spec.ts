import { describe, expect, it } from 'vitest';
import { defaultHybridCalibration } from './default-hybrid-calibration';
import { calibrationRidge, horizonCalibration, parseHybridCalibration } from './hybrid-calibration';

describe(parseHybridCalibration.name, () => {
  it('should accept the committed calibration, fitted on the issue-14 tuning cohorts with a stacked ridge ARX', () => {
    const sut = defaultHybridCalibration();
    expect(sut.version).toBe(2);
    expect(sut.cohortSeed).toBe(14_001);
    expect(sut.code).toBe('99504-3');
    expect(sut.horizons.map((h) => h.horizonMin)).toEqual([5, 10, 15, 20, 25, 30, 60, 120]);
    expect(horizonCalibration(sut, 60)?.n).toBeGreaterThan(1000);
    expect(horizonCalibration(sut, 45)).toBeUndefined();
    expect(calibrationRidge(sut)?.horizon).toBe(24);
    // the FM forecasts 30/60/120 min only: below that the hybrid is the twin and the ridge
    expect(horizonCalibration(sut, 5)?.fmWeight).toBe(0);
  });

  it('should name the bad field when version-2 weights do not sum to 1', () => {
    const good = defaultHybridCalibration();
    const bad = { ...good, horizons: [{ ...good.horizons[0], twinWeight: 0.9, fmWeight: 0.9, ridgeWeight: 0 }] };
    expect(() => parseHybridCalibration(bad)).toThrow(/must sum to 1/);
  });

  it('should name the bad field when the stacked ridge ARX is malformed', () => {
    const good = defaultHybridCalibration();
    expect(() => parseHybridCalibration({ ...good, ridgeArx: { lags: 24, horizon: 24, exogenousCount: 6, weights: [1] } })).toThrow(/ridgeArx/);
  });

  it('should name the bad field when a weight lies outside [0, 1]', () => {
    const bad = { ...defaultHybridCalibration(), horizons: [{ horizonMin: 30, twinWeight: 1.5, lowerScale: 1, upperScale: 1, n: 1 }] };
    expect(() => parseHybridCalibration(bad)).toThrow(/horizons\[\]\.twinWeight/);
  });

  it('should name the bad field when the model name is missing', () => {
    const { fmModel: _, ...bad } = defaultHybridCalibration();
    expect(() => parseHybridCalibration(bad)).toThrow(/fmModel/);
  });
});
