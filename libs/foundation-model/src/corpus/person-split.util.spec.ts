import { describe, expect, it } from 'vitest';
import { splitOfPerson } from './person-split.util';

describe(splitOfPerson.name, () => {
  it('should put about 10 % of persons in test and 10 % in validation, the same way every time', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `t1d-1-virtual#${String(i).padStart(6, '0')}`);
    const splits = ids.map(splitOfPerson);
    const share = (s: string): number => splits.filter((x) => x === s).length / ids.length;
    expect(share('test')).toBeGreaterThan(0.08);
    expect(share('test')).toBeLessThan(0.12);
    expect(share('validation')).toBeGreaterThan(0.08);
    expect(share('validation')).toBeLessThan(0.12);
    expect(ids.map(splitOfPerson)).toEqual(splits);
  });
});
