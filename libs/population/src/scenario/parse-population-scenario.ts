/**
 * Validates a population scenario (parsed JSON) before anything runs: every error is a PopulationScenarioError
 * naming the field (`arms[1].policies[0].when: unknown variable "sbpp" …`). Returns the scenario with its
 * defaults filled in: the form jobs store and shards carry.
 */
import { listModelIds, uvaPadovaSubjects } from '@shuji/models';
import { GLUCOSE_METRICS } from '../metrics/glucose-metrics';
import { WEIGHT_BP_METRICS } from '../metrics/weight-bp-metrics';
import {
  GENERATORS,
  MAX_COHORT_SIZE,
  MAX_GIVEN_PEOPLE,
  PopulationScenarioError,
  type AdultCohort,
  type AdultGivenCohort,
  type AdultGivenPerson,
  type AntihypertensivePolicy,
  type Arm,
  type CardiometabolicPolicy,
  type CardiometabolicScenario,
  type DietPolicy,
  type PopulationPolicy,
  type PopulationScenario,
  type PumpSettingsPolicy,
  type T1dCohort,
  type T1dGivenCohort,
  type T1dGivenPerson,
  type T1dGroup,
  type T1dPolicy,
  type T1dScenario,
} from './population-scenario';
import { parseRuleCondition } from './rule-condition';

/** Variables a rule may name, per program (values at baseline, or at each visit for antihypertensive rules). */
export const T1D_VARIABLES = ['age', 'weight', 'tdi', 'carb_ratio', 'correction_factor'] as const;
export const CARDIOMETABOLIC_VARIABLES = ['age', 'male', 'weight', 'bmi', 'sbp'] as const;

const T1D_MODELS = ['uva-padova-s2008'] as const;
const CARDIOMETABOLIC_MODELS = ['hall-body-weight', 'amlodipine-bp'] as const;
const MAX_ARMS = 8;
const MAX_SHARD_SIZE = 10_000;
const METRICS_PER_PROGRAM = { 't1d-days': GLUCOSE_METRICS.length, 'weight-bp': WEIGHT_BP_METRICS.length } as const;
/** A shard's sums travel in one Kafka message (1 MiB by default): keep them well under it. */
const MAX_SHARD_SUMS_BYTES = 512 * 1024;

type Json = Record<string, unknown>;
const isRecord = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const fail = (message: string): never => {
  throw new PopulationScenarioError(message);
};

function onlyKnown(json: Json, at: string, known: readonly string[]): void {
  for (const key of Object.keys(json)) {
    if (!known.includes(key)) fail(`${at}${key}: unknown field (expected one of ${known.join(', ')})`);
  }
}

function num(json: Json, field: string, at: string, check: (x: number) => boolean, rule: string, fallback?: number): number {
  const value = json[field] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || !check(value)) fail(`${at}${field}: must be ${rule}`);
  return value as number;
}

const int = (lo: number, hi: number) => (x: number) => Number.isInteger(x) && x >= lo && x <= hi;
const within = (lo: number, hi: number) => (x: number) => x >= lo && x <= hi;

