/**
 * A T1D cohort from existing twins: each twin's posterior is an ensemble of UVA/Padova parameter vectors (its
 * members, equally weighted after the filter's resampling, or with importance weights); `drawsPerTwin` people are
 * drawn from it with replacement by systematic resampling (Kitagawa, J Comput Graph Stat 1996;5:1–25), so a twin
 * with a tight posterior gives near-identical people and a vague one a spread. The draws depend only on
 * (seed, twin index): the same twins and seed give the same cohort.
 */
import { fmix32, randomStream } from '@shuji/stats';
import { MAX_GIVEN_PEOPLE, PopulationScenarioError, type T1dGivenCohort, type T1dGivenPerson } from '../scenario/population-scenario';

export interface TwinPosterior {
  /** Pseudonymous twin reference (never a patient identifier). */
  readonly ref: string;
  /** The UVA/Padova subject the twin was built around (its therapy and unestimated parameters). */
  readonly base: string;
  /** Posterior members: estimated parameter values by name. */
  readonly members: readonly Readonly<Record<string, number>>[];
  /** Importance weights of the members (default equal). */
  readonly weights?: readonly number[];
}

export function cohortFromTwinPosteriors(twins: readonly TwinPosterior[], options: { readonly drawsPerTwin: number; readonly seed: number }): T1dGivenCohort {
  const { drawsPerTwin, seed } = options;
  if (!Number.isInteger(drawsPerTwin) || drawsPerTwin < 1) throw new PopulationScenarioError('drawsPerTwin: must be a positive integer');
  if (twins.length * drawsPerTwin > MAX_GIVEN_PEOPLE) {
    throw new PopulationScenarioError(`${twins.length} twins × ${drawsPerTwin} draws is more than a scenario carries (at most ${MAX_GIVEN_PEOPLE})`);
  }
  const people: T1dGivenPerson[] = [];
  twins.forEach((twin, k) => {
    const m = twin.members.length;
    if (m === 0) throw new PopulationScenarioError(`twins[${k}]: no posterior members`);
    const weights = twin.weights ?? twin.members.map(() => 1);
    if (weights.length !== m || weights.some((w) => !(w >= 0)) || !(weights.reduce((a, b) => a + b, 0) > 0)) {
      throw new PopulationScenarioError(`twins[${k}].weights: must be ${m} non-negative numbers, not all zero`);
    }
    const total = weights.reduce((a, b) => a + b, 0);
    const random = randomStream(fmix32(fmix32(seed >>> 0) ^ k));
    const u0 = random.uniform() / drawsPerTwin;
    let member = 0;
    let cumulative = weights[0] / total;
    for (let d = 0; d < drawsPerTwin; d++) {
      const u = u0 + d / drawsPerTwin;
      while (u > cumulative && member < m - 1) cumulative += weights[++member] / total;
      people.push({ ref: `${twin.ref}/draw ${d} (member ${member})`, base: twin.base, parameters: { ...twin.members[member] } });
    }
  });
  return { source: 'people', size: people.length, origin: 'twins', people };
}
