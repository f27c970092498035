import { describe, expect, it } from 'vitest';
import { isoDurationHasTime, isoDurationMinutes } from './iso-duration';

describe(isoDurationMinutes.name, () => {
  it.each([
    ['P90D', 90 * 1440],
    ['PT36H', 36 * 60],
    ['PT90M', 90],
    ['P1W2DT12H', (9 * 24 + 12) * 60],
    ['P1DT30M', 1440 + 30],
  ])('should read %s as %i minutes', (text, minutes) => {
    expect(isoDurationMinutes(text)).toBe(minutes);
  });

  it.each(['P', 'PT', 'P1DT', '90D', 'P1Y', 'P1M', 'P1.5D', 'p1d', ' P1D', 7, undefined])('should refuse %s', (text) => {
    expect(isoDurationMinutes(text)).toBeUndefined();
  });

  it('should tell a time grid from whole days', () => {
    expect(isoDurationHasTime('PT6H')).toBe(true);
    expect(isoDurationHasTime('P30D')).toBe(false);
  });
});
