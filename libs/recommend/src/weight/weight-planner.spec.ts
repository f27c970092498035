import { describe, expect, it } from 'vitest';
import { bisect } from '../shared/bisect.util';
import { RecommendInputError } from '../shared/recommend-input.error';
import { planWeight, type WeightPlanRequest } from './weight-planner';

/** Start 2027-01-01, goal `days` later (2027 has 365 days). */
function by(days: number): { startDate: string; goalDate: string } {
  return { startDate: '2027-01-01', goalDate: new Date(Date.UTC(2027, 0, 1 + days)).toISOString().slice(0, 10) };
}

/** Hall 2011's rule is stated for an average overweight adult: the Hall model's default man (40 y, 175 cm, 90 kg, PAL 1.6). */
const REFERENCE_ADULT: Omit<WeightPlanRequest, 'goalWeightKg' | 'startDate' | 'goalDate'> = {
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
      request: { sex: 'male', ageYears: 36, heightCm: 173, weightKg: 76, physicalActivityLevel: 1.5, goalWeightKg: 70, ...by(365) },
      nih: [2503, 2360, 2287],
    },
    {
      name: 'woman 21 y, 1.64 m, 58 kg, PAL 1.7, goal 55 kg',
      request: { sex: 'female', ageYears: 21, heightCm: 164, weightKg: 58, physicalActivityLevel: 1.7, goalWeightKg: 55, ...by(365) },
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
    // Lancet 2011: a permanent intake change of 100 kJ/d (≈ 24 kcal/d) → about 1 kg eventual change, i.e. about
    // 1 lb (0.45 kg) per 10 kcal/d, half of it in about one year and 95 % in about three years.
    // Measured 2026-12-03 (npm run validate:recommend): −0.435 kg, 50 % after 0.80 y, 95 % after 3.46 y.
    const eventual = planWeight({ ...REFERENCE_ADULT, goalWeightKg: REFERENCE_ADULT.weightKg - 0.45, ...by(365) });
    const keepDelta = eventual.goalMaintenanceKcalPerDay - eventual.maintenanceKcalPerDay;
    // the intake keeping 0.45 kg less is 10 kcal/d less, within ±20 %
    expect(keepDelta).toBeLessThan(-8);
    expect(keepDelta).toBeGreaterThan(-12);

    // The eventual change of exactly −10 kcal/d: the goal loss whose keep-intake is 10 kcal/d below maintenance.
    const keepDeltaFor = (loss: number): number => {
      const plan = planWeight({ ...REFERENCE_ADULT, goalWeightKg: REFERENCE_ADULT.weightKg - loss, ...by(365) });
      return plan.goalMaintenanceKcalPerDay - plan.maintenanceKcalPerDay;
    };
    const loss = bisect((x) => keepDeltaFor(x) + 10, 0.2, 0.8, 1e-3);
    expect(loss).toBeGreaterThan(0.36);
    expect(loss).toBeLessThan(0.54);

    // Reaching a fraction of the eventual loss by day T takes more than −10 kcal/d when T is shorter than the
    // model's time to that fraction, and less when longer.
    const reachDelta = (fraction: number, days: number): number => {
      const plan = planWeight({ ...REFERENCE_ADULT, goalWeightKg: REFERENCE_ADULT.weightKg - fraction * loss, ...by(days) });
      return plan.goalByDateKcalPerDay - plan.maintenanceKcalPerDay;
    };
    expect(reachDelta(0.5, Math.round(0.5 * 365))).toBeLessThan(-10);
    expect(reachDelta(0.5, Math.round(1.5 * 365))).toBeGreaterThan(-10);
    expect(reachDelta(0.95, 2 * 365)).toBeLessThan(-10);
    expect(reachDelta(0.95, Math.round(4.5 * 365))).toBeGreaterThan(-10);
  });

  it('should name the field when a request is out of range', () => {
    const good: WeightPlanRequest = { ...REFERENCE_ADULT, goalWeightKg: 80, ...by(365) };
    expect(() => planWeight({ ...good, weightKg: 900 })).toThrow(RecommendInputError);
    expect(() => planWeight({ ...good, weightKg: 900 })).toThrow(/^weightKg: /);
    expect(() => planWeight({ ...good, goalDate: '2027-01-01' })).toThrow(/^goalDate: .*after startDate/);
    expect(() => planWeight({ ...good, goalDate: '2026-06-01' })).toThrow(/^goalDate: /);
    expect(() => planWeight({ ...good, startDate: '2027-02-30' })).toThrow(/^startDate: /);
    expect(() => planWeight({ ...good, goalWeightKg: 40, ...by(7) })).toThrow(/^goalDate: .*cannot be reached/);
    expect(() => planWeight({ ...good, physicalActivityLevel: Number.NaN })).toThrow(/^physicalActivityLevel: /);
    expect(() => planWeight({ ...good, sex: 'other' as 'male' })).toThrow(/^sex: /);
  });
});
