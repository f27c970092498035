import { describe, expect, it } from 'vitest';
import { lognormalParameter } from './lognormal-parameter';

describe(lognormalParameter.name, () => {
  it('should centre the log-normal prior on the default (its median) with the given log-space SD', () => {
    const sut = lognormalParameter({ name: 'SI', unit: '/min', default: 8.2e-4, range: [1e-4, 4e-3], description: 'insulin sensitivity' }, 0.5);
    expect(sut).toEqual({ name: 'SI', unit: '/min', default: 8.2e-4, range: [1e-4, 4e-3], prior: { kind: 'lognormal', logMean: Math.log(8.2e-4), logSd: 0.5 }, description: 'insulin sensitivity' });
    expect(Object.keys(sut)).toEqual(['name', 'unit', 'default', 'range', 'prior', 'description']);
  });
});
