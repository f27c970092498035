import { describe, expect, it } from 'vitest';
import { sensitivityLine } from './recommendations';

describe(sensitivityLine.name, () => {
  it('should name up to three parameters beyond the noise level, with ρ, and nothing when none is', () => {
    const parameters = [
      { parameter: 'kp3', rank_correlation: -0.62 },
      { parameter: 'si', rank_correlation: 0.31 },
      { parameter: 'ka', rank_correlation: 0.1 },
    ];
    expect(sensitivityLine({ noise_level: 0.247, parameters })).toBe('The predicted gain rests most on kp3 (ρ −0.62), si (ρ 0.31)');
    expect(sensitivityLine({ noise_level: 0.7, parameters })).toBeNull();
    expect(sensitivityLine(undefined)).toBeNull();
  });
});
