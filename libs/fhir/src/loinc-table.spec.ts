import { describe, expect, it } from 'vitest';
import { convertUnit } from './convert-unit.util';
import { BLOOD_PRESSURE_PANELS, LOINC_TABLE } from './loinc-table';

describe('LOINC_TABLE', () => {
  it('should give every non-panel entry a canonical unit and every panel none', () => {
    for (const [code, entry] of Object.entries(LOINC_TABLE)) {
      expect(entry.panel === true ? entry.unit === undefined : entry.unit !== undefined, code).toBe(true);
    }
    for (const code of BLOOD_PRESSURE_PANELS) expect(LOINC_TABLE[code]?.panel, code).toBe(true);
  });

  it('should make every molar mass usable: mmol/L converts to the canonical unit of a mass-concentration code', () => {
    for (const [code, entry] of Object.entries(LOINC_TABLE)) {
      if (entry.molarMass === undefined || entry.unit === undefined) continue;
      const other = entry.unit === 'mmol/L' ? 'mg/dL' : 'mmol/L';
      expect(convertUnit(1, other, entry.unit, entry.molarMass).ok, code).toBe(true);
    }
  });

  it('should reproduce the conventional clinical factors from the molar masses', () => {
    const factor = (code: string) => {
      const r = convertUnit(1, 'mmol/L', 'mg/dL', LOINC_TABLE[code]!.molarMass);
      return r.ok ? r.value : Number.NaN;
    };
    expect(factor('2339-0')).toBeCloseTo(18.0156, 4); // glucose
    expect(factor('2093-3')).toBeCloseTo(38.665, 3); // cholesterol
    expect(factor('2571-8')).toBeCloseTo(88.57, 2); // triglycerides
    expect(factor('2160-0')).toBeCloseTo(11.312, 3); // creatinine: 1 mg/dL = 1000/11.312 = 88.4 µmol/L
    expect(factor('6299-2')).toBeCloseTo(2.8014, 4); // urea nitrogen
    expect(factor('49765-1')).toBeCloseTo(4.0078, 4); // calcium
  });
});
