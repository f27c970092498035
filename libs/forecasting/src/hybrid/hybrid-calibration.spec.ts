import { describe, expect, it } from 'vitest';
import { defaultHybridCalibration } from './default-hybrid-calibration';
import { horizonCalibration, parseHybridCalibration } from './hybrid-calibration';

describe(parseHybridCalibration.name, () => {
  it('should accept the committed calibration, fitted at the FM horizons on the tuning cohort', () => {
    const sut = defaultHybridCalibration();
    expect(sut.cohortSeed).toBe(2026);
    expect(sut.code).toBe('99504-3');
    expect(sut.horizons.map((h) => h.horizonMin)).toEqual([30, 60, 120]);
    expect(horizonCalibration(sut, 60)?.n).toBeGreaterThan(1000);
    expect(horizonCalibration(sut, 45)).toBeUndefined();
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
