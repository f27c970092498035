import { UVA_PADOVA_PERSONAL_PARAMETERS, UVA_PADOVA_PERTURBABLE } from '@shuji/models';

/** A personal parameter the filter estimates: log-normal prior around the person's prior value. */
export interface EstimatedParameter {
  readonly name: string;
  /** Prior SD of log θ. */
  readonly logSd: number;
  /** Hard bounds as multiples of the prior median (log space clipping). */
  readonly bounds: readonly [number, number];
}

/** A parameter the filter does not estimate but whose population spread it carries (a consider parameter). */
export interface ConsideredParameter {
  readonly name: string;
  /** SD of log φ around the prior value. */
  readonly logSd: number;
}

/**
 * Insulin sensitivity (utilisation, EGP), gut absorption and insulin-action rate: the T1D personal parameters.
 * Prior log-SD 0.1: the spread of people around a UVA/Padova subject that the cohort sampler assumes
 * (sampleVirtualSubjects' default), so the prior claims the population spread it is validated against.
 */
export const DEFAULT_ESTIMATED: readonly EstimatedParameter[] = UVA_PADOVA_PERSONAL_PARAMETERS.map((name) => ({ name, logSd: 0.1, bounds: [0.3, 3] }));

/** The other perturbable UVA/Padova parameters (the cohort sampler's list), carried as consider parameters. */
export const DEFAULT_CONSIDERED: readonly ConsideredParameter[] = UVA_PADOVA_PERTURBABLE.filter((name) => !(UVA_PADOVA_PERSONAL_PARAMETERS as readonly string[]).includes(name)).map((name) => ({
  name,
  logSd: 0.1,
}));

/** Bounds of a consider parameter when the batch fit estimates it or redraws it, as multiples of its prior value. */
export const CONSIDERED_BOUNDS: readonly [number, number] = [0.3, 3];
