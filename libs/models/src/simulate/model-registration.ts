/**
 * How a model plugs into the registry, the CLI and the cohort runner: its spec, its named subjects
 * (optional) and the mapping from a scenario file onto its input schedule.
 */
import type { OdeMethod } from '@shuji/ode';
import type { CompiledModel, ModelSpec } from '../spec/model-spec';
import type { Scenario } from './scenario';
import type { ScheduleItem } from './simulation-request';

/** A named parameter set, e.g. `adult#001` of the UVA/Padova simulator. */
export interface Subject {
  readonly name: string;
  readonly parameters: Readonly<Record<string, number>>;
  /** Initial-state overrides; the rest come from the spec's `initial` expressions. */
  readonly initialState?: Readonly<Record<string, number>>;
}

export interface ScenarioContext {
  readonly model: CompiledModel;
  /** The packed parameters of this run (after subject and overrides). */
  readonly parameters: Float64Array;
  /** Minutes per model time unit (scenario times are minutes; the schedule is in model time). */
  readonly minutesPerTimeUnit: number;
}

export interface ModelRegistration {
  readonly spec: ModelSpec;
  readonly subjects?: readonly Subject[];
  /** Maps a validated scenario onto the schedule; refuse what the model cannot take (e.g. meals for a PK model). */
  readonly scenarioToSchedule: (scenario: Scenario, context: ScenarioContext) => ScheduleItem[];
  /** How to sample virtual subjects around the named ones (see cohort/sample-subjects). */
  readonly cohort?: CohortSampling;
  /** Solver defaults for this model; a request may override them. */
  readonly solver?: { readonly method?: OdeMethod; readonly rtol?: number; readonly atol?: number };
}

/** Minutes per UCUM time unit of a spec (`min`, `h`, `d`, `s`). */
export function minutesPerTimeUnit(unit: string): number {
  const minutes: Readonly<Record<string, number>> = { s: 1 / 60, min: 1, h: 60, d: 1440 };
  const value = minutes[unit];
  if (value === undefined) throw new RangeError(`unsupported model time unit "${unit}" (use s, min, h or d)`);
  return value;
}

/**
 * Virtual-subject sampling: which parameters may be perturbed (log-normally, so they stay positive) and how to
 * recompute the derived parameters so that the spec's `initial` expressions are again a steady state.
 */
export interface CohortSampling {
  readonly perturbable: readonly string[];
  /** Returns the derived parameters (by name) for a perturbed parameter set. */
  readonly deriveSteadyState?: (parameters: Readonly<Record<string, number>>) => Record<string, number>;
}
