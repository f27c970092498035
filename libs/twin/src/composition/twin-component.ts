import type { SeededRandom } from '@shuji/stats';
import type { KnownInputs } from './known-inputs';
import type { ObservationCode } from './observation-codes';
import type { MapFittable } from '../assimilation/t1d-map-personalisation';
import type { ParameterPriorEntry } from '../state/twin-event';

/** Named summary of one entry of a member vector. */
export interface ComponentVariable {
  readonly name: string;
  readonly unit: string;
  /** Index in the member vector. */
  readonly index: number;
  /** 'state' values are reported as is; 'log-parameter' entries are exponentiated for reporting. */
  readonly kind: 'state' | 'log-parameter';
}

/** Entries whose gain gets the hierarchical regression-confidence factor, and the number of member groups. */
export interface HierarchicalGroups {
  readonly groups: number;
  readonly variables: readonly number[];
}

/**
 * A twin component as the ensemble filter sees it: a member vector it can initialise, advance under known
 * inputs, observe (per LOINC code, with a white-noise variance) and keep physical.
 */
export interface EnsembleComponent {
  readonly id: string;
  readonly size: number;
  readonly explains: readonly ObservationCode[];
  readonly variables: readonly ComponentVariable[];
  initialEnsemble(rng: SeededRandom, n: number): Float64Array[];
  propagate(members: readonly Float64Array[], ta: number, tb: number, inputs: KnownInputs, rng: SeededRandom | null): void;
  observe(member: Float64Array, loinc: string): number | null;
  observationVariance(loinc: string, value: number): number;
  project(member: Float64Array): void;
  /**
   * The longest gap (minutes) this component integrates; past it the engine restarts its members (default
   * `TwinSettings.maxGapMin`, 6 h: the T1D model's cost). Slow components integrate months cheaply and must not
   * forget their state between sparse clinic readings.
   */
  readonly maxGapMin?: number;
  /**
   * Capability of a component made of parts: the part that explains `loinc` and where its entries start in a member, so
   * that a forecast of one reading propagates that part alone (a 90-day weight forecast need not integrate glucose).
   */
  partFor?(loinc: string): { readonly component: EnsembleComponent; readonly offset: number } | undefined;
  /** Members restarted after a gap too long to integrate: the state afresh from the prior, the parameters kept. */
  restart(members: readonly Float64Array[], rng: SeededRandom): Float64Array[];
  /** Whether a reading's value can be assimilated: one outside the component's physiological range never is. */
  isPlausibleReading(loinc: string, value: number): boolean;
  /**
   * Redraws each member's estimated parameters named in `prior` from N(logMean, logSd²) in log space, within their
   * bounds, jointly with `correlation` (n×n over `prior`, as ParameterPriorEvent's) when given; other entries stay.
   * Returns the names it redrew.
   */
  redrawParameters(
    members: readonly Float64Array[],
    prior: readonly ParameterPriorEntry[],
    rng: SeededRandom,
    correlation?: readonly number[],
  ): string[];
  /**
   * Capability of conditioning on a categorical finding (e.g. gene CYP2C9, result "*1/*3"): the members are brought
   * in line with it (e.g. genotype-dependent parameters redrawn from that genotype's distribution). Returns whether
   * the component uses the finding; one it does not know leaves the members unchanged.
   */
  conditionOnFinding?(members: readonly Float64Array[], gene: string, result: string, rng: SeededRandom): boolean;
  /** Localisation weight per member entry for the analysis gain (1 = full update). */
  readonly localisation: Float64Array;
  /**
   * Localisation weights for a reading of `loinc`, when they depend on what is read (a composite leaves the entries of
   * the components that do not explain the reading untouched). Absent: `localisation` for every reading.
   */
  localisationFor?(loinc: string): Float64Array;
  readonly hierarchical?: HierarchicalGroups;
  /** The hierarchical entries for a reading of `loinc`, when they depend on it. Absent: `hierarchical` for every reading. */
  hierarchicalFor?(loinc: string): HierarchicalGroups | undefined;
  /**
   * Capability of batch (MAP) personalisation: the same person with every parameter estimated, as the fit over the
   * twin's log sees it. A component without it is not batch-personalised.
   */
  withAllEstimated?(): MapFittable;
}