export function parsePopulationScenario(json: unknown): PopulationScenario {
  if (!isRecord(json)) fail('scenario: must be a JSON object');
  const s = json as Json;
  onlyKnown(s, '', ['version', 'program', 'generator', 'name', 'seed', 'cohort', 'models', 'horizon_days', 'step_min', 'report_every_days', 'visit_every_days', 'arms', 'shard_size']);
  const version = s.version ?? 1;
  if (version !== 1) fail('version: only version 1 exists');
  const name = s.name ?? 'population';
  if (typeof name !== 'string' || name.trim() === '' || name.length > 200) fail('name: must be a non-empty string of at most 200 characters');
  const seed = num(s, 'seed', '', int(0, 0xffffffff), 'an integer in [0, 4294967295]', 1);
  const program = programOf(s.models);
  // a stored scenario carries its program: it must be the one its models give
  if (s.program !== undefined && s.program !== program) fail(`program: "${String(s.program)}" does not match the models (${program})`);
  const generator = GENERATORS[program];
  if (s.generator !== undefined && s.generator !== generator) {
    fail(`generator: the scenario was validated by ${JSON.stringify(s.generator)}, this build runs "${generator}" (people would be drawn differently)`);
  }

  const horizon = num(s, 'horizon_days', '', (x) => x > 0, 'a positive number of days');
  const maxHorizon = program === 't1d-days' ? 365 : 365 * 50;
  if (!Number.isInteger(horizon) || horizon > maxHorizon) fail(`horizon_days: must be a whole number of days in [1, ${maxHorizon}] for ${program}`);
  const step =
    program === 't1d-days'
      ? num(s, 'step_min', '', (x) => x > 0 && x <= 15 && 1440 % x === 0, 'a number of minutes in (0, 15] dividing a day (a CGM grid)', 5)
      : num(s, 'step_min', '', (x) => x >= 1440 && x % 1440 === 0, 'a whole number of days in minutes (≥ 1440) for weight + BP', 1440);
  const reportEvery = num(s, 'report_every_days', '', int(1, horizon), `a whole number of days in [1, horizon_days]`, program === 't1d-days' ? 1 : Math.min(365, horizon));
  if (horizon % reportEvery !== 0) fail(`report_every_days: must divide horizon_days (${horizon})`);
  const shardSize = num(s, 'shard_size', '', int(1, MAX_SHARD_SIZE), `an integer in [1, ${MAX_SHARD_SIZE}]`, program === 't1d-days' ? 100 : 500);
  const base = { version: 1 as const, generator, name: name as string, seed, horizon_days: horizon, step_min: step, report_every_days: reportEvery, shard_size: shardSize };

  if (!Array.isArray(s.arms) || s.arms.length === 0 || s.arms.length > MAX_ARMS) fail(`arms: must be an array of 1 to ${MAX_ARMS} arms (the first is the baseline)`);
  const armsJson = s.arms as unknown[];
  const names = new Set<string>();
  for (const [k, arm] of armsJson.entries()) {
    if (!isRecord(arm)) fail(`arms[${k}]: must be an object`);
    const armName = (arm as Json).name;
    if (typeof armName !== 'string' || armName.trim() === '') fail(`arms[${k}].name: must be a non-empty string`);
    if (names.has(armName as string)) fail(`arms[${k}].name: "${armName as string}" is used twice`);
    names.add(armName as string);
  }

  const sumsBytes = (2 * armsJson.length - 1) * METRICS_PER_PROGRAM[program] * (horizon / reportEvery) * 3 * 8;
  if (sumsBytes > MAX_SHARD_SUMS_BYTES) {
    fail(`report_every_days: ${horizon / reportEvery} periods × ${armsJson.length} arms make each shard's sums ${Math.round(sumsBytes / 1024)} KiB (at most ${MAX_SHARD_SUMS_BYTES / 1024} KiB); report less often`);
  }

  if (program === 't1d-days') {
    if (s.visit_every_days !== undefined) fail('visit_every_days: only for weight + BP scenarios');
    const scenario: T1dScenario = {
      ...base,
      program,
      models: T1D_MODELS,
      cohort: t1dCohort(s.cohort),
      arms: armsJson.map((arm, k) => armOf(arm as Json, k, t1dPolicy)),
    };
    return scenario;
  }
  const visitEvery = num(s, 'visit_every_days', '', int(1, horizon), 'a whole number of days in [1, horizon_days]', Math.min(90, horizon));
  const scenario: CardiometabolicScenario = {
    ...base,
    program,
    models: CARDIOMETABOLIC_MODELS,
    cohort: adultCohort(s.cohort),
    arms: armsJson.map((arm, k) => armOf(arm as Json, k, cardiometabolicPolicy)),
    visit_every_days: visitEvery,
  };
  return scenario;
}

