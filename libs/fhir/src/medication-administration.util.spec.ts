import { describe, expect, it } from 'vitest';
import type { MedicationAdministration } from './fhir-types';
import { normaliseMedicationAdministration, validateMedicationAdministration } from './medication-administration.util';
import { processDeviceObservations } from './process-device-observations.util';

const ATC = 'http://www.whocc.no/atc';
const ctx = { patientId: 'p1', receivedAt: new Date('2026-01-06T00:00:00Z'), source: 'fhir' };
const administration = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  resourceType: 'MedicationAdministration',
  id: 'ma-1',
  status: 'completed',
  medicationCodeableConcept: {
    coding: [
      { system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1652644' },
      { system: ATC, code: 'A10AB04', display: 'insulin lispro' },
    ],
  },
  subject: { reference: 'Patient/p1' },
  effectiveDateTime: '2026-01-05T12:00:00Z',
  dosage: { dose: { value: 4, unit: 'U', system: 'http://unitsofmeasure.org', code: 'U' } },
  ...overrides,
});

function normalised(input: Record<string, unknown>) {
  const valid = validateMedicationAdministration(input);
  if (!valid.ok) throw new Error(JSON.stringify(valid.issues));
  return normaliseMedicationAdministration(valid.value, ctx);
}

describe(normaliseMedicationAdministration.name, () => {
  it('should keep the ATC coding of an insulin and read U as [IU] when it is a bolus', () => {
    expect(normalised(administration())).toEqual([
      expect.objectContaining({ codeSystem: ATC, code: 'A10AB04', modality: 'medication', value: { kind: 'quantity', value: 4, unit: '[IU]' }, effectiveTime: '2026-01-05T12:00:00.000Z' }),
    ]);
  });

  it('should make a basal rate from dosage.rateQuantity, or from a dose over a closed effectivePeriod', () => {
    const byRate = administration({ effectiveDateTime: undefined, effectivePeriod: { start: '2026-01-05T00:00:00Z' }, dosage: { rateQuantity: { value: 0.8, code: '[IU]/h' } } });
    const bySpread = administration({ effectiveDateTime: undefined, effectivePeriod: { start: '2026-01-05T00:00:00Z', end: '2026-01-05T00:30:00Z' }, dosage: { dose: { value: 0.4, code: '[IU]' } } });
    expect([...normalised(byRate), ...normalised(bySpread)].map((r) => [r.value, r.effectiveTime])).toEqual([
      [{ kind: 'quantity', value: 0.8, unit: '[IU]/h' }, '2026-01-05T00:00:00.000Z'],
      [{ kind: 'quantity', value: 0.8, unit: '[IU]/h' }, '2026-01-05T00:00:00.000Z'],
    ]);
  });

  it('should keep a non-insulin dose in its own unit and its RxNorm coding', () => {
    const warfarin = administration({ medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '855332' }] }, dosage: { dose: { value: 5, code: 'mg' } } });
    expect(normalised(warfarin).map((r) => [r.code, r.value])).toEqual([['855332', { kind: 'quantity', value: 5, unit: 'mg' }]]);
  });

  it('should store nothing when the administration was not done', () => {
    expect(normalised(administration({ status: 'not-done' }))).toEqual([]);
  });
});

describe(validateMedicationAdministration.name, () => {
  it.each([
    ['MedicationAdministration.dosage.dose.code', { dosage: { dose: { value: 4, code: 'mg' } } }],
    ['MedicationAdministration.dosage.dose.value', { dosage: { dose: { value: 400, code: 'U' } } }],
    ['MedicationAdministration.dosage.rateQuantity.code', { dosage: { rateQuantity: { value: 1, code: 'U/min' } } }],
    ['MedicationAdministration.dosage.rateQuantity.value', { dosage: { rateQuantity: { value: 150, code: 'U/h' } } }],
    ['MedicationAdministration.dosage.dose', { dosage: { route: { text: 'subcutaneous' } } }],
    ['MedicationAdministration.effectivePeriod.end', { effectiveDateTime: undefined, effectivePeriod: { start: '2026-01-05T01:00:00Z', end: '2026-01-05T00:00:00Z' } }],
    // 60 U over 30 min is within a bolus's bound but is a rate of 120 U/h
    ['MedicationAdministration.dosage.dose.value', { effectiveDateTime: undefined, effectivePeriod: { start: '2026-01-05T00:00:00Z', end: '2026-01-05T00:30:00Z' }, dosage: { dose: { value: 60, code: 'U' } } }],
  ])('should name %s when an insulin administration is bad', (expression, overrides) => {
    const sut = validateMedicationAdministration(administration(overrides));
    expect(sut.ok).toBe(false);
    expect(sut.issues.flatMap((i) => i.expression ?? [])).toContain(expression);
  });

  it.each([
    [{ dose: { value: 400, code: 'U' } }, { value: 400, unit: 'U' }],
    [{ rateQuantity: { value: 150, code: 'U/h' } }, { value: 150, unit: 'U/h' }],
  ])('should word an insulin dosage %o out of bounds as the device format words the same amount', (dosage, item) => {
    const fhir = validateMedicationAdministration(administration({ dosage }));
    const device = processDeviceObservations([{ patient_id: 'p1', code: `${ATC}|A10AB04`, time: '2026-01-05T12:00:00Z', ...item }], { receivedAt: ctx.receivedAt });
    expect(device.ok).toBe(false);
    expect(fhir.issues.map((i) => i.diagnostics)).toEqual(device.ok ? [] : device.errors.map((e) => e.message));
  });

  it('should accept a valid insulin administration with no blocking issue', () => {
    const sut = validateMedicationAdministration(administration());
    expect(sut.ok && (sut.value as MedicationAdministration).id).toBe('ma-1');
  });
});
