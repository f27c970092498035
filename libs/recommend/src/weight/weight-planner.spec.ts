import { describe, expect, it } from 'vitest';
import { RecommendInputError } from '../shared/recommend-input.error';
import { planWeight, type WeightPlanRequest } from './weight-planner';

/** Hall 2011's rule is stated for an average overweight adult: the Hall model's default man (40 y, 175 cm, 90 kg, PAL 1.6). */
const REFERENCE_ADULT: Omit<WeightPlanRequest, 'goalWeightKg' | 'days'> = {
  sex: 'male',
  ageYears: 40,
  heightCm: 175,
  weightKg: 90,
  physicalActivityLevel: 1.6,
};

describe(planWeight.name, () => {
  // NIH Body Weight Planner outputs as quoted in the tests of the MIT-licensed R package `bw`
  // (Camacho D, Hall KD, et al.): maintenance, keep the goal, reach the goal in 365 days (kcal/d).
  const cases = [
    {
      name: 'man 36 y, 1.73 m, 76 kg, PAL 1.5, goal 70 kg',
      request: { sex: 'male', ageYears: 36, heightCm: 173, weightKg: 76, physicalActivityLevel: 1.5, goalWeightKg: 70, days: 365 },
      nih: [2503, 2360, 2287],
    },
    {
      name: 'woman 21 y, 1.64 m, 58 kg, PAL 1.7, goal 55 kg',
      request: { sex: 'female', ageYears: 21, heightCm: 164, weightKg: 58, physicalActivityLevel: 1.7, goalWeightKg: 55, days: 365 },
      nih: [2278, 2187, 2159],
    },
  ] as const;

  for (const c of cases) {
    it(`should reproduce the NIH Body Weight Planner within 5 % (measured < 0.5 %) for the ${c.name}`, () => {
      const sut = planWeight(c.request);
      const ours = [sut.maintenanceKcalPerDay, sut.goalMaintenanceKcalPerDay, sut.goalByDateKcalPerDay];
      ours.forEach((value, k) => {
        const relativeError = Math.abs(value - c.nih[k]) / c.nih[k];
        expect(relativeError).toBeLessThan(0.05);
        // Measured 2026-12-03: 0.02, 0.18, 0.37 % (man); 0.01, 0.13, 0.23 % (woman); the model lacks the
        // glycogen and extracellular-water states of the planner, which shift the 1-year intake slightly.
        expect(relativeError).toBeLessThan(0.005);
      });
      const last = sut.trajectory[sut.trajectory.length - 1];
      expect(last.day).toBe(365);
      expect(last.weightKg).toBeCloseTo(c.request.goalWeightKg, 2);
      expect(sut.trajectory[0].weightKg).toBeCloseTo(c.request.weightKg, 10);
    });
  }

  it('should reproduce Hall 2011: −10 kcal/d → about −0.45 kg eventually (±20 %), half in 0.5–1.5 y, 95 % in 2–4.5 y', () => {
    // Lancet 2011: every 10 kcal/d (100 kJ/d ≈ 24 kcal/d → ~1 kg) of permanent intake change leads to about
    // 1 lb (0.45 kg) eventual change, half of it in about one year and 95 % in about three years.
    const eventual = planWeight({ ...REFERENCE_ADULT, goalWeightKg: REFERENCE_ADULT.weightKg - 0.45, days: 365 });
    const keepDelta = eventual.goalMaintenanceKcalPerDay - eventual.maintenanceKcalPerDay;
    // the intake keeping 0.45 kg less is 10 kcal/d less, within ±20 %
    expect(keepDelta).toBeLessThan(-8);
    expect(keepDelta).toBeGreaterThan(-12);

    // The eventual change of exactly −10 kcal/d: the goal loss the keep-intake search maps onto −10 kcal/d.
    const lossFor = (kcal: number): number => {
      const at = (loss: number): number => {
        const plan = planWeight({ ...REFERENCE_ADULT, goalWeightKg: REFERENCE_ADULT.weightKg - loss, days: 365 });
        return plan.goalMaintenanceKcalPerDay - plan.maintenanceKcalPerDay;
      };
      return 0.45 * (kcal / at(0.45)); // keep-intake is linear in the small loss to < 1 % here
    };
    const loss = lossFor(-10);
    expect(loss).toBeGreaterThan(0.36);
    expect(loss).toBeLessThan(0.54);

    // Reaching a fraction of the eventual loss by day T takes more than −10 kcal/d when T is shorter than the
    // model's time to that fraction, and less when longer.
    const reachDelta = (fraction: number, days: number): number => {
      const plan = planWeight({ ...REFERENCE_ADULT, goalWeightKg: REFERENCE_ADULT.weightKg - fraction * loss, days });
      return plan.goalByDateKcalPerDay - plan.maintenanceKcalPerDay;
    };
    expect(reachDelta(0.5, Math.round(0.5 * 365))).toBeLessThan(-10);
    expect(reachDelta(0.5, Math.round(1.5 * 365))).toBeGreaterThan(-10);
    expect(reachDelta(0.95, 2 * 365)).toBeLessThan(-10);
    expect(reachDelta(0.95, Math.round(4.5 * 365))).toBeGreaterThan(-10);
  });

  it('should name the field when a request is out of range', () => {
    const good: WeightPlanRequest = { ...REFERENCE_ADULT, goalWeightKg: 80, days: 365 };
    expect(() => planWeight({ ...good, weightKg: 900 })).toThrow(RecommendInputError);
    expect(() => planWeight({ ...good, weightKg: 900 })).toThrow(/^weightKg: /);
    expect(() => planWeight({ ...good, days: 0 })).toThrow(/^days: /);
    expect(() => planWeight({ ...good, physicalActivityLevel: Number.NaN })).toThrow(/^physicalActivityLevel: /);
    expect(() => planWeight({ ...good, sex: 'other' as 'male' })).toThrow(/^sex: /);
  });
});
