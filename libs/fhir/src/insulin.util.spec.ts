import { describe, expect, it } from 'vitest';
import { RXNORM_SYSTEM } from './canonical-observation';
import { ATC_SYSTEM, isInsulinCoding, readInsulinUnit } from './insulin.util';

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