function programOf(models: unknown): 't1d-days' | 'weight-bp' {
  if (!Array.isArray(models) || models.length === 0) fail('models: must be a non-empty array of model ids');
  const known = listModelIds();
  for (const [k, id] of (models as unknown[]).entries()) {
    if (typeof id !== 'string' || !known.includes(id)) fail(`models[${k}]: unknown model ${JSON.stringify(id)} (known: ${known.join(', ')})`);
  }
  const set = new Set(models as string[]);
  const same = (want: readonly string[]) => set.size === want.length && want.every((m) => set.has(m));
  if (same(T1D_MODELS)) return 't1d-days';
  if (same(CARDIOMETABOLIC_MODELS)) return 'weight-bp';
  return fail(`models: population jobs run ["${T1D_MODELS.join('", "')}"] or ["${CARDIOMETABOLIC_MODELS.join('", "')}"], not [${(models as string[]).map((m) => `"${m}"`).join(', ')}]`);
}

function cohortSize(c: Json): number {
  const size = c.size;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) return fail('cohort.size: must be a positive whole number of people');
  if (size > MAX_COHORT_SIZE) fail(`cohort.size: ${size} people is more than a job takes (at most ${MAX_COHORT_SIZE.toLocaleString('en')}; split it into several jobs)`);
  return size;
}

function cohortRecord(json: unknown, known: readonly string[]): Json {
  if (!isRecord(json)) fail('cohort: must be an object');
  const c = json as Json;
  if (c.source !== undefined && c.source !== 'distribution') fail(`cohort.source: ${JSON.stringify(c.source)} is not a cohort source (supported: "distribution", "people")`);
  onlyKnown(c, 'cohort.', ['source', 'size', ...known]);
  return c;
}

/** The common part of a cohort of given people: `people` (1 to MAX_GIVEN_PEOPLE objects), `origin`; size is their count. */
function givenPeople(json: unknown): { origin: string; people: Json[] } | undefined {
  if (!isRecord(json) || json.source !== 'people') return undefined;
  onlyKnown(json, 'cohort.', ['source', 'size', 'origin', 'people']);
  const origin = json.origin ?? 'given';
  if (typeof origin !== 'string' || origin.trim() === '' || origin.length > 100) fail('cohort.origin: must be a short non-empty string');
  const people = json.people;
  if (!Array.isArray(people) || people.length === 0) fail('cohort.people: must be a non-empty array of people');
  const list = people as unknown[];
  if (list.length > MAX_GIVEN_PEOPLE) {
    fail(`cohort.people: ${list.length} people is more than a scenario carries (at most ${MAX_GIVEN_PEOPLE.toLocaleString('en')}; split the cohort into several jobs)`);
  }
  if (json.size !== undefined && json.size !== list.length) fail(`cohort.size: ${String(json.size)} does not match the ${list.length} people given`);
  list.forEach((p, k) => {
    if (!isRecord(p)) return fail(`cohort.people[${k}]: must be an object`);
    if (typeof p.ref !== 'string' || p.ref === '' || p.ref.length > 100) fail(`cohort.people[${k}].ref: must be a non-empty pseudonymous reference of at most 100 characters`);
  });
  return { origin: origin as string, people: list as Json[] };
}

function t1dGivenCohort(origin: string, people: Json[]): T1dGivenCohort {
  const bases = new Map(uvaPadovaSubjects().map((s) => [s.name, s]));
  return {
    source: 'people',
    size: people.length,
    origin,
    people: people.map((p, k): T1dGivenPerson => {
      const at = `cohort.people[${k}].`;
      onlyKnown(p, at, ['ref', 'base', 'parameters']);
      const base = bases.get(p.base as string);
      if (base === undefined) fail(`${at}base: ${JSON.stringify(p.base)} is not a UVA/Padova subject (e.g. "adult#001")`);
      if (!isRecord(p.parameters)) fail(`${at}parameters: must be an object of parameter values`);
      const parameters = p.parameters as Json;
      for (const [name, v] of Object.entries(parameters)) {
        if (!(name in (base as { parameters: object }).parameters)) fail(`${at}parameters.${name}: not a UVA/Padova parameter`);
        if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) fail(`${at}parameters.${name}: must be a positive number`);
      }
      return { ref: p.ref as string, base: p.base as string, parameters: parameters as Record<string, number> };
    }),
  };
}

