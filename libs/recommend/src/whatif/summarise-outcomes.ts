/**
 * Per-arm outcome distributions over the ensemble's members, and the paired difference to the first arm: computed
 * per member (the same member, the same common random numbers), then summarised, so the spread of a difference is
 * the posterior uncertainty about the effect, not the noise of two independent runs.
 */
import { quantileOfSorted } from '@shuji/stats';
import type { OutcomeDefinition } from './what-if-plugin';

export interface Distribution {
  readonly mean: number;
  readonly q10: number;
  readonly q50: number;
  readonly q90: number;
}

export interface ArmOutcomes {
  readonly name: string;
  readonly outcomes: Readonly<Record<string, Distribution>>;
  /** Arm − first arm, per member then summarised; null for the first arm. */
  readonly difference: Readonly<Record<string, Distribution>> | null;
}

/** Mean and type-7 10/50/90 % quantiles of `values`. */
export function distributionOf(values: Float64Array): Distribution {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return { mean: sum / sorted.length, q10: quantileOfSorted(sorted, 0.1), q50: quantileOfSorted(sorted, 0.5), q90: quantileOfSorted(sorted, 0.9) };
}

/**
 * `perMember[a][j][m]`: arm a, member j, outcome m (in `definitions` order). Every arm has the same members in the
 * same order.
 */
export function summariseArms(names: readonly string[], definitions: readonly OutcomeDefinition[], perMember: readonly (readonly Float64Array[])[]): ArmOutcomes[] {
  const column = (a: number, m: number, minus?: number): Float64Array =>
    Float64Array.from(perMember[a], (member, j) => member[m] - (minus === undefined ? 0 : perMember[minus][j][m]));
  const summary = (a: number, minus?: number): Record<string, Distribution> =>
    Object.fromEntries(definitions.map((d, m) => [d.name, distributionOf(column(a, m, minus))]));
  return names.map((name, a) => ({ name, outcomes: summary(a), difference: a === 0 ? null : summary(a, 0) }));
}
