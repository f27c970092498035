import { seededRandom } from '@shuji/stats';
import { describe, expect, it } from 'vitest';
import { BODY_WEIGHT_POPULATION, bodyWeightPriors, clipLog, drawLog } from './body-weight-priors';

describe('bodyWeightPriors', () => {
  it('should use the population priors for unknown traits and height by sex', () => {
    const sut = bodyWeightPriors({});
    expect(sut.maleProbability).toBe(0.5);
    expect(sut.BW0).toEqual(BODY_WEIGHT_POPULATION.weightKg);
    expect(sut.heightCm(true).median).toBe(177);
    expect(sut.heightCm(false).median).toBe(164);
    expect(sut.PAL.median).toBe(1.6);
  });

  it('should hold known traits at their value with a small spread', () => {
    const sut = bodyWeightPriors({ sex: 'female', ageYears: 52, heightCm: 158, weightKg: 71, pal: 1.45 });
    expect(sut.maleProbability).toBe(0);
    expect(sut.heightCm(true)).toEqual({ median: 158, logSd: 0.006, bounds: [130, 220] });
    expect(sut.age.median).toBe(52);
    expect(sut.BW0.median).toBe(71);
    expect(sut.PAL).toEqual({ median: 1.45, logSd: 0.05, bounds: [1.3, 2.4] });
  });

  it('should draw within the bounds, and clip outside values to them', () => {
    const prior = { median: 1.6, logSd: 2, bounds: [1.3, 2.4] as const };
    const rng = seededRandom('bounds');
    for (let k = 0; k < 200; k++) {
      const x = Math.exp(drawLog(prior, rng));
      expect(x).toBeGreaterThanOrEqual(1.3 - 1e-12);
      expect(x).toBeLessThanOrEqual(2.4 + 1e-12);
    }
    expect(Math.exp(clipLog(prior, Math.log(10)))).toBeCloseTo(2.4, 12);
  });
});
