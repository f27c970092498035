import type { TwinEvent } from '@shuji/twin';
import { describe, expect, it } from 'vitest';
import { recentT1dPattern } from './t1d-recent-pattern';
import { at, basal, base, bolus, meal } from './testing/t1d-log-events';

// three days: breakfast 40/50/60 g with 4/5/6 U (10 g/U), lunch 60 g at 12:00–12:40 with 5 U (12 g/U), one dinner
const events: TwinEvent[] = [
  basal(0, '00:00', 1.0),
  ...[0, 1, 2].flatMap((d) => [meal(d, '07:00', 40 + 10 * d), bolus(d, '07:05', 4 + d), meal(d, `12:${20 * d}`.padEnd(5, '0'), 60), bolus(d, '12:10', 5), basal(d, '06:00', 1.2), basal(d, '22:00', 0.9)]),
  meal(1, '19:00', 80),
  bolus(1, '19:00', 8),
].sort((a, b) => a.timeMs - b.timeMs);

describe(recentT1dPattern.name, () => {
  it('should infer the meal plan, carb ratio, basal profile and daily bolus of a hand-made log', () => {
    const sut = recentT1dPattern(events, at(3, '00:00'), 0);
    expect(sut.days).toBe(3);
    // dinner was eaten on 1 day of 3 (< half): not part of the plan
    expect(sut.mealPlan).toEqual([{ clockMin: 420, carbsG: 50 }, { clockMin: 740, carbsG: 60 }]);
    // ratios 10, 10, 10, 12, 12, 12 and the dinner's 10: median 10
    expect(sut.carbRatio).toBe(10);
    expect(sut.basal).toEqual([{ fromMin: 0, unitsPerHour: 0.9 }, { fromMin: 360, unitsPerHour: 1.2 }, { fromMin: 1320, unitsPerHour: 0.9 }]);
    expect(sut.bolusUnitsPerDay).toBeCloseTo((4 + 5 + 6 + 3 * 5 + 8) / 3, 12);
  });

  it('should read times of day on the person clock', () => {
    // at UTC+02:00 breakfast is at 09:00 and lunch at 14:20
    expect(recentT1dPattern(events, at(3, '00:00'), 120).mealPlan).toEqual([{ clockMin: 540, carbsG: 50 }, { clockMin: 860, carbsG: 60 }]);
  });

  it('should keep a basal rate set before the 14-day window while it is still in force', () => {
    const log = [basal(0, '00:00', 0.8), meal(20, '07:00', 50), bolus(20, '07:05', 5)];
    expect(recentT1dPattern(log, at(21, '00:00'), 0).basal).toEqual([{ fromMin: 0, unitsPerHour: 0.8 }]);
    // a change within the last day is laid on the clock after the older rate (00:00 is the day's last reading, at 1.1)
    const changed = [...log, basal(20, '18:00', 1.1)].sort((a, b) => a.timeMs - b.timeMs);
    expect(recentT1dPattern(changed, at(21, '00:00'), 0).basal).toEqual([{ fromMin: 0, unitsPerHour: 1.1 }, { fromMin: 5, unitsPerHour: 0.8 }, { fromMin: 1080, unitsPerHour: 1.1 }]);
  });

  it('should leave out what the log cannot give: no meals, no boluses, no basal', () => {
    const sut = recentT1dPattern([{ ...base(at(0, '08:00')), kind: 'observation', loinc: '99504-3', value: 120, unit: 'mg/dL' }], at(1, '00:00'), 0);
    expect(sut).toEqual({ days: 1, mealPlan: undefined, carbRatio: undefined, basal: null, bolusUnitsPerDay: 0 });
  });
});
