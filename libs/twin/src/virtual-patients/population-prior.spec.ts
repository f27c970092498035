import { uvaPadovaSubjects } from '@shuji/models';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ESTIMATED } from '../composition/t1d-parameters';
import { populationPrior } from './population-prior';
import { subjectsOf } from './subject-split';

describe(populationPrior.name, () => {
  it('should be the geometric mean of the group tuning subjects only', () => {
    const sut = populationPrior('adult');
    const tuning = uvaPadovaSubjects().filter((s) => subjectsOf('tuning', 'adult').includes(s.name));
    expect(sut.subjects).toHaveLength(5);
    const geo = Math.exp(tuning.reduce((a, s) => a + Math.log(s.parameters.Vmx), 0) / 5);
    expect(sut.prior.Vmx).toBeCloseTo(geo, 12);
  });

  it('should never equal a regression or sealed subject', () => {
    for (const group of ['adolescent', 'adult', 'child'] as const) {
      const sut = populationPrior(group);
      for (const name of [...subjectsOf('regression', group), ...subjectsOf('sealed', group)]) {
        const s = uvaPadovaSubjects().find((x) => x.name === name);
        expect(s?.parameters.Vmx).not.toBeCloseTo(sut.prior.Vmx, 8);
      }
    }
  });

  it('should claim the real between-subject spread, wider than the default 0.1', () => {
    const sut = populationPrior('child');
    expect(sut.estimated.map((e) => e.name)).toEqual(DEFAULT_ESTIMATED.map((e) => e.name));
    for (const e of sut.estimated) expect(e.logSd).toBeGreaterThan(0.1);
    expect(Math.max(...sut.estimated.map((e) => e.logSd))).toBeGreaterThan(0.3);
    // the same spread for any positive parameter (e.g. the basal need u2ss, which a validation estimates too)
    for (const e of sut.estimated) expect(sut.logSd[e.name]).toBe(e.logSd);
    expect(sut.logSd.u2ss).toBeGreaterThan(0.1);
  });

  it('should recompute the steady-state parameters from the population values', () => {
    const p = populationPrior('adolescent').prior;
    // EGPb = kp1 − kp2·Gpb − kp3·Ib at basal (Dalla Man et al. 2007, eq. 2)
    expect(p.kp1 - p.kp2 * p.Gpb - p.kp3 * p.Ib).toBeCloseTo(p.EGPb, 10);
  });
});
