import { ObservationCodes, type TwinEvent } from '@shuji/twin';
import { describe, expect, it } from 'vitest';
import { BRISK_WALK_PAL, recentWeight, weightPlanSuggestions, weightPlanTargets } from './weight-plan';

const obs = (id: string, timeMs: number, code: { loinc: string; unit: string }, value: number): TwinEvent => ({ id, patientId: 'p', timeMs, kind: 'observation', loinc: code.loinc, value, unit: code.unit });
const DAY = 86_400_000;

describe(recentWeight.name, () => {
  it('should take the latest weighing of 90 days and the height from a BMI reading when none was measured', () => {
    const events = [obs('a', 0, ObservationCodes.bodyWeight, 90), obs('b', 10 * DAY, ObservationCodes.bmi, 30), obs('c', 20 * DAY, ObservationCodes.bodyWeight, 81)];
    expect(recentWeight(events, 30 * DAY)).toMatchObject({ weightKg: 81, heightCm: 100 * Math.sqrt(81 / 30) });
    expect(recentWeight(events, 200 * DAY).weightKg).toBeNull();
  });
});

describe(weightPlanSuggestions.name, () => {
  it('should offer 300 kcal a day more below a BMI of 18.5, nothing in range, and no target value without data', () => {
    expect(weightPlanSuggestions({ weightKg: 50, heightCm: 170, meanPal: 1.6 }).map((s) => s.id)).toEqual(['eat-300-more']);
    expect(weightPlanSuggestions({ weightKg: 65, heightCm: 170, meanPal: 1.6 })).toEqual([]);
    expect(weightPlanTargets({ weightKg: null, heightCm: 170, meanPal: 1.6 })).toMatchObject([{ current: null }]);
  });

  it('should raise the activity level by a brisk half hour (≈ 0.07) at a BMI of 25 or more, within the 2.4 limit', () => {
    const [, walk] = weightPlanSuggestions({ weightKg: 90, heightCm: 170, meanPal: 1.6 });
    expect(BRISK_WALK_PAL).toBeCloseTo(0.06875, 10);
    expect(walk.changes[0].value).toEqual({ kind: 'physical-activity', pal: 1.6 + BRISK_WALK_PAL });
    expect(weightPlanSuggestions({ weightKg: 90, heightCm: 170, meanPal: 2.39 })[1].changes[0].value).toEqual({ kind: 'physical-activity', pal: 2.4 });
  });
});
