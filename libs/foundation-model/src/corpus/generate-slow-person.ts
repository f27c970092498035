/**
 * Slow trajectories from the models library, observed as a clinic would: body weight under an intake change
 * (Hall et al. 2011, Lancet 378:826; hall-body-weight), systolic pressure under amlodipine (amlodipine-bp),
 * INR under a fixed warfarin dose (Hamberg et al. 2007, Clin Pharmacol Ther 81:529; hamberg-warfarin).
 * Each person gets sampled parameters, a regimen, irregular measurement times and measurement noise.
 *
 * `iiv` (default off, so the v2/v3 corpus is unchanged; the study corpus of issue 14 turns it on): the drug
 * persons also get the inter-individual variability of their models' sources, not only their covariates:
 * - blood pressure: log-normal CL/F (log-SD AMLODIPINE.clLogSd = 0.4) and sensitivity (log-SD 0.4), the spreads
 *   the amlodipine-bp model documents (antihypertensive-pkpd.ts; Flynn et al. 2006 for the PK, both SDs assumptions
 *   of the model's owner where the paper's ω could not be read);
 * - INR: log-normal S-warfarin clearance (ω² 0.310) and EC50 (ω² 0.409) around the genotype's values, Hamberg
 *   et al. 2007 Table 2 (the model's own priors).
 * Weight persons already vary in what the Hall et al. 2011 model is individual in (sex, height, weight, age,
 * physical activity level; the model has no random effects of its own), so `iiv` leaves them as they are.
 */
import {
  compileModel,
  runScenario,
  type CompiledSpecModel,
  type ModelRegistration,
  type ScenarioDose,
} from '@shuji/models';
// The models lib does not yet export its library registrations from its entry point (asked of its owner).
import { AMLODIPINE, amlodipineBpRegistration, hallBodyWeightRegistration, hambergWarfarinRegistration } from '@shuji/models';
import { OBSERVATION_CODES, type TimelineObservation } from './observation-codes';
import type { SeededRandom } from '@shuji/stats';

const compiled = new Map<string, CompiledSpecModel>();
function modelOf(registration: ModelRegistration): CompiledSpecModel {
  let model = compiled.get(registration.spec.id);
  if (model === undefined) {
    model = compileModel(registration.spec);
    compiled.set(registration.spec.id, model);
  }
  return model;
}

export interface SlowPerson {
  readonly observations: TimelineObservation[];
  readonly about: Record<string, string | number>;
}

/** Measurement days: every `meanGapDays` on average (exponential gaps of at least one day), at a random hour. */
function measurementTimes(rng: SeededRandom, days: number, meanGapDays: number): number[] {
  const times: number[] = [];
  let day = rng.uniform() * meanGapDays;
  while (day < days) {
    times.push(Math.round((Math.floor(day) + 0.3 + 0.4 * rng.uniform()) * 1440));
    day += 1 + -Math.log(1 - rng.uniform()) * (meanGapDays - 1);
  }
  return times.filter((t) => t < days * 1440);
}

/** Interpolates a reported column (times in minutes) at t. */
function at(timesMin: Float64Array, values: Float64Array, t: number): number {
  let k = 0;
  while (k < timesMin.length - 2 && timesMin[k + 1] < t) k++;
  const w = (t - timesMin[k]) / (timesMin[k + 1] - timesMin[k]);
  return values[k] + Math.min(1, Math.max(0, w)) * (values[k + 1] - values[k]);
}

export function generateWeightPerson(rng: SeededRandom, days: number): SlowPerson {
  const male = rng.uniform() < 0.5 ? 1 : 0;
  const heightCm = Math.round((male ? 176 : 163) + 7 * rng.normal());
  const bw0 = Math.round(10 * (male ? 85 : 72) * Math.exp(0.2 * rng.normal())) / 10;
  const parameters = { BW0: bw0, heightCm, male, age: Math.round(25 + 45 * rng.uniform()), PAL: 1.4 + 0.4 * rng.uniform() };
  const model = modelOf(hallBodyWeightRegistration);
  const p = model.defaultParameters();
  for (const [name, value] of Object.entries(parameters)) p[model.parameterIndex(name)] = value;
  const out = new Float64Array(model.outputNames.length);
  model.outputs(0, model.initialState(p), p, model.defaultInputs(), out);
  const baseline = out[model.outputNames.indexOf('energyExpenditure')];
  const changeDay = 14 + Math.floor(28 * rng.uniform());
  const intake = Math.round(baseline * (1 + (-0.3 + 0.4 * rng.uniform())));
  const doses: ScenarioDose[] = [{ t_min: changeDay * 1440, amount: intake, route: 'intake' }];
  const result = runScenario(hallBodyWeightRegistration, model, {
    parameters,
    scenario: { duration_min: days * 1440, meals: [], boluses: [], doses },
    everyMin: 1440,
  });
  const weight = result.column('bodyWeight');
  const observations: TimelineObservation[] = [
    { c: OBSERVATION_CODES.energyIntake, t: 0, v: Math.round(baseline) },
    { c: OBSERVATION_CODES.energyIntake, t: changeDay * 1440, v: intake },
  ];
  for (const t of measurementTimes(rng, days, 4)) {
    observations.push({ c: OBSERVATION_CODES.weight, t, v: Math.round(10 * (at(result.timesMin, weight, t) + 0.4 * rng.normal())) / 10 });
  }
  observations.sort((a, b) => a.t - b.t);
  return { observations, about: { ...parameters, intakeChange: intake / baseline - 1, changeDay } };
}

