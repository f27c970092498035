import { describe, expect, it } from 'vitest';
import { nomogramStep, recentTtr, warfarinPlanSuggestions, warfarinPlanTargets } from './warfarin-plan';

const DAY_MS = 86_400_000;

describe(recentTtr.name, () => {
  it('should count only the last 90 days, interpolating the reading before them', () => {
    // INR 1 at day 0, 3 at day 100 (2–3 from day 50), 3 at day 120: of days 30–120, 50–120 in range = 70 of 90
    const readings = [
      { t: 0, inr: 1 },
      { t: 100, inr: 3 },
      { t: 120, inr: 3 },
    ];
    expect(recentTtr(readings, 120 * DAY_MS)).toBeCloseTo((100 * 70) / 90, 10);
    expect(recentTtr([{ t: 0, inr: 2 }], DAY_MS)).toBeNull();
  });
});

describe(nomogramStep.name, () => {
  it('should step by +15, +10, 0, −10 and −15 % across the INR bands (Jaffer & Bragg 2003)', () => {
    expect([1.2, 1.8, 2.5, 3.3, 3.8, 5].map(nomogramStep)).toEqual([0.15, 0.1, 0, -0.1, -0.15, -0.15]);
  });
});

describe(warfarinPlanSuggestions.name, () => {
  it('should suggest, for the clinician, 10 % less a week after an INR of 3.4, and nothing in range', () => {
    const [sut] = warfarinPlanSuggestions({ ttr: 50, readings: 4, latestInr: 3.4, weeklyMg: 35 });
    expect(sut.title).toBe('Ask your clinician about 31.5 mg of warfarin a week');
    expect(sut.detail).toMatch(/clinician to decide/);
    expect(sut.changes[0].value).toEqual({ mgPerDay: 31.5 / 7, adherence: null });
    expect(warfarinPlanSuggestions({ ttr: 50, readings: 4, latestInr: 2.5, weeklyMg: 35 })).toEqual([]);
    expect(warfarinPlanTargets({ ttr: 50, readings: 4, latestInr: 2.5, weeklyMg: 35 })[0]).toMatchObject({ low: 65, current: 50 });
  });
});
