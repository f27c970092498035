import { describe, expect, it } from 'vitest';
import { HONEST_HORIZONS, type HonestSample, type MethodForecast } from './honest-samples';
import { pairedComparison, scoreHonest, scoreSevereHypo } from './honest-scores';

const H = HONEST_HORIZONS.length;
const flat = (v: number): number[] => Array.from({ length: H }, () => v);

function sample(patientId: string, y: number, forecasts: HonestSample['forecasts'], last = y): HonestSample {
  return { patientId, timeMs: 0, last, y: flat(y), forecasts };
}

describe(scoreHonest.name, () => {
  it('should give the exact RMSE ratio with a zero-width interval when the errors are proportional in every patient', () => {
    // A misses by 1 and B by 2 everywhere: RMSE ratio 0.5 in every bootstrap replicate
    const samples = ['p1', 'p2', 'p3', 'p4'].flatMap((p, k) =>
      [0, 1, 2].map((j) => sample(p, 100 + 10 * k + j, { 'twin-population': { mean: flat(101 + 10 * k + j) }, persistence: { mean: flat(102 + 10 * k + j) } })),
    );
    const [sut] = scoreHonest(samples, { methods: ['twin-population'], horizonsMin: [30], references: ['persistence'] });
    expect(sut.rmse).toBeCloseTo(1, 12);
    expect(sut.patients).toBe(4);
    const [cmp] = sut.comparisons;
    expect([cmp.ratio.estimate, cmp.ratio.lower, cmp.ratio.upper]).toEqual([0.5, 0.5, 0.5]);
    // every patient's loss differential is 1 − 4 = −3: no variance, an infinitely significant difference
    expect(cmp.test.meanDifference).toBe(-3);
  });

  it('should count interval coverage and width only where the method gives intervals', () => {
    const withInterval = (mean: number, lo: number, hi: number): MethodForecast => ({ mean: flat(mean), q10: flat(lo), q90: flat(hi) });
    const samples = [
      sample('p1', 100, { 'ridge-ar': withInterval(100, 90, 110) }),
      sample('p1', 100, { 'ridge-ar': withInterval(100, 101, 120) }),
      sample('p2', 100, { 'ridge-ar': withInterval(100, 95, 105) }),
      sample('p2', 100, { 'ridge-ar': withInterval(100, 80, 99) }),
    ];
    const [sut] = scoreHonest(samples, { methods: ['ridge-ar'], horizonsMin: [30], references: [] });
    expect(sut.coverage80).toBe(0.5);
    expect(sut.meanWidth80).toBe((20 + 19 + 10 + 19) / 4);
  });

  it('should refuse a horizon the samples do not hold', () => {
    expect(() => scoreHonest([], { methods: ['persistence'], horizonsMin: [45] })).toThrow(/horizon 45/);
  });
});

describe(pairedComparison.name, () => {
  it('should not find a difference between a method and itself', () => {
    const samples = ['a', 'b', 'c'].flatMap((p, k) => [sample(p, 100, { persistence: { mean: flat(100 + k) }, 'ridge-ar': { mean: flat(100 + k) } })]);
    const sut = pairedComparison(samples, 'ridge-ar', 'persistence', HONEST_HORIZONS.indexOf(30));
    expect(sut.ratio.estimate).toBe(1);
    expect(sut.test.meanDifference).toBe(0);
  });
});

describe(scoreSevereHypo.name, () => {
  it('should count events, flags and false alarms within 30 minutes', () => {
    const low = (v: number): number[] => HONEST_HORIZONS.map((h) => (h === 20 ? v : 120));
    const samples: HonestSample[] = [
      // event, flagged by the twin
      { patientId: 'p', timeMs: 0, last: 80, y: low(50), forecasts: { 'twin-population': { mean: low(52) } } },
      // event, missed
      { patientId: 'p', timeMs: 1, last: 80, y: low(50), forecasts: { 'twin-population': { mean: low(70) } } },
      // no event, false alarm
      { patientId: 'p', timeMs: 2, last: 80, y: low(90), forecasts: { 'twin-population': { mean: low(40) } } },
      // a 60-min value below 54 is not within 30 min
      { patientId: 'p', timeMs: 3, last: 80, y: HONEST_HORIZONS.map((h) => (h === 60 ? 40 : 120)), forecasts: { 'twin-population': { mean: flat(120) } } },
    ];
    const [sut] = scoreSevereHypo(samples, ['twin-population']);
    expect(sut).toMatchObject({ forecasts: 4, events: 2, flags: 2, truePositives: 1, sensitivity: 0.5, falseAlarmRatio: 0.5 });
  });
});
