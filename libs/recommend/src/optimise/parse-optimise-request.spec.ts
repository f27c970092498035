import { describe, expect, it } from 'vitest';
import { defaultWhatIfRegistry } from '../whatif/default-what-if-registry';
import { defaultOptimiseRegistry } from './default-optimise-registry';
import { optimisePluginFor, parseOptimiseRequest } from './parse-optimise-request';

const registry = defaultWhatIfRegistry();
const plugin = optimisePluginFor('t1d-settings', defaultOptimiseRegistry());
const parse = (body: unknown) => parseOptimiseRequest(body, plugin, registry);

describe(parseOptimiseRequest.name, () => {
  it('should default to 7 days, seed 1, UTC, 3 options and the default limits', () => {
    expect(parse({})).toMatchObject({ horizon: 'P7D', horizonMin: 7 * 1440, seed: 1, utcOffsetMin: 0, options: 3, current: [], limits: { maxStepFraction: 0.2 } });
    expect(parse(undefined).horizon).toBe('P7D');
  });

  it('should read current settings as a what-if reads them', () => {
    const sut = parse({ horizon: 'P3D', current: [{ kind: 'carb-ratio', grams_per_unit: 12 }], options: 1 });
    expect(sut.current).toEqual([{ kind: 'carb-ratio', field: 'current[0]', startMs: undefined, endMs: undefined, value: { kind: 'carb-ratio', gramsPerUnit: 12 } }]);
  });

  it.each([
    [{ horizon: 'P100Y' }, 'horizon'],
    [{ horizon: 'P60D' }, 'horizon'],
    [{ options: 0 }, 'options'],
    [{ options: 2.5 }, 'options'],
    [{ arms: [] }, 'arms'],
    [{ current: [{ kind: 'carb-ratio', grams_per_unit: 0 }] }, 'current[0].grams_per_unit'],
    [{ limits: { max_step_percent: 0 } }, 'limits.max_step_percent'],
    ['x', 'body'],
  ])('should refuse %j naming %s', (body, field) => {
    expect(() => parse(body)).toThrow(expect.objectContaining({ field }));
  });

  it('should refuse an unknown kind naming it', () => {
    expect(() => optimisePluginFor('bp-titration', defaultOptimiseRegistry())).toThrow(expect.objectContaining({ field: 'kind' }));
  });
});
