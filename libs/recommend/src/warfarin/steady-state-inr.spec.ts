import { describe, expect, it } from 'vitest';
import { dailyDoseForTargetInr, inrAfterDaysFromZero, steadyStateInr } from './steady-state-inr';

describe(steadyStateInr.name, () => {
  // Reference: the model simulated from no drug for 250 days (> 10 half-lives of S-warfarin even for
  // CYP2C9*3/*3 at 90 years, ~15 d), mean INR over the last day.
  const subjects: { name: string; parameters: Record<string, number>; dose: number }[] = [
    { name: '*1/*1 G/G, 71 y, 5 mg/d', parameters: {}, dose: 5 },
    { name: '*1/*1 G/G, 20 y, 8 mg/d', parameters: { age: 20 }, dose: 8 },
    { name: '*3/*3 A/A, 90 y, 1 mg/d', parameters: { cypReduction: 0.852, EC50: 2.2, age: 90 }, dose: 1 },
  ];
  for (const s of subjects) {
    it(`should match a 250-day simulation from zero within 0.5 % of INR − 1 for ${s.name}`, () => {
      const sut = steadyStateInr(s.parameters, s.dose);
      const reference = inrAfterDaysFromZero(s.parameters, s.dose, 250);
      expect(Math.abs(sut - reference) / (reference - 1)).toBeLessThan(5e-3);
    });
  }

  it('should rise with the dose', () => {
    expect(steadyStateInr({}, 4)).toBeLessThan(steadyStateInr({}, 6));
  });
});

describe(dailyDoseForTargetInr.name, () => {
  it('should give a dose whose steady-state INR is the target (±0.01)', () => {
    for (const target of [2, 2.5, 3.5]) {
      const sut = dailyDoseForTargetInr({ cypReduction: 0.453, EC50: 3.02, age: 60 }, target);
      expect(Math.abs(steadyStateInr({ cypReduction: 0.453, EC50: 3.02, age: 60 }, sut) - target)).toBeLessThan(0.01);
    }
  });

  it('should scale with clearance and EC50 as the model steady state implies (within 1 %)', () => {
    // Cavg/EC50 = fS·D/(τ·CL·EC50) fixes the steady state: doubling CL11 or EC50 doubles the dose.
    const base = dailyDoseForTargetInr({}, 2.5);
    expect(dailyDoseForTargetInr({ CL11: 0.628 }, 2.5) / base).toBeCloseTo(2, 1);
    expect(Math.abs(dailyDoseForTargetInr({ CL11: 0.2, EC50: 7 }, 2.5) / base - (0.2 / 0.314) * (7 / 4.61))).toBeLessThan(0.01 * (0.2 / 0.314) * (7 / 4.61));
  });
});
