import type { SeededRandom } from '@shuji/stats';

/** What is known of the person (each field optional: an unknown one is drawn from the population prior). */
export interface BodyWeightPerson {
  readonly sex?: 'male' | 'female';
  readonly ageYears?: number;
  readonly heightCm?: number;
  /** A recent weight (kg): centres the prior of the first reading; without it the prior is broad. */
  readonly weightKg?: number;
  /** Baseline physical activity level (total / resting expenditure), e.g. from the first activity-level event. */
  readonly pal?: number;
}

/** A log-normal prior within bounds (the Hall model's parameter ranges, hall-body-weight.model.ts). */
export interface LogNormalPrior {
  readonly median: number;
  readonly logSd: number;
  readonly bounds: readonly [number, number];
}

/**
 * Population priors of an adult whose traits are unknown. Height by sex: NCD Risk Factor Collaboration, A century of
 * trends in adult human height, eLife 2016;5:e13410 (high-income adults born 1960–1990: men ≈ 176–178 cm, women ≈
 * 163–165 cm; within-country SD ≈ 7 cm, log-SD 0.04). Age: adults 18–90, broad around 45 y. Weight: broad around
 * 80 kg (log-SD 0.25 holds 55–130 kg in ±1.5 SD); the first reading fixes it. PAL: FAO/WHO/UNU, Human energy
 * requirements, Food Nutr Tech Rep Ser 1, 2004, Table 4.1 (sedentary 1.40–1.69, active 1.70–1.99, vigorous 2.00–2.40):
 * median 1.6, log-SD 0.1. A known trait is held at its value with a small spread (measurement or report error).
 */
export const BODY_WEIGHT_POPULATION = {
  heightCm: { male: 177, female: 164, logSd: 0.04, bounds: [130, 220] },
  ageYears: { median: 45, logSd: 0.3, bounds: [18, 90] },
  weightKg: { median: 80, logSd: 0.25, bounds: [40, 250] },
  pal: { median: 1.6, logSd: 0.1, bounds: [1.3, 2.4] },
  /** Log-SD of a known trait: height ±1 cm (diurnal change, Reilly et al. Chronobiol Int 1984;1:121), age in years, a recent weight ±3 %, a reported PAL ±5 %. */
  knownLogSd: { heightCm: 0.006, ageYears: 0.01, weightKg: 0.03, pal: 0.05 },
} as const;

/** The priors of one person's log-parameters (BW0, PAL, height, age) and of the probability of being male. */
export interface BodyWeightPriors {
  readonly maleProbability: number;
  readonly BW0: LogNormalPrior;
  readonly PAL: LogNormalPrior;
  readonly heightCm: (male: boolean) => LogNormalPrior;
  readonly age: LogNormalPrior;
}

export function bodyWeightPriors(person: BodyWeightPerson): BodyWeightPriors {
  const P = BODY_WEIGHT_POPULATION;
  const known = (value: number | undefined, fallback: LogNormalPrior, logSd: number): LogNormalPrior =>
    value === undefined ? fallback : { median: value, logSd, bounds: fallback.bounds };
  const maleProbability = person.sex === undefined ? 0.5 : person.sex === 'male' ? 1 : 0;
  return {
    maleProbability,
    BW0: known(person.weightKg, P.weightKg, P.knownLogSd.weightKg),
    PAL: known(person.pal, P.pal, P.knownLogSd.pal),
    heightCm: (male) => known(person.heightCm, { median: male ? P.heightCm.male : P.heightCm.female, logSd: P.heightCm.logSd, bounds: P.heightCm.bounds }, P.knownLogSd.heightCm),
    age: known(person.ageYears, P.ageYears, P.knownLogSd.ageYears),
  };
}

/** One draw of log θ from a prior, clipped to its bounds. */
export function drawLog(prior: LogNormalPrior, rng: SeededRandom): number {
  return clipLog(prior, Math.log(prior.median) + prior.logSd * rng.normal());
}

export function clipLog(prior: LogNormalPrior, logValue: number): number {
  return Math.min(Math.log(prior.bounds[1]), Math.max(Math.log(prior.bounds[0]), logValue));
}
