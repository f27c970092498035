import { describe, expect, it } from 'vitest';
import { parsePopulationScenario } from '../scenario/parse-population-scenario';
import { PopulationScenarioError } from '../scenario/population-scenario';
import { cohortFromTwinPosteriors, type TwinPosterior } from './twin-posterior-cohort';

const twin = (ref: string, sis: readonly number[], weights?: readonly number[]): TwinPosterior => ({
  ref,
  base: 'adult#001',
  members: sis.map((Vmx) => ({ Vmx })),
  ...(weights !== undefined ? { weights } : {}),
});

describe(cohortFromTwinPosteriors.name, () => {
  it('should draw members in proportion to their weights, the same for the same seed', () => {
    const twins = [twin('twin#a', [0.02, 0.03, 0.04, 0.05], [0, 3, 1, 0])];
    const sut = cohortFromTwinPosteriors(twins, { drawsPerTwin: 400, seed: 5 });
    const counts = new Map<number, number>();
    for (const p of sut.people) counts.set(p.parameters.Vmx, (counts.get(p.parameters.Vmx) ?? 0) + 1);
    expect(counts.get(0.02)).toBeUndefined();
    expect(counts.get(0.05)).toBeUndefined();
    expect(counts.get(0.03)).toBe(300); // systematic resampling: exact to one draw
    expect(counts.get(0.04)).toBe(100);
    expect(cohortFromTwinPosteriors(twins, { drawsPerTwin: 400, seed: 5 })).toEqual(sut);
    expect(sut).toMatchObject({ source: 'people', origin: 'twins', size: 400 });
  });

  it('should make a cohort the scenario parser accepts, and refuse empty posteriors and too many people', () => {
    const cohort = cohortFromTwinPosteriors([twin('twin#a', [0.03, 0.04]), twin('twin#b', [0.05])], { drawsPerTwin: 3, seed: 1 });
    const scenario = parsePopulationScenario({ cohort, models: ['uva-padova-s2008'], horizon_days: 1, arms: [{ name: 'baseline' }] });
    expect(scenario.cohort).toEqual(cohort);
    expect(() => cohortFromTwinPosteriors([twin('twin#c', [])], { drawsPerTwin: 1, seed: 1 })).toThrow(/twins\[0\]: no posterior members/);
    expect(() => cohortFromTwinPosteriors([twin('twin#d', [0.03])], { drawsPerTwin: 5000, seed: 1 })).toThrow(PopulationScenarioError);
  });
});
