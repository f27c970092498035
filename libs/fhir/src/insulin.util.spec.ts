import { describe, expect, it } from 'vitest';
import { RXNORM_SYSTEM } from './canonical-observation';
import { ATC_SYSTEM, INSULIN_RATE_UNIT, INSULIN_UNIT, checkInsulinQuantity, insulinRatePerHour, isInsulinCoding, readInsulinUnit, type InsulinQuantity } from './insulin.util';

describe(isInsulinCoding.name, () => {
  it.each([
    [{ system: ATC_SYSTEM, code: 'A10AB04' }, true],
    [{ system: ATC_SYSTEM, code: 'A10AE04' }, true],
    [{ system: ATC_SYSTEM, code: 'A10BA02' }, false], // metformin: a blood-glucose lowering drug, not an insulin
    [{ system: RXNORM_SYSTEM, code: '311041', display: 'insulin lispro 100 UNT/ML Injectable Solution' }, true],
    [{ system: RXNORM_SYSTEM, code: '855332', display: 'warfarin sodium 5 MG Oral Tablet' }, false],
    [{ system: RXNORM_SYSTEM, code: '311041' }, false],
    [{ system: 'http://snomed.info/sct', code: '67866001', display: 'Insulin' }, false],
  ])('should tell whether %o is an insulin when coded so', (coding, expected) => {
    expect(isInsulinCoding(coding)).toBe(expected);
  });
});

describe(readInsulinUnit.name, () => {
  it.each([
    ['U', '[IU]'],
    ['[IU]', '[IU]'],
    [' [iU] ', '[IU]'],
    ['IU', '[IU]'],
    ['U/h', '[IU]/h'],
    ['[IU]/h', '[IU]/h'],
  ])('should read %s as %s', (unit, expected) => {
    expect(readInsulinUnit(unit)?.unit).toBe(expected);
  });

  it.each(['mg', 'mU', 'U/min', 'U/d', '', 'mL'])('should refuse %j when it is not an international unit or a rate per hour of one', (unit) => {
    expect(readInsulinUnit(unit)).toBeUndefined();
  });
});

describe(insulinRatePerHour.name, () => {
  it.each([
    [0.45, 30, 0.9],
    [2, 120, 1],
    [0, 15, 0],
  ])('should make %s U over %s min a rate of %s U/h', (units, minutes, expected) => {
    expect(insulinRatePerHour(units, minutes)).toBe(expected);
  });
});

describe(checkInsulinQuantity.name, () => {
  type Options = Parameters<typeof checkInsulinQuantity>[2];

  it.each<[number, string, Options, InsulinQuantity]>([
    [4.5, 'U', {}, { value: 4.5, unit: '[IU]' }],
    [300, '[IU]', {}, { value: 300, unit: '[IU]' }],
    [0.9, 'U/h', {}, { value: 0.9, unit: '[IU]/h' }],
    [100, '[IU]/h', { accept: [INSULIN_RATE_UNIT] }, { value: 100, unit: '[IU]/h' }],
    [0.45, 'U', { overMinutes: 30 }, { value: 0.9, unit: '[IU]/h' }],
    [0.9, 'U/h', { overMinutes: 30 }, { value: 0.9, unit: '[IU]/h' }], // a rate stays the rate whatever the time
  ])('should read %s %s (%o) as %o', (value, unit, options, expected) => {
    expect(checkInsulinQuantity(value, unit, options)).toEqual({ ok: true, quantity: expected });
  });

  it.each<[number, string, Options, string]>([
    [4, 'mg', {}, 'insulin is dosed in international units: "U" or "[IU]" for a bolus, "U/h" or "[IU]/h" for a basal rate; got "mg"'],
    [1, 'U/h', { accept: [INSULIN_UNIT] }, 'insulin is dosed in international units: "U" or "[IU]" for a bolus; got "U/h"'],
    [1, 'U', { accept: [INSULIN_RATE_UNIT] }, 'insulin is dosed in international units: "U/h" or "[IU]/h" for a basal rate; got "U"'],
  ])('should refuse the unit of %s %s when it is not one of those accepted (%o)', (value, unit, options, message) => {
    expect(checkInsulinQuantity(value, unit, options)).toEqual({ ok: false, field: 'unit', message });
  });

  it.each<[number, string, Options, string]>([
    [301, 'U', {}, 'an insulin bolus must be 0-300 IU, got 301 IU'],
    [-1, 'U', {}, 'an insulin bolus must be 0-300 IU, got -1 IU'],
    [101, 'U/h', {}, 'a basal rate must be 0-100 IU/h, got 101 IU/h'],
    [60, 'U', { overMinutes: 30 }, 'a basal rate must be 0-100 IU/h, got 120 IU/h'], // within a bolus's bound, not as a rate
  ])('should refuse the value of %s %s (%o) out of its bound', (value, unit, options, message) => {
    expect(checkInsulinQuantity(value, unit, options)).toEqual({ ok: false, field: 'value', message });
  });
});
