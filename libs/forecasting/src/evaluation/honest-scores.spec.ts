import { crpsNormal } from '@shuji/stats';
import { describe, expect, it } from 'vitest';
import { HONEST_HORIZONS, INTERVAL_NOMINAL, type HonestSample, type MethodForecast, type Predictive } from './honest-samples';
import { bestBaselines, crpsOf, pairedComparison, pitOf, scoreHonest, scoreSevereHypo } from './honest-scores';

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

  it('should score distributions: CRPS, PIT, the 3-quantile CRPS, coverage below 70 mg/dL and the nominal level', () => {
    // a normal 6 below the truth (sd 10): z = 0.6, PIT Φ(0.6) = 0.726 in the 8th tenth; the interval 90–110 around 100
    const normal = (y: number): MethodForecast => ({
      mean: flat(y),
      q10: flat(y - 10),
      q50: flat(y),
      q90: flat(y + 10),
      predictive: flat(y).map((m): Predictive => ({ kind: 'normal', mean: m - 6, sd: 10 })),
    });
    const samples = [sample('p1', 100, { arima: normal(100) }), sample('p2', 60, { arima: normal(60) }), sample('p2', 65, { arima: { ...normal(80), predictive: undefined } })];
    const [sut] = scoreHonest(samples.slice(0, 2), { methods: ['arima'], horizonsMin: [30], references: [] });
    expect(sut.crps).toBeCloseTo(10 * crpsNormal(0, 1, 0.6), 12);
    expect(sut.pit).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 0, 0]);
    // quantile scores 1, 0, 1 at 10/50/90 %: 2 × 2/3
    expect(sut.crpsQ3).toBeCloseTo(4 / 3, 12);
    expect(sut.nominal80).toBe(0.8);
    // a sample without a distribution leaves the CRPS undefined rather than scored on a subset; 65 is outside 70–90
    const [partial] = scoreHonest(samples, { methods: ['arima'], horizonsMin: [30], references: [] });
    expect(partial.crps).toBeUndefined();
    expect([partial.coverageLow80, partial.nLow]).toEqual([0.5, 2]);
  });

  it('should hold the twins to the 77.5 % that 64 members give, the others to 80 %', () => {
    expect(INTERVAL_NOMINAL['twin-population']).toBeCloseTo(63 * 0.8 / 65, 12);
    expect(INTERVAL_NOMINAL['ridge-arx']).toBe(0.8);
  });

  it('should refuse a horizon the samples do not hold', () => {
    expect(() => scoreHonest([], { methods: ['persistence'], horizonsMin: [45] })).toThrow(/horizon 45/);
  });
});

describe(crpsOf.name, () => {
  it('should score a residual distribution as its offsets at the error, an ensemble with the fair CRPS', () => {
    // offsets ±1 around 100: at 100 the CRPS of {−1, 1} at 0 is 1 − ½·1 = 0.5
    expect(crpsOf({ kind: 'residual', location: 100, offsets: Float64Array.of(-1, 1) }, 100)).toBe(0.5);
    // two members 99, 101 at 100: fair spread ½·2·2/(2·1) = 1, mean absolute error 1
    expect(crpsOf({ kind: 'ensemble', members: Float64Array.of(99, 101) }, 100)).toBe(0);
    expect(pitOf({ kind: 'residual', location: 100, offsets: Float64Array.of(-1, 1) }, 100.5, 0.5)).toBe(0.5);
  });
});

describe(pairedComparison.name, () => {
  it('should give the CRPS ratio with its interval where both methods give distributions', () => {
    const spread = (sd: number, y: number): MethodForecast => ({ mean: flat(y), predictive: flat(y).map((m): Predictive => ({ kind: 'normal', mean: m, sd })) });
    const samples = ['a', 'b', 'c'].flatMap((p, k) => [sample(p, 100 + k, { arima: spread(5, 100 + k), 'ridge-arx': spread(10, 100 + k) })]);
    const sut = pairedComparison(samples, 'arima', 'ridge-arx', HONEST_HORIZONS.indexOf(30));
    // both centred on the truth: the CRPS is proportional to σ
    expect(sut.crps?.ratio.estimate).toBeCloseTo(0.5, 12);
    expect(sut.crps?.ratio.upper).toBeCloseTo(0.5, 12);
  });

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

describe(bestBaselines.name, () => {
  it('should pick the non-mechanistic baseline with the lowest RMSE and the one with the lowest CRPS, never the twin or persistence', () => {
    // twin and persistence better still on some scores: they are not candidates
    const forecasts = (arx: number, gbt: number, twin: number): HonestSample['forecasts'] => ({
      persistence: { mean: flat(100), predictive: flat(0).map((): Predictive => ({ kind: 'normal', mean: 100, sd: 1 })) },
      'ridge-arx': { mean: flat(arx), predictive: flat(0).map((): Predictive => ({ kind: 'normal', mean: arx, sd: 30 })) },
      'gbt-arx': { mean: flat(gbt), predictive: flat(0).map((): Predictive => ({ kind: 'normal', mean: gbt, sd: 3 })) },
      'twin-population': { mean: flat(twin) },
    });
    // ridge ARX misses by 2 with a wide normal; GBT by 3 with a sharp one: ridge ARX wins on RMSE, GBT on CRPS
    const samples = ['p1', 'p2'].map((p) => sample(p, 100, forecasts(102, 103, 100)));
    const scores = scoreHonest(samples, { methods: ['persistence', 'ridge-arx', 'gbt-arx', 'twin-population'], horizonsMin: [30], references: [] });
    expect(bestBaselines(scores)).toEqual({ rmse: 'ridge-arx', crps: 'gbt-arx' });
    expect(() => bestBaselines(scores.filter((s) => s.method === 'twin-population'))).toThrow(RangeError);
  });
});
