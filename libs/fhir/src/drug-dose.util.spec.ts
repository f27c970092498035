import { describe, expect, it } from 'vitest';
import { RXNORM_SYSTEM } from './canonical-observation';
import { atcOfDrug, checkDrugDose } from './drug-dose.util';
import { ATC_SYSTEM } from './insulin.util';

describe(checkDrugDose.name, () => {
  it('should convert mass doses to mg', () => {
    expect(checkDrugDose('B01AA03', 5, 'mg')).toEqual({ ok: true, mg: 5 });
    expect(checkDrugDose('B01AA03', 0.005, 'g')).toEqual({ ok: true, mg: 5 });
    expect(checkDrugDose('C08CA01', 2500, 'ug')).toEqual({ ok: true, mg: expect.closeTo(2.5, 12) });
    expect(checkDrugDose('C08CA01', 2500, 'mcg')).toEqual({ ok: true, mg: expect.closeTo(2.5, 12) });
  });

  it('should refuse a volume, a count or kg as the unit, naming the unit', () => {
    expect(checkDrugDose('B01AA03', 5, 'mL')).toEqual({ ok: false, field: 'unit', message: 'a dose of warfarin must be a mass in mg, g, ug, got "mL"' });
    expect(checkDrugDose('B01AA03', 0.005, 'kg')).toMatchObject({ ok: false, field: 'unit' });
    expect(checkDrugDose('B01AA03', 1, '{tablet}')).toMatchObject({ ok: false, field: 'unit' });
  });

  it('should refuse a dose of 0 or beyond the bound, naming the value', () => {
    expect(checkDrugDose('B01AA03', 0, 'mg')).toMatchObject({ ok: false, field: 'value' });
    expect(checkDrugDose('B01AA03', 5, 'g')).toEqual({ ok: false, field: 'value', message: 'a dose of warfarin must be above 0 and at most 50 mg, got 5000 mg' });
  });
});

describe(atcOfDrug.name, () => {
  it('should read ATC, map the listed RxNorm codes and leave insulin and unknown codes out', () => {
    expect(atcOfDrug({ system: ATC_SYSTEM, code: 'B01AA03' })).toBe('B01AA03');
    expect(atcOfDrug({ system: RXNORM_SYSTEM, code: '855332' })).toBe('B01AA03');
    expect(atcOfDrug({ system: RXNORM_SYSTEM, code: '17767' })).toBe('C08CA01');
    expect(atcOfDrug({ system: RXNORM_SYSTEM, code: '849574' })).toBeUndefined();
    expect(atcOfDrug({ system: ATC_SYSTEM, code: 'A10AB04' })).toBeUndefined();
  });
});
