import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath } from '@shuji/testing';
import { describe, expect, it } from 'vitest';
import type { PopulationResult } from '../aggregate/summarise-population';
import { WeightBpProgram } from '../programs/weight-bp.program';
import { runPopulation } from '../run/run-population';
import { parsePopulationScenario } from '../scenario/parse-population-scenario';
import type { CardiometabolicScenario } from '../scenario/population-scenario';
import { cohortFromFhirBundles } from './fhir-cohort';

// tests may read the shared fixtures; the product may not
const DIR = sharedPath('fixtures', 'synthea-r4');

const periodMean = (r: PopulationResult, metric: string, arm: number, period: number) => r.arms[arm].metrics.find((m) => m.metric === metric)!.periods[period].mean;
const difference = (r: PopulationResult, arm: number, metric: string, period: number) =>
  r.differences[arm - 1].metrics.find((m) => m.metric === metric)!.periods[period];

describe('a cohort from Synthea FHIR bundles', () => {
  const bundles = readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as unknown);
  const cohort = cohortFromFhirBundles(bundles);

  it('should map every adult patient with weight, height and BP, and say why the others are left out', () => {
    expect(cohort.people.length + cohort.skipped.length).toBe(bundles.length);
    expect(cohort.people.length).toBeGreaterThanOrEqual(10);
    for (const s of cohort.skipped) expect(s.reason).toMatch(/deceased|adults|no /);
    for (const p of cohort.people) {
      expect(p.ref).toMatch(/^fhir#[0-9a-f]{8}$/);
      expect(p.age_years).toBeGreaterThanOrEqual(18);
      expect(p.weight_kg).toBeGreaterThan(35);
      expect(p.height_cm).toBeGreaterThan(140);
      expect(p.sbp_mmhg).toBeGreaterThan(80);
    }
    // Synthea's hypertensive patients are the ones with an antihypertensive prescribed
    expect(cohort.people.some((p) => p.hypertension && p.on_antihypertensive)).toBe(true);
  });

  it('should run a weight + BP scenario on it, each person starting from their own measured state', async () => {
    const sut = parsePopulationScenario({
      name: 'synthea diet and amlodipine',
      seed: 3,
      cohort: { source: 'people', origin: 'fhir', people: cohort.people },
      models: ['hall-body-weight', 'amlodipine-bp'],
      horizon_days: 730,
      report_every_days: 365,
      visit_every_days: 90,
      shard_size: 4,
      arms: [
        { name: 'usual care' },
        { name: 'diet', policies: [{ policy: 'diet', kcal_per_day: -500, months: 12 }] },
        { name: 'amlodipine', policies: [{ policy: 'antihypertensive', when: 'sbp > 140', visits: 2, drug: 'amlodipine', dose_mg: 5 }] },
      ],
    }) as CardiometabolicScenario;

    const program = new WeightBpProgram(sut);
    cohort.people.forEach((p, k) => {
      const person = program.prepare(k);
      expect(person.weight0).toBe(p.weight_kg);
      expect(person.sbp0).toBe(p.sbp_mmhg);
      expect(person.age).toBe(p.age_years);
    });

    const { result } = await runPopulation(sut, { threads: 0 });
    expect(result).toMatchObject({ persons: cohort.people.length, failed: 0, shards: Math.ceil(cohort.people.length / 4) });
    const measuredWeight = cohort.people.reduce((s, p) => s + p.weight_kg, 0) / cohort.people.length;
    // usual care: weight near where each person started (Hall model at energy balance), not a sampled cohort's
    expect(Math.abs(periodMean(result, 'weight', 0, 0) - measuredWeight)).toBeLessThan(3);
    // −500 kcal/day for a year: several kg lost, the paired interval excluding zero
    const diet = difference(result, 1, 'weight', 0);
    expect(diet.mean).toBeLessThan(-3);
    expect(diet.ci95[1]).toBeLessThan(0);
    // amlodipine for those above 140 on two visits: lower SBP at two years
    expect(difference(result, 2, 'sbp', 1).mean).toBeLessThan(0);
    expect(periodMean(result, 'on_amlodipine', 2, 1)).toBeGreaterThan(0);
  });
});
