/**
 * The population scenario file (JSON, snake_case like the `shuji simulate` scenario). `parsePopulationScenario`
 * validates it and fills defaults; the validated object is what jobs store, shards carry and workers run.
 *
 *   { "name": "pump settings", "seed": 1,
 *     "cohort": { "source": "distribution", "size": 2000, "groups": ["adult"], "log_sd": 0.1 },
 *     "models": ["uva-padova-s2008"], "horizon_days": 1, "step_min": 5, "report_every_days": 1,
 *     "arms": [{ "name": "baseline", "policies": [] },
 *              { "name": "pump", "policies": [{ "policy": "pump-settings", "when": "age >= 18", "basal_factor": 1.1 }] }],
 *     "shard_size": 100 }
 *
 * The first arm is the baseline every other arm is compared with, person by person.
 */

export const MAX_COHORT_SIZE = 1_000_000;

/**
 * A cohort of given people (from FHIR histories or drawn from twins' posteriors) travels inside the scenario: the
 * job row stores it (versioned with the job, like a distribution cohort's definition and seed) and every shard
 * message carries it, so it is capped well under a Kafka message (1 MiB) at about 250 bytes a person.
 */
export const MAX_GIVEN_PEOPLE = 2_000;

/**
 * The version of each program's cohort sampler, meal plan, rules and metrics. A job stores it with its scenario
 * (the cohort is (definition, seed, generator)); a worker of another version refuses the job's shards rather
 * than mix people drawn two ways. Bump it with any change that moves a number.
 * .2: the ODE engine's step-size controller computes its factor by log/exp (results move by ~1e-8 relative for
 * T1D days, ~1e-15 for weight + BP).
 */
export const GENERATORS = { 't1d-days': 't1d-days.2', 'weight-bp': 'weight-bp.2' } as const;

export type T1dGroup = 'adult' | 'adolescent' | 'child';

export interface T1dCohort {
  readonly source: 'distribution';
  readonly size: number;
  /** UVA/Padova subject groups the virtual people are drawn around (default: all three). */
  readonly groups: readonly T1dGroup[];
  /** σ of the log-normal perturbation of each perturbable parameter (default 0.1). */
  readonly log_sd: number;
}

/** T1D people given one by one: UVA/Padova parameters (e.g. a twin's posterior member) around a base subject. */
export interface T1dGivenPerson {
  /** Pseudonymous reference (e.g. `twin#…/member 3`), never personal data. */
  readonly ref: string;
  /** The UVA/Padova subject whose therapy (CR, CF, TDI, age) and other parameters the person starts from. */
  readonly base: string;
  /** Parameter values replacing the base subject's (basal steady state re-derived from them). */
  readonly parameters: Readonly<Record<string, number>>;
}

export interface T1dGivenCohort {
  readonly source: 'people';
  readonly size: number;
  /** Where the people came from, e.g. "twins". */
  readonly origin: string;
  readonly people: readonly T1dGivenPerson[];
}

/** An adult given by their measured state (e.g. estimated from FHIR: cohort/fhir-person-baseline). */
export interface AdultGivenPerson {
  /** Pseudonymous reference (for FHIR a hash of the Patient id), never a name or the id itself. */
  readonly ref: string;
  readonly age_years: number;
  readonly male: 0 | 1;
  readonly height_cm: number;
  readonly weight_kg: number;
  /** Mean of the latest readings, mmHg (as measured: on treatment if the person is treated). */
  readonly sbp_mmhg: number;
}

export interface AdultGivenCohort {
  readonly source: 'people';
  readonly size: number;
  /** Where the people came from, e.g. "fhir". */
  readonly origin: string;
  readonly people: readonly AdultGivenPerson[];
}

export interface AdultCohort {
  readonly source: 'distribution';
  readonly size: number;
  /** Age range of the sampled adults, years (default [35, 75]). */
  readonly age_years: readonly [number, number];
  /** Median BMI and its log-SD (default 28, 0.15). */
  readonly bmi_median: number;
  readonly bmi_log_sd: number;
  /** Mean untreated SBP at age 55 and BMI 28, and its between-person SD (default 142, 15 mmHg). */
  readonly sbp_mean: number;
  readonly sbp_sd: number;
}

export interface PumpSettingsPolicy {
  readonly policy: 'pump-settings';
  readonly when?: string;
  /** Multiplies the basal rate (default 1). */
  readonly basal_factor: number;
  /** Multiplies the carbohydrate ratio, g/U (default 1; above 1 gives smaller boluses). */
  readonly carb_ratio_factor: number;
  /** Bolus this many minutes before the meal (default 0). */
  readonly pre_bolus_min: number;
}

export interface DietPolicy {
  readonly policy: 'diet';
  readonly when?: string;
  /** Change of energy intake, kcal/day (−500: a 500 kcal/day deficit). */
  readonly kcal_per_day: number;
  /** How long from day 0, months of 30.4375 days. */
  readonly months: number;
}

export interface AntihypertensivePolicy {
  readonly policy: 'antihypertensive';
  readonly when: string;
  /** Consecutive visits on which `when` must hold before the drug starts (default 2). */
  readonly visits: number;
  readonly drug: 'amlodipine';
  /** Once-daily dose, mg (default 5). */
  readonly dose_mg: number;
}

export type T1dPolicy = PumpSettingsPolicy;
export type CardiometabolicPolicy = DietPolicy | AntihypertensivePolicy;
export type PopulationPolicy = T1dPolicy | CardiometabolicPolicy;

export interface Arm<P extends PopulationPolicy = PopulationPolicy> {
  readonly name: string;
  readonly policies: readonly P[];
}

interface ScenarioBase {
  readonly version: 1;
  /** GENERATORS[program] of the build that validated the scenario. */
  readonly generator: string;
  readonly name: string;
  /** Seed of every person's random streams (unsigned 32-bit). */
  readonly seed: number;
  readonly horizon_days: number;
  /** Time step of the simulated series the metrics are computed from, minutes. */
  readonly step_min: number;
  /** Length of each reporting period, days; metrics are given per period. */
  readonly report_every_days: number;
  /** Persons per shard (default: about 100 for T1D days, 500 for weight + BP). */
  readonly shard_size: number;
}

/** UVA/Padova S2008 days: virtual T1D people on their own meal plan. */
export interface T1dScenario extends ScenarioBase {
  readonly program: 't1d-days';
  readonly models: readonly ['uva-padova-s2008'];
  readonly cohort: T1dCohort | T1dGivenCohort;
  readonly arms: readonly Arm<T1dPolicy>[];
}

/** Hall body weight over years, with blood pressure measured at visits and amlodipine when a rule starts it. */
export interface CardiometabolicScenario extends ScenarioBase {
  readonly program: 'weight-bp';
  readonly models: readonly ['hall-body-weight', 'amlodipine-bp'];
  readonly cohort: AdultCohort | AdultGivenCohort;
  readonly arms: readonly Arm<CardiometabolicPolicy>[];
  /** Days between clinic visits where SBP is measured (default 90). */
  readonly visit_every_days: number;
}

export type PopulationScenario = T1dScenario | CardiometabolicScenario;

export class PopulationScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PopulationScenarioError';
  }
}
