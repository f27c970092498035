import { describe, expect, it } from 'vitest';
import type { WhatIfTwin } from '../whatif/what-if-plugin';
import { outcomeSensitivity } from './outcome-sensitivity';

/** Members of three log-parameters: `si` drives the effect, `ka` is noise, `vg` is the same in every member. */
function twin(n: number): Pick<WhatIfTwin, 'component' | 'ensemble'> {
  const variables = [
    { name: 'glucose', unit: 'mg/dL', index: 0, kind: 'state' as const },
    { name: 'si', unit: '1/min', index: 1, kind: 'log-parameter' as const },
    { name: 'ka', unit: '1/min', index: 2, kind: 'log-parameter' as const },
    { name: 'vg', unit: 'dL/kg', index: 3, kind: 'log-parameter' as const },
  ];
  const ensemble = Array.from({ length: n }, (_, k) => Float64Array.of(120 + k, Math.log(0.5 + k / n), Math.log(1 + ((k * 37) % n) / n), Math.log(1.9)));
  return { component: { variables } as unknown as WhatIfTwin['component'], ensemble };
}

describe(outcomeSensitivity.name, () => {
  it('should rank the parameter the effect follows first, skip constant ones and state the noise level', () => {
    const t = twin(64);
    const effect = t.ensemble.map((m) => -10 * Math.exp(m[1]) ** 2); // falls as si rises
    const s = outcomeSensitivity(t, effect, 'time_in_range (option − current)');
    expect(s.parameters.map((p) => p.parameter)).toEqual(['si', 'ka']);
    expect(s.parameters[0].rank_correlation).toBe(-1);
    expect(Math.abs(s.parameters[1].rank_correlation)).toBeLessThan(s.noise_level);
    // two parameters tested: Bonferroni's z for 5 % two-sided over 2 tests is 2.2414
    expect(s.noise_level).toBeCloseTo(2.2414 / Math.sqrt(63), 3);
    expect(s.parameters[0].mean).toBeCloseTo(0.5 + 31.5 / 64, 12);
  });

  it('should keep at most `top` parameters and refuse an effect not one per member', () => {
    const t = twin(16);
    expect(outcomeSensitivity(t, t.ensemble.map((m) => m[2]), 'x', 1).parameters).toHaveLength(1);
    expect(() => outcomeSensitivity(t, [1, 2], 'x')).toThrow(RangeError);
  });
});
