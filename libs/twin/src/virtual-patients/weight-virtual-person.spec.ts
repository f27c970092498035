import { seededRandom } from '@shuji/stats';
import { describe, expect, it } from 'vitest';
import { trueWeightAt, weightVirtualPeople } from './weight-virtual-person';

describe('weightVirtualPeople', () => {
  const people = weightVirtualPeople('spec', 8, 365);

  it('should be a function of the seed', () => {
    const again = weightVirtualPeople('spec', 8, 365);
    expect(again.map((p) => p.weighings)).toEqual(people.map((p) => p.weighings));
    expect(weightVirtualPeople('other', 8, 365)[0].weighings).not.toEqual(people[0].weighings);
  });

  it('should make dieters lose weight after their start day and regain part of it as adherence wanes', () => {
    const dieters = people.filter((p) => p.diet !== undefined);
    expect(dieters).toHaveLength(6);
    for (const p of dieters) {
      const start = p.diet?.startDay ?? 0;
      expect(p.weightByDay[start + 120]).toBeLessThan(p.weightByDay[start] - 1.5);
    }
  });

  it('should keep the weight of people who do not diet within a few kg of baseline over a year', () => {
    for (const p of people.filter((q) => q.diet === undefined)) {
      for (const w of p.weightByDay) expect(Math.abs(w - p.baselineWeightKg)).toBeLessThan(6);
    }
  });

  it('should weigh at most three weeks apart in the morning, readings near the truth', () => {
    for (const p of people) {
      expect(p.weighings.length).toBeGreaterThan(15);
      p.weighings.forEach((w, k) => {
        const hour = (w.day % 1) * 24;
        expect(hour).toBeGreaterThanOrEqual(6);
        expect(hour).toBeLessThanOrEqual(10);
        if (k > 0) expect(w.day - p.weighings[k - 1].day).toBeLessThan(29);
        expect(Math.abs(w.kg - trueWeightAt(p, w.day))).toBeLessThan(4);
      });
      expect(Math.abs(p.weighAt(100.3, seededRandom('x')) - trueWeightAt(p, 100.3))).toBeLessThan(4);
    }
  });

  it('should record the true intake change of each day: the deficit of the diet after its start, lapses only before', () => {
    for (const p of people) {
      expect(p.intakeChangeKjByDay).toHaveLength(365);
      const start = p.diet?.startDay;
      if (start === undefined || p.diet === undefined) continue;
      // a fresh diet is 300–800 kcal/d below, and lapses (SD 60 kcal/d) rarely exceed 4 SD
      expect(p.intakeChangeKjByDay[start]).toBeLessThan(-(300 - 4 * 60) * 4.184);
      expect(Math.abs(p.intakeChangeKjByDay[start - 1])).toBeLessThan(4 * 60 * 4.184);
    }
  });
});
