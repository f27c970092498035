import { describe, expect, it } from 'vitest';
import { LOINC_SYSTEM } from './canonical-observation';
import { plausibilityError } from './check-plausibility.util';

describe(plausibilityError.name, () => {
  it.each([
    ['2339-0', -90, 'mg/dL'],
    ['2339-0', 1e9, 'mg/dL'],
    ['29463-7', -70, 'kg'],
    ['8867-4', 1e6, '/min'],
    ['99504-3', 5000, 'mg/dL'],
  ])('should refuse LOINC %s = %s %s naming the range', (code, value, unit) => {
    const sut = plausibilityError(LOINC_SYSTEM, code, value, unit);
    expect(sut).toMatch(new RegExp(`^LOINC ${code} must be within [\\d.]+-[\\d.]+ `));
  });

  it('should accept extreme but real values when they are inside the range', () => {
    expect(plausibilityError(LOINC_SYSTEM, '2339-0', 1200, 'mg/dL')).toBeUndefined(); // hyperosmolar state
    expect(plausibilityError(LOINC_SYSTEM, '8867-4', 0, '/min')).toBeUndefined(); // asystole
    expect(plausibilityError(LOINC_SYSTEM, '29463-7', 0.6, 'kg')).toBeUndefined(); // a preterm newborn
  });

  it('should refuse a non-finite value for any code, and pass a finite one of a code or unit without a row', () => {
    expect(plausibilityError(LOINC_SYSTEM, '2339-0', Infinity, 'mg/dL')).toContain('not a finite number');
    expect(plausibilityError('urn:acme', 'hrv', Number.NaN, 'ms')).toContain('not a finite number');
    expect(plausibilityError('urn:acme', 'hrv', 1e9, 'ms')).toBeUndefined();
    expect(plausibilityError(LOINC_SYSTEM, '2339-0', 1e9, '{unconverted}')).toBeUndefined();
  });
});

describe('plausibilityError of a code outside LOINC', () => {
  it('should bound the physical activity level and refuse another unit, naming the code', () => {
    expect(plausibilityError('urn:shuji:twin', 'physical-activity-level', 1.6, '1')).toBeUndefined();
    expect(plausibilityError('urn:shuji:twin', 'physical-activity-level', 3.2, '1')).toBe('urn:shuji:twin|physical-activity-level must be within 1-2.5 1 to be physiologically plausible, got 3.2 1');
    expect(plausibilityError('urn:shuji:twin', 'physical-activity-level', 1.6, 'kg')).toBe('urn:shuji:twin|physical-activity-level must be in 1, got kg');
  });
});