function adultGivenCohort(origin: string, people: Json[]): AdultGivenCohort {
  return {
    source: 'people',
    size: people.length,
    origin,
    people: people.map((p, k): AdultGivenPerson => {
      const at = `cohort.people[${k}].`;
      // a PersonBaseline may carry its flags (hypertension, …): accepted, not used by the program
      onlyKnown(p, at, ['ref', 'age_years', 'male', 'height_cm', 'weight_kg', 'sbp_mmhg', 'hypertension', 'diabetes', 'on_antihypertensive']);
      const male = p.male;
      if (male !== 0 && male !== 1) fail(`${at}male: must be 0 or 1`);
      return {
        ref: p.ref as string,
        age_years: num(p, 'age_years', at, within(18, 110), 'years in [18, 110]'),
        male: male as 0 | 1,
        height_cm: num(p, 'height_cm', at, within(120, 230), 'cm in [120, 230]'),
        weight_kg: num(p, 'weight_kg', at, within(30, 300), 'kg in [30, 300]'),
        sbp_mmhg: num(p, 'sbp_mmhg', at, within(70, 260), 'mmHg in [70, 260]'),
      };
    }),
  };
}

function t1dCohort(json: unknown): T1dCohort | T1dGivenCohort {
  const given = givenPeople(json);
  if (given !== undefined) return t1dGivenCohort(given.origin, given.people);
  const c = cohortRecord(json, ['groups', 'log_sd']);
  const size = cohortSize(c);
  const all: readonly T1dGroup[] = ['adult', 'adolescent', 'child'];
  const groups = c.groups ?? all;
  if (!Array.isArray(groups) || groups.length === 0 || groups.some((g) => !all.includes(g as T1dGroup))) {
    fail(`cohort.groups: must be a non-empty array of ${all.map((g) => `"${g}"`).join(', ')}`);
  }
  const logSd = num(c, 'log_sd', 'cohort.', within(0, 0.5), 'a number in [0, 0.5]', 0.1);
  return { source: 'distribution', size, groups: [...new Set(groups as T1dGroup[])], log_sd: logSd };
}

function adultCohort(json: unknown): AdultCohort | AdultGivenCohort {
  const given = givenPeople(json);
  if (given !== undefined) return adultGivenCohort(given.origin, given.people);
  const c = cohortRecord(json, ['age_years', 'bmi_median', 'bmi_log_sd', 'sbp_mean', 'sbp_sd']);
  const size = cohortSize(c);
  const age = c.age_years ?? [35, 75];
  if (!Array.isArray(age) || age.length !== 2 || !age.every((a) => typeof a === 'number' && a >= 18 && a <= 90) || !(age[1] >= age[0])) {
    fail('cohort.age_years: must be [lowest, highest] within [18, 90]');
  }
  return {
    source: 'distribution',
    size,
    age_years: [(age as number[])[0], (age as number[])[1]],
    bmi_median: num(c, 'bmi_median', 'cohort.', within(17, 50), 'a BMI in [17, 50]', 28),
    bmi_log_sd: num(c, 'bmi_log_sd', 'cohort.', within(0, 0.4), 'a number in [0, 0.4]', 0.15),
    sbp_mean: num(c, 'sbp_mean', 'cohort.', within(100, 200), 'mmHg in [100, 200]', 142),
    sbp_sd: num(c, 'sbp_sd', 'cohort.', within(0, 40), 'mmHg in [0, 40]', 15),
  };
}

