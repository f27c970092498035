import { MS_PER_MIN, ObservationCodes, type TwinEvent } from '@shuji/twin';
import { describe, expect, it } from 'vitest';
import { forbiddenDirections, t1dCgmPatternOf } from './t1d-cgm-pattern';

const DAY = 1440;
const START = Date.UTC(2026, 0, 1);
const at = (min: number): number => START + min * MS_PER_MIN;

/** `days` of 5-min CGM from `glucose(min)`, meals of `carbs` g at 08:00, 13:00 and 19:00, each bolused at the meal unless `bolus` is false. */
function logOf(days: number, glucose: (min: number) => number, carbs = 50, bolus = true): TwinEvent[] {
  const events: TwinEvent[] = [];
  for (let m = 0; m < days * DAY; m += 5) {
    events.push({ kind: 'observation', id: `g${m}`, patientId: 'p', timeMs: at(m), loinc: ObservationCodes.cgmGlucose.loinc, value: glucose(m), unit: 'mg/dL' });
  }
  for (let d = 0; d < days; d++) {
    for (const clock of [480, 780, 1140]) {
      const m = d * DAY + clock;
      events.push({ kind: 'meal', id: `m${m}`, patientId: 'p', timeMs: at(m), carbsG: carbs });
      if (bolus) events.push({ kind: 'insulin-bolus', id: `b${m}`, patientId: 'p', timeMs: at(m), units: 5 });
    }
  }
  return events.sort((a, b) => a.timeMs - b.timeMs);
}

/** Minutes since the last meal (meals at 08:00, 13:00, 19:00), or Infinity before the first. */
const sinceMeal = (m: number): number => {
  const clock = m % DAY;
  const last = [1140, 780, 480].find((c) => c <= clock);
  return last === undefined ? (m >= DAY ? clock + DAY - 1140 : Number.POSITIVE_INFINITY) : clock - last;
};

/** Flat `fasting` glucose away from meals, rising by `rise` mg/dL over the 2 h after each meal and back by 4 h. */
const profile =
  (fasting: number, rise: number) =>
  (m: number): number => {
    const s = sinceMeal(m);
    return s <= 120 ? fasting + (rise * s) / 120 : s <= 240 ? fasting + (rise * (240 - s)) / 120 : fasting;
  };

const directions = (events: TwinEvent[], days = 3) =>
  forbiddenDirections(t1dCgmPatternOf(events, at(days * DAY), 14)).map((f) => `${f.setting} ${f.direction}`);

describe(t1dCgmPatternOf.name, () => {
  it('should read fasting glucose only where nothing was eaten or bolused for 4 h, and the rise 2 h after each bolused meal', () => {
    const sut = t1dCgmPatternOf(logOf(3, profile(150, 80)), at(3 * DAY), 14);
    expect(sut.days).toBeCloseTo(3, 1);
    expect(sut.readings).toBe(3 * 288);
    expect(sut.fasting.median).toBe(150);
    expect(sut.fasting.timeBelow70).toBe(0);
    // 19:00 meals are followed by none within 2 h, nor are 08:00 and 13:00 ones: 9 meals, each +80 at 2 h
    expect(sut.postMeal).toEqual({ meals: 9, medianRise: 80 });
    expect(sut.timeBelow70).toBe(0);
  });

  it('should say nothing from too few data: under a day of readings, unbolused meals', () => {
    const short = t1dCgmPatternOf(logOf(3, profile(150, 80)).filter((e) => e.timeMs > at(3 * DAY - 600)), at(3 * DAY), 14);
    expect(short.timeBelow70).toBeNull();
    expect(short.fasting.median).toBeNull();
    expect(forbiddenDirections(short)).toEqual([]);
    expect(t1dCgmPatternOf(logOf(3, profile(150, 80), 50, false), at(3 * DAY), 14).postMeal.medianRise).toBeNull();
  });
});

describe(forbiddenDirections.name, () => {
  it('should forbid weaker basal and ratio where fasting glucose is high and meals rise far', () => {
    expect(directions(logOf(3, profile(180, 90)))).toEqual(['basal decrease', 'carb_ratio increase']);
  });

  it('should forbid any more insulin while the person spends more than 4 % below 70, whatever else the data show', () => {
    // fasting 150 but a low of 55 for 1 h from 2.5 h after every meal (about 12 % of the day)
    const g = (m: number): number => (sinceMeal(m) >= 150 && sinceMeal(m) < 210 ? 55 : profile(150, 90)(m));
    expect(directions(logOf(3, g))).toEqual(['basal increase', 'carb_ratio decrease', 'correction_factor decrease', 'basal decrease', 'carb_ratio increase']);
  });

  it('should forbid more basal where fasting glucose is low, and a stronger ratio where glucose falls after meals', () => {
    expect(directions(logOf(3, profile(78, -5)))).toEqual(['basal increase', 'carb_ratio decrease']);
  });

  it('should leave every direction open where fasting glucose and meal rises are within target', () => {
    expect(directions(logOf(3, profile(110, 40)))).toEqual([]);
  });
});
