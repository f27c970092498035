import { describe, expect, it } from 'vitest';
import { cardSummary, CDS_SUMMARY_MAX } from './cds-hooks.types';
import { cdsServiceById } from './cds-services';
import { draftMedicationOrders } from './draft-orders';
import { parseCdsHookRequest } from './parse-cds-hook-request';

const orderSign = cdsServiceById('shuji-order-sign')!;
const order = (id: string, coding: object, dose: object | undefined, repeat?: object) => ({
  resource: { resourceType: 'MedicationRequest', id, medicationCodeableConcept: { coding: [coding] }, dosageInstruction: [{ ...(repeat ? { timing: { repeat } } : {}), ...(dose ? { doseAndRate: [{ doseQuantity: dose }] } : {}) }] },
});
const request = (entries: object[]) =>
  parseCdsHookRequest({ hook: 'order-sign', hookInstance: '0b6d1f6e-2c3a-4f7e-9d1a-5e4b3c2a1f00', context: { userId: 'Practitioner/1', patientId: 'Patient/p1', draftOrders: { resourceType: 'Bundle', entry: entries } } }, orderSign);

describe(cardSummary.name, () => {
  it('should keep a short summary and cut a long one at a word below 140 characters', () => {
    expect(cardSummary('INR 4.8')).toBe('INR 4.8');
    const long = cardSummary('word '.repeat(60));
    expect(long.length).toBeLessThanOrEqual(CDS_SUMMARY_MAX);
    expect(long.endsWith('word…')).toBe(true);
  });
});

describe(parseCdsHookRequest.name, () => {
  it('should take a Patient/ reference as the bare patient id', () => {
    expect(request([]).context.patientId).toBe('p1');
  });

  it('should name the draft order entry whose resource is missing', () => {
    expect(() => request([{}])).toThrow(expect.objectContaining({ field: 'context.draftOrders.entry[0].resource' }));
  });
});

describe(draftMedicationOrders.name, () => {
  it('should read the daily dose of warfarin (RxNorm) and amlodipine (ATC), in g or twice a day, and skip other drugs', () => {
    const sut = draftMedicationOrders(
      request([
        order('w', { system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '11289' }, { value: 0.0025, code: 'g' }, { frequency: 2, period: 1, periodUnit: 'd' }),
        order('a', { system: 'http://www.whocc.no/atc', code: 'C08CA01' }, { value: 5, unit: 'mg' }),
        order('x', { system: 'http://www.whocc.no/atc', code: 'N02BE01' }, { value: 500, unit: 'mg' }),
        order('n', { system: 'http://www.whocc.no/atc', code: 'C08CA01' }, undefined),
      ]),
    );
    expect(sut.map((o) => [o.resource.id, o.atc, o.dailyMg])).toEqual([
      ['w', 'B01AA03', 5],
      ['a', 'C08CA01', 5],
      ['n', 'C08CA01', null],
    ]);
  });
});
