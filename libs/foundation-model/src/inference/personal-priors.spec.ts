import { describe, expect, it } from 'vitest';
import { PERSONAL_PARAMETERS } from '../corpus/observation-codes';
import { personalPriors } from './foundation-model';

describe(personalPriors.name, () => {
  // [B = 2, K = 4, 2]: row b, parameter k holds (mean of ln θ, ln SD) = (10b + k, ln(0.1·(k + 1)))
  const raw = Float32Array.from({ length: 2 * PERSONAL_PARAMETERS.length * 2 }, (_, i) => {
    const b = Math.floor(i / (2 * PERSONAL_PARAMETERS.length));
    const k = Math.floor(i / 2) % PERSONAL_PARAMETERS.length;
    return i % 2 === 0 ? 10 * b + k : Math.log(0.1 * (k + 1));
  });

  it('should name the parameters in the head order and turn ln SD into the SD when reading row b', () => {
    const sut = personalPriors(raw, 1);
    expect(sut.map((p) => p.name)).toEqual(['Vmx', 'kp3', 'kabs', 'p2u']);
    sut.forEach((p, k) => {
      expect(p.logMean).toBe(10 + k);
      expect(p.logSd).toBeCloseTo(0.1 * (k + 1), 6);
    });
  });

  it('should read the first row when b is 0', () => {
    expect(personalPriors(raw, 0).map((p) => p.logMean)).toEqual([0, 1, 2, 3]);
  });
});
