import { describe, expect, it } from 'vitest';
import { combineQuantiles } from './combine-quantiles.util';
import type { QuantileForecast } from './forecast';

const forecast = (values: number[], horizonMin = 30): QuantileForecast => ({ code: '99504-3', horizonMin, levels: [0.1, 0.5, 0.9], values });

describe(combineQuantiles.name, () => {
  it('should average the quantile functions of two normal forecasts into the normal with averaged mean and sd', () => {
    // N(100, 10) and N(140, 20): z(0.9) = 1.2816; Vincentized = N(120, 15)
    const z = 1.2815515655446004;
    const a = forecast([100 - z * 10, 100, 100 + z * 10]);
    const b = forecast([140 - z * 20, 140, 140 + z * 20]);
    const sut = combineQuantiles(a, b, 0.5);
    expect(sut.values[0]).toBeCloseTo(120 - z * 15, 10);
    expect(sut.values[1]).toBeCloseTo(120, 10);
    expect(sut.values[2]).toBeCloseTo(120 + z * 15, 10);
  });

  it('should return either input at weight 1 or 0', () => {
    const a = forecast([90, 100, 110]);
    const b = forecast([80, 120, 160]);
    expect(combineQuantiles(a, b, 1).values).toEqual(a.values);
    expect(combineQuantiles(a, b, 0).values).toEqual(b.values);
  });

  it('should refuse forecasts of different horizons or levels, and a weight outside [0, 1]', () => {
    expect(() => combineQuantiles(forecast([1, 2, 3]), forecast([1, 2, 3], 60), 0.5)).toThrow(/99504-3@30 min with 99504-3@60 min/);
    expect(() => combineQuantiles(forecast([1, 2, 3]), { ...forecast([1, 2, 3]), levels: [0.05, 0.5, 0.95] }, 0.5)).toThrow(/levels/);
    expect(() => combineQuantiles(forecast([1, 2, 3]), forecast([1, 2, 3]), 1.5)).toThrow(/weightOfA/);
  });
});
