import { describe, expect, it } from 'vitest';
import { BP_OUTCOMES, bpOutcomes } from './bp-outcomes';

describe(bpOutcomes.name, () => {
  it('should average the last 14 days, count days below 130/80 over all days, and give the last day', () => {
    // 6 days at 150/90, then 14 days at 128/79 except one at 128/81
    const daily = [...Array.from({ length: 6 }, () => ({ sbp: 150, dbp: 90 })), ...Array.from({ length: 14 }, (_, i) => ({ sbp: 128, dbp: i === 3 ? 81 : 79 }))];
    const sut = bpOutcomes(daily);
    expect(sut).toHaveLength(BP_OUTCOMES.length);
    expect(sut[0]).toBe(128);
    expect(sut[1]).toBeCloseTo((13 * 79 + 81) / 14, 12);
    expect(sut[2]).toBe((100 * 13) / 20);
    expect([sut[3], sut[4]]).toEqual([128, 79]);
  });

  it('should average the whole horizon when it is shorter than 14 days', () => {
    expect(bpOutcomes([{ sbp: 140, dbp: 85 }, { sbp: 120, dbp: 75 }]).slice(0, 3)).toEqual(Float64Array.of(130, 80, 50));
  });
});
