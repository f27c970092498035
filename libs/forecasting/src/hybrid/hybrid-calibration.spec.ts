import { describe, expect, it } from 'vitest';
import { defaultHybridCalibration } from './default-hybrid-calibration';
import { calibrationGbt, calibrationRidge, horizonCalibration, parseHybridCalibration } from './hybrid-calibration';

describe(parseHybridCalibration.name, () => {
  it('should accept the committed calibration, fitted on the issue-14 tuning cohorts with a stacked ridge ARX and GBT ARX', () => {
    const sut = defaultHybridCalibration();
    expect(sut.version).toBe(3);
    // the trees of the committed file, loaded beside the calibration: 100 of depth ≤ 4 at each of the 8 horizons
    expect(calibrationGbt(sut)?.treeCount).toBe(800);
    expect(calibrationGbt(sut)?.steps).toEqual([0, 1, 2, 3, 4, 5, 11, 23]);
    expect(horizonCalibration(sut, 30)?.gbtWeight).toBeGreaterThan(0);
    expect(sut.cohortSeed).toBe(14_001);
    expect(sut.code).toBe('99504-3');
    expect(sut.horizons.map((h) => h.horizonMin)).toEqual([5, 10, 15, 20, 25, 30, 60, 120]);
    expect(horizonCalibration(sut, 60)?.n).toBeGreaterThan(1000);
    expect(horizonCalibration(sut, 45)).toBeUndefined();
    expect(calibrationRidge(sut)?.horizon).toBe(24);
    // the FM forecasts 30/60/120 min only: below that the hybrid is the twin and the ridge
    expect(horizonCalibration(sut, 5)?.fmWeight).toBe(0);
  });

  it('should name the bad field when the weights do not sum to 1', () => {
    const good = defaultHybridCalibration();
    const bad = { ...good, horizons: [{ ...good.horizons[0], twinWeight: 0.9, fmWeight: 0.9, ridgeWeight: 0, gbtWeight: 0 }] };
    expect(() => parseHybridCalibration(bad)).toThrow(/must sum to 1/);
    // version 2 has no GBT: its three weights must sum to 1 by themselves
    const { gbtArx: _, gbtArxFile: __, ...v2 } = good;
    expect(() => parseHybridCalibration({ ...v2, version: 2 })).toThrow(/must sum to 1/);
  });

  it('should name the bad field when a version-3 GBT weight is missing or the stacked trees are malformed', () => {
    const good = defaultHybridCalibration();
    const { gbtWeight: _, ...noGbt } = good.horizons[0];
    expect(() => parseHybridCalibration({ ...good, horizons: [noGbt] })).toThrow(/gbtWeight/);
    expect(() => parseHybridCalibration({ ...good, gbtArx: { ...good.gbtArx, exogenousCount: 1 } })).toThrow(/gbtArx/);
    expect(() => parseHybridCalibration({ ...good, gbtArx: undefined })).toThrow(/gbtArx/);
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
