import { describe, expect, it } from 'vitest';
import { cgmConsensusMetrics } from './cgm-consensus-metrics';

describe(cgmConsensusMetrics.name, () => {
  it('should give every consensus metric of a hand-computed series', () => {
    // 8 samples: 300 and 260 above 250 (so above 180 too), 181 above 180, 180 and 70 in range, 69 below 70, 53 and 40 below 54
    const sut = cgmConsensusMetrics([300, 260, 181, 180, 70, 69, 53, 40], 5);
    const mean = (300 + 260 + 181 + 180 + 70 + 69 + 53 + 40) / 8; // 144.125
    const variance = [300, 260, 181, 180, 70, 69, 53, 40].reduce((s, g) => s + (g - mean) ** 2, 0) / 8;
    expect(sut.timeAbove250).toBe(25);
    expect(sut.timeAbove180).toBe(37.5);
    expect(sut.timeInRange).toBe(25);
    expect(sut.timeBelow70).toBe(37.5);
    expect(sut.timeBelow54).toBe(25);
    expect(sut.meanGlucose).toBe(144.125);
    expect(sut.gmi).toBeCloseTo(3.31 + 0.02392 * 144.125, 12); // 6.757 %
    expect(sut.cv).toBeCloseTo((100 * Math.sqrt(variance)) / mean, 10);
    expect(sut.level2HypoEvents).toBe(0); // 10 minutes below 54 at 5-min steps
  });

  it('should give a CV of 0 and 100 % in range for a flat 120 mg/dL, and GMI 3.31 + 0.02392 × 120 = 6.1804 %', () => {
    const sut = cgmConsensusMetrics(new Float64Array(288).fill(120), 5);
    expect(sut).toMatchObject({ timeInRange: 100, timeBelow70: 0, timeAbove180: 0, cv: 0, meanGlucose: 120 });
    expect(sut.gmi).toBeCloseTo(6.1804, 10);
  });

  it('should compute over [from, to) only', () => {
    const sut = cgmConsensusMetrics([400, 100, 200, 400], 5, 1, 3);
    expect(sut).toMatchObject({ meanGlucose: 150, timeInRange: 50, timeAbove180: 50, timeAbove250: 0, cv: (100 * 50) / 150 });
  });

  it('should refuse an empty series', () => {
    expect(() => cgmConsensusMetrics([], 5)).toThrow(/at least one sample/);
  });
});
