/**
 * Multi-day meal and bolus pattern of a T1D person on multiple daily injections: three meals and an optional
 * snack a day with timing and size noise; a share of meals is not announced (no bolus, no carbs record);
 * announced meals get a bolus of estimated carbs / CR with carb-counting error (the order of the ±20–30 %
 * errors reported by Brazeau et al. 2013, Diabetes Res Clin Pract 99:19) and a few minutes of timing error.
 */
import type { SeededRandom } from '@shuji/stats';

export interface MealPlanOptions {
  readonly days: number;
  /** Carbohydrate ratio, g per unit. */
  readonly carbRatio: number;
  /** Probability that a meal is eaten without announcement (and without bolus). */
  readonly unannouncedProbability: number;
  /** Scale of meal sizes (children eat less). */
  readonly sizeScale: number;
}

export interface PlannedMeal {
  readonly tMin: number;
  readonly carbsG: number;
  readonly announced: boolean;
}

export interface PlannedBolus {
  readonly tMin: number;
  readonly units: number;
}

export interface MealPlan {
  readonly meals: readonly PlannedMeal[];
  readonly boluses: readonly PlannedBolus[];
}

/** Typical times (h after midnight), timing sd (min), median size (g) and probability of each eating occasion. */
const OCCASIONS = [
  { hour: 7.5, sdMin: 40, carbs: 45, probability: 1 },
  { hour: 12.5, sdMin: 40, carbs: 70, probability: 1 },
  { hour: 16, sdMin: 45, carbs: 20, probability: 0.35 },
  { hour: 19, sdMin: 45, carbs: 75, probability: 1 },
];

export function planMeals(rng: SeededRandom, options: MealPlanOptions): MealPlan {
  const meals: PlannedMeal[] = [];
  const boluses: PlannedBolus[] = [];
  for (let day = 0; day < options.days; day++) {
    for (const occasion of OCCASIONS) {
      if (rng.uniform() >= occasion.probability) continue;
      const tMin = Math.round(day * 1440 + occasion.hour * 60 + occasion.sdMin * rng.normal());
      const carbsG = Math.round(occasion.carbs * options.sizeScale * Math.exp(0.3 * rng.normal()));
      if (tMin < 0 || carbsG <= 0) continue;
      const announced = rng.uniform() >= options.unannouncedProbability;
      meals.push({ tMin, carbsG, announced });
      if (!announced) continue;
      const estimated = carbsG * Math.exp(0.2 * rng.normal());
      const units = Math.round((estimated / options.carbRatio) * 10) / 10;
      const bolusAt = Math.max(0, Math.round(tMin + 5 * rng.normal()));
      if (units > 0) boluses.push({ tMin: bolusAt, units });
    }
  }
  return { meals, boluses };
}
