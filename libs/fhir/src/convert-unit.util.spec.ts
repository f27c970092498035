import { describe, expect, it } from 'vitest';
import { convertUnit, normaliseUnitSymbol } from './convert-unit.util';

const GLUCOSE = 180.156;

function value(result: ReturnType<typeof convertUnit>): number {
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

describe(convertUnit.name, () => {
  it('should convert glucose mmol/L to mg/dL with the factor 18.0156 and back', () => {
    expect(value(convertUnit(5.5, 'mmol/L', 'mg/dL', GLUCOSE))).toBeCloseTo(5.5 * 18.0156, 10);
    expect(value(convertUnit(100, 'mg/dL', 'mmol/L', GLUCOSE))).toBeCloseTo(100 / 18.0156, 10);
  });

  it('should refuse a conversion that overflows to Infinity when the value is finite (1e307 mmol/L)', () => {
    const sut = convertUnit(1e307, 'mmol/L', 'mg/dL', GLUCOSE);
    expect(sut.ok).toBe(false);
    expect(sut.ok ? '' : sut.message).toContain('not a finite number of mg/dL');
  });

  it('should convert cholesterol 5 mmol/L to 193.3 mg/dL (factor 38.67, Tietz)', () => {
    expect(value(convertUnit(5, 'mmol/L', 'mg/dL', 386.65))).toBeCloseTo(193.325, 6);
  });

  it('should refuse a mass↔molar conversion without a molar mass', () => {
    const result = convertUnit(5.5, 'mmol/L', 'mg/dL');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('molar mass');
  });

  it('should convert pounds to kilograms with the exact international pound', () => {
    expect(value(convertUnit(1, '[lb_av]', 'kg'))).toBe(0.45359237);
    expect(value(convertUnit(150, 'lbs', 'kg'))).toBeCloseTo(68.0388555, 9);
  });

  it.each([
    [98.6, '[degF]', 'Cel', 37],
    [212, '[degF]', 'Cel', 100],
    [-40, '[degF]', 'Cel', -40],
    [37, 'Cel', '[degF]', 98.6],
    [0, 'Cel', 'K', 273.15],
  ])('should convert %s %s to %s %s', (v, from, to, expected) => {
    expect(value(convertUnit(v, from, to))).toBeCloseTo(expected, 10);
  });

  it('should convert lengths: 1 in = 2.54 cm, 6 ft = 182.88 cm', () => {
    expect(value(convertUnit(1, '[in_i]', 'cm'))).toBeCloseTo(2.54, 12);
    expect(value(convertUnit(6, '[ft_i]', 'cm'))).toBeCloseTo(182.88, 10);
  });

  it('should convert 760 mm[Hg] to one standard atmosphere, 101.325 kPa, within UCUM’s 6 significant digits', () => {
    expect(value(convertUnit(760, 'mm[Hg]', 'kPa'))).toBeCloseTo(101.325, 2);
  });

  it('should convert mass concentrations: 1 g/dL = 1000 mg/dL = 10 g/L', () => {
    expect(value(convertUnit(1, 'g/dL', 'mg/dL'))).toBeCloseTo(1000, 9);
    expect(value(convertUnit(1, 'g/dL', 'g/L'))).toBeCloseTo(10, 12);
  });

  it('should treat annotations as unity: {beats}/min is /min', () => {
    expect(value(convertUnit(1, '{beats}/min', '/s'))).toBeCloseTo(1 / 60, 12);
  });

  it('should return the value unchanged for the same unit, even an unknown one', () => {
    expect(convertUnit(3, '{score}', '{score}')).toEqual({ ok: true, value: 3, unit: '{score}' });
  });

  it('should refuse units of different kinds, unknown units and non-finite values', () => {
    expect(convertUnit(1, 'kg', 'cm').ok).toBe(false);
    expect(convertUnit(1, 'furlong', 'm').ok).toBe(false);
    expect(convertUnit(Number.NaN, 'kg', 'g').ok).toBe(false);
    expect(convertUnit(Number.POSITIVE_INFINITY, 'kg', 'g').ok).toBe(false);
  });
});

describe(normaliseUnitSymbol.name, () => {
  it.each([
    ['mg/dl', 'mg/dL'],
    ['mmHg', 'mm[Hg]'],
    ['°F', '[degF]'],
    ['lbs', '[lb_av]'],
    [' kg ', 'kg'],
    ['mL/min/{1.73_m2}', 'mL/min/{1.73_m2}'],
  ])('should write %s as the UCUM code %s', (input, code) => {
    expect(normaliseUnitSymbol(input)).toBe(code);
  });
});
