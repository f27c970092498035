import { describe, expect, it } from 'vitest';
import { parseWarfarinDoseRequest } from './warfarin-dose.request';

const valid = {
  age_years: 65,
  height_cm: 170,
  weight_kg: 75,
  cyp2c9: '*3/*1',
  vkorc1_1639: 'A/G',
  race: 'white',
  amiodarone: false,
  enzyme_inducer: false,
  target_inr: 2.5,
};

describe(parseWarfarinDoseRequest.name, () => {
  it('should normalise genotypes and map fields when the request is valid', () => {
    expect(parseWarfarinDoseRequest(valid)).toEqual({
      ageYears: 65,
      heightCm: 170,
      weightKg: 75,
      cyp2c9: '*1/*3',
      vkorc1: 'G/A',
      race: 'white',
      amiodarone: false,
      enzymeInducer: false,
      targetInr: 2.5,
    });
  });

  it('should take null genotypes and race as unknown', () => {
    const sut = parseWarfarinDoseRequest({ ...valid, cyp2c9: null, vkorc1_1639: null, race: null });
    expect([sut.cyp2c9, sut.vkorc1, sut.race]).toEqual([null, null, 'mixed_or_unknown']);
  });

  const refusals: [string, Record<string, unknown>][] = [
    ['weight_kg', { weight_kg: 2000 }],
    ['weight_kg', { weight_kg: -5 }],
    ['weight_kg', { weight_kg: '75' }],
    ['height_cm', { height_cm: 30 }],
    ['age_years', { age_years: 12 }],
    ['cyp2c9', { cyp2c9: '*4/*1' }],
    ['cyp2c9', { cyp2c9: 'fast' }],
    ['vkorc1_1639', { vkorc1_1639: 'C/X' }],
    ['vkorc1_1639', { vkorc1_1639: 'CAT' }],
    ['target_inr', { target_inr: 5 }],
    ['target_inr', { target_inr: 1.2 }],
    ['target_inr', { target_inr: undefined }],
    ['race', { race: 'martian' }],
    ['amiodarone', { amiodarone: 'yes' }],
    ['dose', { dose: 5 }],
  ];
  for (const [field, change] of refusals) {
    it(`should name ${field} when it is ${JSON.stringify(change[field] ?? change)}`, () => {
      expect(() => parseWarfarinDoseRequest({ ...valid, ...change })).toThrow(new RegExp(`^${field}: `));
    });
  }

  it('should refuse a body that is not an object', () => {
    expect(() => parseWarfarinDoseRequest([1])).toThrow(/^body: /);
  });
});
