import { describe, expect, it } from 'vitest';
import { WARFARIN_OUTCOMES, warfarinOutcomes } from './warfarin-outcomes';

describe(warfarinOutcomes.name, () => {
  it('should give the Rosendaal time in 2–3, the days above 4 and below 1.5 (the day now excluded), and the last INR', () => {
    const sut = warfarinOutcomes([1.4, 1.5, 2.5, 3.5, 4.5]);
    expect(sut).toHaveLength(WARFARIN_OUTCOMES.length);
    // 1.4→1.5 none, 1.5→2.5 half, 2.5→3.5 half, 3.5→4.5 none: 1 of 4 days
    expect(sut[0]).toBeCloseTo(25, 12);
    expect(Array.from(sut.slice(1))).toEqual([25, 0, 4.5]);
  });
});
