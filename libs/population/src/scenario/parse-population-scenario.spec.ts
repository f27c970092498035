import { describe, expect, it } from 'vitest';
import { parsePopulationScenario } from './parse-population-scenario';
import { PopulationScenarioError } from './population-scenario';

const t1d = (over: Record<string, unknown> = {}) => ({
  cohort: { size: 100 },
  models: ['uva-padova-s2008'],
  horizon_days: 1,
  arms: [{ name: 'baseline' }, { name: 'pump', policies: [{ policy: 'pump-settings', basal_factor: 1.1 }] }],
  ...over,
});
const cardio = (over: Record<string, unknown> = {}) => ({
  cohort: { size: 100 },
  models: ['hall-body-weight', 'amlodipine-bp'],
  horizon_days: 3650,
  arms: [{ name: 'usual' }, { name: 'treat', policies: [{ policy: 'antihypertensive', when: 'sbp > 140', visits: 2 }] }],
  ...over,
});

function refusal(json: unknown): string {
  try {
    parsePopulationScenario(json);
  } catch (error) {
    expect(error).toBeInstanceOf(PopulationScenarioError);
    return (error as Error).message;
  }
  throw new Error('expected the scenario to be refused');
}

describe(parsePopulationScenario.name, () => {
  it('should fill the defaults of a T1D scenario when only the essentials are given', () => {
    const sut = parsePopulationScenario(t1d());
    expect(sut).toMatchObject({ program: 't1d-days', generator: 't1d-days.2', seed: 1, step_min: 5, report_every_days: 1, shard_size: 100 });
    expect(sut.cohort).toEqual({ source: 'distribution', size: 100, groups: ['adult', 'adolescent', 'child'], log_sd: 0.1 });
    expect(sut.arms[1].policies[0]).toEqual({ policy: 'pump-settings', basal_factor: 1.1, carb_ratio_factor: 1, pre_bolus_min: 0 });
  });

  it('should fill the defaults of a weight + BP scenario and accept the models in any order', () => {
    const sut = parsePopulationScenario(cardio({ models: ['amlodipine-bp', 'hall-body-weight'] }));
    expect(sut).toMatchObject({ program: 'weight-bp', step_min: 1440, report_every_days: 365, visit_every_days: 90, shard_size: 500 });
    expect(sut.arms[1].policies[0]).toEqual({ policy: 'antihypertensive', when: 'sbp > 140', visits: 2, drug: 'amlodipine', dose_mg: 5 });
  });

  it('should give the same scenario back when a validated scenario is validated again (as workers do)', () => {
    for (const json of [t1d(), cardio()]) {
      const sut = parsePopulationScenario(json);
      expect(parsePopulationScenario(JSON.parse(JSON.stringify(sut)))).toEqual(sut);
    }
    expect(refusal({ ...t1d(), program: 'weight-bp' })).toBe('program: "weight-bp" does not match the models (t1d-days)');
    expect(refusal({ ...t1d(), generator: 't1d-days.0' })).toMatch(/^generator: the scenario was validated by "t1d-days.0", this build runs "t1d-days.2"/);
  });

  it('should refuse an unknown model, naming it and the known ones', () => {
    expect(refusal(t1d({ models: ['uva-padova-2099'] }))).toMatch(/^models\[0\]: unknown model "uva-padova-2099" \(known: uva-padova-s2008, /);
  });

  it('should refuse a known model that no population program runs', () => {
    expect(refusal(t1d({ models: ['bergman-minimal'] }))).toMatch(/^models: population jobs run \["uva-padova-s2008"\] or/);
  });

  it('should refuse an unknown policy, naming the policies of that program', () => {
    expect(refusal(t1d({ arms: [{ name: 'a' }, { name: 'b', policies: [{ policy: 'teleport' }] }] }))).toBe(
      'arms[1].policies[0].policy: unknown policy "teleport" (known for uva-padova-s2008: pump-settings)',
    );
    expect(refusal(cardio({ arms: [{ name: 'a', policies: [{ policy: 'pump-settings' }] }] }))).toMatch(/known for hall-body-weight \+ amlodipine-bp: diet, antihypertensive/);
  });

  it('should refuse a negative or fractional horizon', () => {
    expect(refusal(t1d({ horizon_days: -1 }))).toBe('horizon_days: must be a positive number of days');
    expect(refusal(t1d({ horizon_days: 1.5 }))).toMatch(/^horizon_days: must be a whole number of days in \[1, 365\]/);
  });

  it('should refuse a cohort of 10^9 people with the limit in the message', () => {
    expect(refusal(t1d({ cohort: { size: 1e9 } }))).toBe(
      'cohort.size: 1000000000 people is more than a job takes (at most 1,000,000; split it into several jobs)',
    );
  });

  it('should refuse a rule naming an unknown variable, listing the known ones', () => {
    const json = cardio({ arms: [{ name: 'a', policies: [{ policy: 'antihypertensive', when: 'sbp > 140 and cholesterol > 5' }] }] });
    expect(refusal(json)).toBe('arms[0].policies[0].when: unknown variable "cholesterol" (known: age, male, weight, bmi, sbp)');
  });

  it('should refuse a rule that is not a comparison', () => {
    expect(refusal(cardio({ arms: [{ name: 'a', policies: [{ policy: 'antihypertensive', when: 'sbp is high' }] }] }))).toMatch(
      /^arms\[0\]\.policies\[0\]\.when: "sbp is high" is not a comparison/,
    );
  });

  it('should refuse unknown fields, a bad step, duplicate arm names and an unsupported cohort source', () => {
    expect(refusal(t1d({ horizon: 3 }))).toMatch(/^horizon: unknown field/);
    expect(refusal(t1d({ step_min: 7 }))).toMatch(/^step_min: must be a number of minutes in \(0, 15\]/);
    expect(refusal(t1d({ arms: [{ name: 'x' }, { name: 'x' }] }))).toBe('arms[1].name: "x" is used twice');
    expect(refusal(t1d({ cohort: { size: 10, source: 'fhir' } }))).toBe('cohort.source: "fhir" is not a cohort source (supported: "distribution", "people")');
    expect(refusal(cardio({ report_every_days: 1000 }))).toBe('report_every_days: must divide horizon_days (3650)');
    const eightArms = Array.from({ length: 8 }, (_, k) => ({ name: `arm ${k}` }));
    expect(refusal(t1d({ horizon_days: 365, arms: eightArms }))).toMatch(/^report_every_days: 365 periods × 8 arms make each shard's sums 898 KiB \(at most 512 KiB\)/);
  });

  it('should accept a cohort of given adults and refuse bad ones, naming the person and field', () => {
    const person = { ref: 'fhir#0000abcd', age_years: 60, male: 1, height_cm: 175, weight_kg: 90, sbp_mmhg: 150, hypertension: true };
    const sut = parsePopulationScenario(cardio({ cohort: { source: 'people', origin: 'fhir', people: [person, { ...person, ref: 'fhir#2', male: 0 }] } }));
    expect(sut.cohort).toEqual({
      source: 'people',
      size: 2,
      origin: 'fhir',
      people: [
        { ref: 'fhir#0000abcd', age_years: 60, male: 1, height_cm: 175, weight_kg: 90, sbp_mmhg: 150 },
        { ref: 'fhir#2', age_years: 60, male: 0, height_cm: 175, weight_kg: 90, sbp_mmhg: 150 },
      ],
    });
    const people = (over: Record<string, unknown>) => cardio({ cohort: { source: 'people', people: [person, { ...person, ...over }] } });
    expect(refusal(people({ sbp_mmhg: 400 }))).toBe('cohort.people[1].sbp_mmhg: must be mmHg in [70, 260]');
    expect(refusal(people({ male: 'yes' }))).toBe('cohort.people[1].male: must be 0 or 1');
    expect(refusal(people({ name: 'Jane Doe' }))).toMatch(/^cohort\.people\[1\]\.name: unknown field/);
    expect(refusal(cardio({ cohort: { source: 'people', size: 3, people: [person] } }))).toBe('cohort.size: 3 does not match the 1 people given');
    expect(refusal(cardio({ cohort: { source: 'people', people: Array.from({ length: 2001 }, () => person) } }))).toMatch(
      /^cohort\.people: 2001 people is more than a scenario carries \(at most 2,000/,
    );
    expect(refusal(t1d({ cohort: { source: 'people', people: [{ ref: 't', base: 'adult#099', parameters: {} }] } }))).toMatch(/^cohort\.people\[0\]\.base: "adult#099" is not a UVA\/Padova subject/);
    expect(refusal(t1d({ cohort: { source: 'people', people: [{ ref: 't', base: 'adult#001', parameters: { Vmx: -1 } }] } }))).toBe(
      'cohort.people[0].parameters.Vmx: must be a positive number',
    );
  });
});
