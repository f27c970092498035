import { describe, expect, it } from 'vitest';
import { GLUCOSE_METRICS, glucoseMetrics } from './glucose-metrics';

const metricsOf = (glucose: number[], step = 5): Record<string, number> => {
  const out = new Float64Array(GLUCOSE_METRICS.length);
  glucoseMetrics(Float64Array.from(glucose), 0, glucose.length, step, out, 1, 0);
  return Object.fromEntries(GLUCOSE_METRICS.map((m, k) => [m.name, out[k]]));
};

describe(glucoseMetrics.name, () => {
  it('should give the consensus ranges and GMI of a known series', () => {
    // 10 samples: 2 above 180, 5 in range (70 and 180 included), 3 below 70 of which 1 below 54
    const sut = metricsOf([200, 190, 180, 150, 120, 100, 70, 69, 60, 50]);
    const mean = (200 + 190 + 180 + 150 + 120 + 100 + 70 + 69 + 60 + 50) / 10;
    expect(sut).toMatchObject({ mean_glucose: mean, time_above_180: 20, time_in_range: 50, time_below_70: 30, time_below_54: 10 });
    expect(sut.gmi).toBeCloseTo(3.31 + 0.02392 * mean, 12);
  });

  it('should count a level 2 event only when a run below 54 lasts 15 minutes, once per run', () => {
    expect(metricsOf([100, 50, 50, 100]).level2_hypo_events).toBe(0); // 10 min at 5-min steps
    expect(metricsOf([100, 50, 50, 50, 50, 100, 50, 50, 50]).level2_hypo_events).toBe(2);
    expect(metricsOf([50, 100, 50], 15).level2_hypo_events).toBe(2);
  });
});
