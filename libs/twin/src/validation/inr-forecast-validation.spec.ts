import { describe, expect, it } from 'vitest';
import { ANTICOAGULATION_TWIN_SETTINGS } from '../composition/anticoagulation.component';
import { virtualInrPerson } from '../virtual-patients/virtual-inr-person.generator';
import { validateInrForecasts } from './inr-forecast-validation';

describe(validateInrForecasts.name, () => {
  it('should score every probe 3 and 7 days after each dose change, in the whole group and its genotype subgroup', () => {
    const sut = validateInrForecasts({ persons: 2, seed: 'spec', settings: { ...ANTICOAGULATION_TWIN_SETTINGS, ensembleSize: 32 } });
    const people = [0, 1].map((index) => virtualInrPerson({ index, seed: 'spec' }));
    expect(sut.doseChanges).toBe(people.reduce((s, p) => s + p.doseChangesMs.length, 0));
    for (const daysAfter of [3, 7]) {
      const probes = people.map((p) => p.probes.filter((q) => q.daysAfter === daysAfter).length);
      const score = (group: string) => sut.scores.find((s) => s.daysAfter === daysAfter && s.group === group);
      expect(score('all')?.n).toBe(probes[0] + probes[1]);
      expect(score('genotype known')?.n).toBe(probes[0]);
      expect(score('genotype unknown')?.n).toBe(probes[1]);
      expect(score('all')?.rmse).toBeGreaterThan(0);
      expect(score('all')?.coverage80).toBeGreaterThan(0.2);
    }
    expect(Math.abs(sut.recovery.logCl)).toBeLessThanOrEqual(1);
  });
});
