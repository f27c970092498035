import type { TwinEvent } from '@shuji/twin';
import { describe, expect, it } from 'vitest';
import { RULE_OF_15, t1dHabitsOf } from './t1d-habits';
import { at, bolus, cgm, meal } from './testing/t1d-log-events';

const sorted = (events: TwinEvent[]): TwinEvent[] => events.sort((a, b) => a.timeMs - b.timeMs);

describe(t1dHabitsOf.name, () => {
  it("should fall back on ADA's rule of 15 and no lapses when the log shows neither treatments nor enough meals", () => {
    const sut = t1dHabitsOf(sorted([meal(0, '07:00', 40), bolus(0, '07:00', 4), cgm(0, '08:00', 65)]), at(1, '00:00'));
    expect(sut.hypoTreatment).toEqual(RULE_OF_15);
    expect(sut).toMatchObject({ missedBolusShare: 0, lateBolusShare: 0, mealsSeen: 1 });
  });

  it("should take the person's own dose and spacing from unbolused small meals logged just after a low reading", () => {
    const events = sorted([
      cgm(0, '03:00', 62),
      meal(0, '03:05', 20),
      cgm(0, '03:30', 66),
      meal(0, '03:35', 20),
      cgm(1, '16:00', 68),
      meal(1, '16:10', 15),
      // a small snack with no low before it is not a treatment, nor is a bolused one after a low
      meal(1, '10:00', 15),
      cgm(2, '11:55', 60),
      meal(2, '12:00', 25),
      bolus(2, '12:00', 2),
    ]);
    const sut = t1dHabitsOf(events, at(3, '00:00'));
    expect(sut.hypoTreatment.carbsG).toBe(20);
    expect(sut.hypoTreatment.repeatAfterMin).toBe(30);
    expect(sut.hypoTreatment.belowMgDl).toBe(70);
    expect(sut.hypoTreatment.source).toMatch(/3 treatments/);
  });

  it('should count missed and late meal boluses, with the median delay of the late ones', () => {
    const days = [0, 1, 2, 3];
    const events = sorted([
      // 8 meals: 4 on time (one bolus 10 min before), 2 late (20 and 40 min), 2 missed
      ...days.map((d) => meal(d, '07:00', 40)),
      bolus(0, '06:50', 4),
      bolus(1, '07:00', 4),
      bolus(2, '07:05', 4),
      bolus(3, '07:00', 4),
      ...days.map((d) => meal(d, '19:00', 60)),
      bolus(0, '19:20', 6),
      bolus(1, '19:40', 6),
    ]);
    const sut = t1dHabitsOf(events, at(4, '00:00'));
    expect(sut.mealsSeen).toBe(8);
    expect(sut.missedBolusShare).toBeCloseTo(2 / 8, 12);
    expect(sut.lateBolusShare).toBeCloseTo(2 / 8, 12);
    expect(sut.lateBolusDelayMin).toBe(30);
  });

  it('should look only at the last 14 days', () => {
    const old = [cgm(0, '03:00', 60), meal(0, '03:05', 30), cgm(0, '03:30', 60), meal(0, '03:35', 30)];
    expect(t1dHabitsOf(sorted(old), at(20, '00:00')).hypoTreatment).toEqual(RULE_OF_15);
  });
});
