import { getModelRegistration, sampleVirtualSubjects, uvaPadovaSubjects } from '@shuji/models';
import { describe, expect, it } from 'vitest';
import { FM_CORPUS_LOG_SD, selectHighInsulinSensitivity } from './ood-cohort.util';

describe(selectHighInsulinSensitivity.name, () => {
  it('should keep exactly the draws with Vmx in the top decile region when screening a cohort', () => {
    const sut = selectHighInsulinSensitivity(2028, 5);
    expect(sut).toMatchObject({ seed: 2028, logSd: FM_CORPUS_LOG_SD });
    const draws = sampleVirtualSubjects(getModelRegistration('uva-padova-s2008'), { count: (sut.indices.at(-1) ?? 0) + 1, seed: 2028, logSd: 0.15 });
    const base = new Map(uvaPadovaSubjects().map((s) => [s.name, s.parameters.Vmx]));
    const inRegion = draws.map((d, i) => [i, d.parameters.Vmx / (base.get(d.baseSubject) ?? Number.NaN) >= Math.exp(1.2816 * 0.15)] as const);
    expect(sut.indices).toEqual(inRegion.filter(([, yes]) => yes).map(([i]) => i));
    // about one draw in ten lies there
    expect(sut.indices.at(-1)).toBeGreaterThan(15);
  });

  it('should refuse when too few draws lie in the region', () => {
    expect(() => selectHighInsulinSensitivity(2028, 50, 0.15, 40)).toThrow(/of 40 draws/);
  });
});
