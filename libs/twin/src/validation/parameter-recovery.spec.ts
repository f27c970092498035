import { describe, expect, it } from 'vitest';
import { ensembleMean, recoveryScore } from './parameter-recovery';

describe(recoveryScore.name, () => {
  it('should give correlation 1 and RMSE 0 when the estimates are the truth, and the prior RMSE beside it', () => {
    const sut = recoveryScore([
      { estimate: 1, prior: 0, truth: 1 },
      { estimate: 3, prior: 0, truth: 3 },
    ]);
    expect(sut).toEqual({ n: 2, correlation: 1, rmse: 0, priorRmse: Math.sqrt(5), relativeRmse: 0 });
  });

  it('should score a shrunken estimate between the prior and the truth', () => {
    const rows = [-2, -1, 1, 2].map((truth) => ({ estimate: truth / 2, prior: 0, truth }));
    const sut = recoveryScore(rows);
    expect(sut.correlation).toBeCloseTo(1, 12);
    expect(sut.relativeRmse).toBeCloseTo(0.5, 12);
  });

  it('should give n 0 and NaN figures for no rows', () => {
    expect(recoveryScore([])).toEqual({ n: 0, correlation: NaN, rmse: NaN, priorRmse: NaN, relativeRmse: NaN });
  });
});

describe(ensembleMean.name, () => {
  it('should average one entry over the members, transformed', () => {
    const members = [Float64Array.of(0, Math.log(2)), Float64Array.of(0, Math.log(4))];
    expect(ensembleMean(members, 1, Math.exp)).toBeCloseTo(3, 12);
    expect(ensembleMean(members, 0)).toBe(0);
    expect(() => ensembleMean([], 0)).toThrow(/empty/);
  });
});
