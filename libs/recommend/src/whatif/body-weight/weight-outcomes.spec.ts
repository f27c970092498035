import { describe, expect, it } from 'vitest';
import { WEIGHT_OUTCOMES, weightOutcomes } from './weight-outcomes';

describe(weightOutcomes.name, () => {
  it('should give the end weight, its change, the BMI and the first day at or below a lower goal', () => {
    const sut = weightOutcomes([100, 99.5, 99, 98.4, 98], 200, 98.5, 4);
    expect(sut).toHaveLength(WEIGHT_OUTCOMES.length);
    expect(Array.from(sut)).toEqual([98, -2, -2, 98 / 4, 100, 3, 99.5, 99, 98.4]);
  });

  it('should count a goal above the start from below, and censor one not reached at the horizon', () => {
    expect(weightOutcomes([60, 60.4, 60.9], 160, 60.8, 2).slice(4, 6)).toEqual(Float64Array.of(100, 2));
    expect(weightOutcomes([100, 99.8, 99.6], 180, 90, 2).slice(4, 6)).toEqual(Float64Array.of(0, 2));
  });
});