function armOf<P extends PopulationPolicy>(arm: Json, k: number, policyOf: (p: Json, at: string) => P): Arm<P> {
  onlyKnown(arm, `arms[${k}].`, ['name', 'policies']);
  const policies = arm.policies ?? [];
  if (!Array.isArray(policies)) fail(`arms[${k}].policies: must be an array`);
  return {
    name: arm.name as string,
    policies: (policies as unknown[]).map((p, j) => {
      const at = `arms[${k}].policies[${j}].`;
      if (!isRecord(p)) fail(`${at.slice(0, -1)}: must be an object`);
      return policyOf(p as Json, at);
    }),
  };
}

function when(p: Json, at: string, variables: readonly string[], required: boolean): string | undefined {
  if (p.when === undefined && !required) return undefined;
  if (typeof p.when !== 'string' || p.when.trim() === '') return fail(`${at}when: must be a condition such as "${variables[0]} > 1"`);
  const parsed = parseRuleCondition(p.when, variables);
  if (typeof parsed === 'string') fail(`${at}when: ${parsed}`);
  return p.when;
}

function unknownPolicy(p: Json, at: string, known: readonly string[], models: string): never {
  return fail(`${at}policy: unknown policy ${JSON.stringify(p.policy)} (known for ${models}: ${known.join(', ')})`);
}

function t1dPolicy(p: Json, at: string): T1dPolicy {
  if (p.policy !== 'pump-settings') unknownPolicy(p, at, ['pump-settings'], T1D_MODELS.join(' + '));
  onlyKnown(p, at, ['policy', 'when', 'basal_factor', 'carb_ratio_factor', 'pre_bolus_min']);
  const policy: PumpSettingsPolicy = {
    policy: 'pump-settings',
    ...(p.when === undefined ? {} : { when: when(p, at, T1D_VARIABLES, false) }),
    basal_factor: num(p, 'basal_factor', at, within(0.25, 4), 'a factor in [0.25, 4]', 1),
    carb_ratio_factor: num(p, 'carb_ratio_factor', at, within(0.25, 4), 'a factor in [0.25, 4]', 1),
    pre_bolus_min: num(p, 'pre_bolus_min', at, within(0, 60), 'minutes in [0, 60]', 0),
  };
  return policy;
}

function cardiometabolicPolicy(p: Json, at: string): CardiometabolicPolicy {
  if (p.policy === 'diet') {
    onlyKnown(p, at, ['policy', 'when', 'kcal_per_day', 'months']);
    const diet: DietPolicy = {
      policy: 'diet',
      ...(p.when === undefined ? {} : { when: when(p, at, CARDIOMETABOLIC_VARIABLES, false) }),
      kcal_per_day: num(p, 'kcal_per_day', at, (x) => x >= -1500 && x <= 1000 && x !== 0, 'a non-zero change of intake in [-1500, 1000] kcal/day'),
      months: num(p, 'months', at, within(0.1, 600), 'a number of months in [0.1, 600]'),
    };
    return diet;
  }
  if (p.policy === 'antihypertensive') {
    onlyKnown(p, at, ['policy', 'when', 'visits', 'drug', 'dose_mg']);
    if ((p.drug ?? 'amlodipine') !== 'amlodipine') fail(`${at}drug: ${JSON.stringify(p.drug)} has no model (known: amlodipine)`);
    const drug: AntihypertensivePolicy = {
      policy: 'antihypertensive',
      when: when(p, at, CARDIOMETABOLIC_VARIABLES, true) as string,
      visits: num(p, 'visits', at, int(1, 12), 'a whole number of visits in [1, 12]', 2),
      drug: 'amlodipine',
      dose_mg: num(p, 'dose_mg', at, within(1, 10), 'a once-daily dose in [1, 10] mg', 5),
    };
    return drug;
  }
  return unknownPolicy(p, at, ['diet', 'antihypertensive'], CARDIOMETABOLIC_MODELS.join(' + '));
}