/** The drug persons' inter-individual variability (see the header): off by default. */
export interface SlowPersonOptions {
  readonly iiv?: boolean;
}

/** log-normal factor exp(sd·z), rounded to 4 significant digits (the corpus records it in `about`). */
function lognormalFactor(rng: SeededRandom, logSd: number): number {
  return Number(Math.exp(logSd * rng.normal()).toPrecision(4));
}

export function generateBloodPressurePerson(rng: SeededRandom, days: number, options: SlowPersonOptions = {}): SlowPerson {
  const sbp0 = Math.round(150 + 12 * rng.normal());
  const parameters: Record<string, number> = options.iiv
    ? { SBP0: sbp0, CL: Number((AMLODIPINE.clL_h * lognormalFactor(rng, AMLODIPINE.clLogSd)).toPrecision(4)), sensitivity: lognormalFactor(rng, AMLODIPINE.sensitivityLogSd) }
    : { SBP0: sbp0 };
  const model = modelOf(amlodipineBpRegistration);
  const startDay = 7 + Math.floor(21 * rng.uniform());
  const firstMg = rng.uniform() < 0.5 ? 5 : 10;
  const titrateDay = rng.uniform() < 0.4 ? startDay + 28 + Math.floor(14 * rng.uniform()) : days;
  const doses: ScenarioDose[] = [];
  for (let d = startDay; d < days; d++) doses.push({ t_min: d * 1440 + 480, amount: d >= titrateDay ? 10 : firstMg, route: 'oral' });
  const result = runScenario(amlodipineBpRegistration, model, {
    parameters,
    scenario: { duration_min: days * 1440, meals: [], boluses: [], doses },
    everyMin: 240,
  });
  const sbp = result.column('systolicBP');
  const observations: TimelineObservation[] = [{ c: OBSERVATION_CODES.amlodipineDose, t: startDay * 1440 + 480, v: firstMg }];
  if (titrateDay < days) observations.push({ c: OBSERVATION_CODES.amlodipineDose, t: titrateDay * 1440 + 480, v: 10 });
  for (const t of measurementTimes(rng, days, 5)) {
    observations.push({ c: OBSERVATION_CODES.systolic, t, v: Math.round(at(result.timesMin, sbp, t) + 7 * rng.normal()) });
  }
  observations.sort((a, b) => a.t - b.t);
  return { observations, about: { ...parameters, firstMg, startDay, titrateDay } };
}

export function generateInrPerson(rng: SeededRandom, days: number, options: SlowPersonOptions = {}): SlowPerson {
  const subjects = hambergWarfarinRegistration.subjects ?? [];
  const subject = subjects[Math.floor(rng.uniform() * subjects.length)];
  const age = Math.round(50 + 35 * rng.uniform());
  const random: Record<string, number> = {};
  if (options.iiv) {
    const spec = hambergWarfarinRegistration.spec.parameters;
    const typical = (name: string): number => subject.parameters[name] ?? spec.find((p) => p.name === name)?.default ?? NaN;
    random.CL11 = Number((typical('CL11') * lognormalFactor(rng, Math.sqrt(0.31))).toPrecision(4));
    random.EC50 = Number((typical('EC50') * lognormalFactor(rng, Math.sqrt(0.409))).toPrecision(4));
  }
  const model = modelOf(hambergWarfarinRegistration);
  const mg = [2, 3, 4, 5, 6, 7.5][Math.floor(6 * rng.uniform())];
  const doses: ScenarioDose[] = [];
  for (let d = 0; d < days; d++) doses.push({ t_min: d * 1440 + 1200, amount: mg, route: 'oral' });
  const result = runScenario(hambergWarfarinRegistration, model, {
    subject,
    parameters: { age, ...random },
    scenario: { duration_min: days * 1440, meals: [], boluses: [], doses },
    everyMin: 240,
  });
  const inr = result.column('inr');
  const observations: TimelineObservation[] = [{ c: OBSERVATION_CODES.warfarinDose, t: 1200, v: mg }];
  for (const t of measurementTimes(rng, days, 4)) {
    observations.push({ c: OBSERVATION_CODES.inr, t, v: Math.round(100 * at(result.timesMin, inr, t) * Math.exp(0.05 * rng.normal())) / 100 });
  }
  observations.sort((a, b) => a.t - b.t);
  return { observations, about: { genotype: subject.name, age, mg, ...random } };
}
