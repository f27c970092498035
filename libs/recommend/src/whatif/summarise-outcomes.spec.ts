import { describe, expect, it } from 'vitest';
import { distributionOf, summariseArms } from './summarise-outcomes';

describe(summariseArms.name, () => {
  it('should give the type-7 quantiles and the mean of a hand-computed sample', () => {
    // sorted 1..11: q10 at h = 1 → 2, q50 at h = 5 → 6, q90 at h = 9 → 10
    expect(distributionOf(Float64Array.of(11, 1, 10, 2, 9, 3, 8, 4, 7, 5, 6))).toEqual({ mean: 6, q10: 2, q50: 6, q90: 10 });
  });

  it('should pair the difference per member, so a shift common to every member has no spread', () => {
    const base = [Float64Array.of(50, 1), Float64Array.of(60, 2), Float64Array.of(70, 3)];
    const better = base.map((m) => Float64Array.of(m[0] + 5, m[1]));
    const sut = summariseArms(['current', 'better'], [{ name: 'tir', unit: '%', description: '' }, { name: 'x', unit: '1', description: '' }], [base, better]);
    expect(sut[0].difference).toBeNull();
    expect(sut[1].outcomes.tir).toEqual({ mean: 65, q10: 57, q50: 65, q90: 73 });
    expect(sut[1].difference?.tir).toEqual({ mean: 5, q10: 5, q50: 5, q90: 5 });
    expect(sut[1].difference?.x).toEqual({ mean: 0, q10: 0, q50: 0, q90: 0 });
  });
});
