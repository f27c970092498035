import { describe, expect, it } from 'vitest';
import type { MedicationRequest } from './fhir-types';
import { normaliseMedicationRequest, scheduleOf, validateMedicationRequest } from './medication-request.util';

const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const ctx = { patientId: 'p-1', receivedAt: new Date('2026-03-01T00:00:00Z'), source: 'fhir' };

function request(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resourceType: 'MedicationRequest',
    id: 'rx-1',
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: { coding: [{ system: RXNORM, code: '855332', display: 'warfarin sodium 5 MG Oral Tablet' }] },
    subject: { reference: 'Patient/p-1' },
    authoredOn: '2026-02-01T08:00:00Z',
    ...overrides,
  };
}

const dosage = (repeat: Record<string, unknown>, doseQuantity?: Record<string, unknown>) => ({
  dosageInstruction: [{ timing: { repeat }, ...(doseQuantity === undefined ? {} : { doseAndRate: [{ doseQuantity }] }) }],
});

describe(scheduleOf.name, () => {
  it('should read a request without dosage as one tablet of the product a day from authoredOn', () => {
    expect(scheduleOf(request() as unknown as MedicationRequest)).toMatchObject({ atc: 'B01AA03', mg: 5, everyMin: 1440, startIso: '2026-02-01T08:00:00.000Z' });
  });

  it.each([
    [{ frequency: 2, period: 1, periodUnit: 'd' }, { value: 2.5, unit: 'mg' }, 2.5, 720],
    [{ frequency: 1, period: 8, periodUnit: 'h' }, { value: 1, code: '{tbl}' }, 5, 480],
    [{ period: 1, periodUnit: 'wk' }, { value: 0.0075, unit: 'g' }, 7.5, 10_080],
  ])('should read the timing %j and dose %j as %d mg every %d min', (repeat, dose, mg, everyMin) => {
    expect(scheduleOf(request(dosage(repeat, dose)) as unknown as MedicationRequest)).toMatchObject({ mg, everyMin });
  });

  it('should bound the schedule by boundsPeriod', () => {
    const schedule = scheduleOf(request(dosage({ boundsPeriod: { start: '2026-02-03', end: '2026-02-17' } })) as unknown as MedicationRequest);
    expect(schedule).toMatchObject({ startIso: '2026-02-03T00:00:00.000Z', endIso: '2026-02-17T00:00:00.000Z' });
  });

  it.each([
    [{ status: 'stopped' }],
    [{ status: 'draft' }],
    [{ intent: 'proposal' }],
    [{ medicationCodeableConcept: { coding: [{ system: RXNORM, code: '313782', display: 'Acetaminophen 325 MG Oral Tablet' }] } }],
  ])('should schedule nothing for %j', (overrides) => {
    expect(scheduleOf(request(overrides) as unknown as MedicationRequest)).toBeUndefined();
    expect(normaliseMedicationRequest(request(overrides) as unknown as MedicationRequest, ctx)).toEqual([]);
  });
});

describe(validateMedicationRequest.name, () => {
  it.each([
    [dosage({}, { value: 5, unit: 'mL' }), 'dosageInstruction[0].doseAndRate[0].doseQuantity', 'must be a mass'],
    [dosage({}, { value: 80, unit: 'mg' }), 'dosageInstruction[0].doseAndRate[0].doseQuantity', 'at most 50 mg'],
    [dosage({ periodUnit: 'mo' }), 'dosageInstruction[0].timing.repeat.periodUnit', 'must be h, d or wk'],
    [dosage({ frequency: 24, period: 1, periodUnit: 'h' }), 'dosageInstruction[0].timing.repeat', 'outside a tablet schedule'],
    [dosage({ boundsPeriod: { start: '2026-02-10', end: '2026-02-01' } }), 'dosageInstruction[0].timing.repeat.boundsPeriod.end', 'after its start'],
    [{ status: 'taken' }, 'status', 'medicationrequest-status'],
  ])('should refuse %j naming %s', (overrides, field, text) => {
    const result = validateMedicationRequest(request(overrides));
    expect(result.ok).toBe(false);
    expect(result.issues).toContainEqual(expect.objectContaining({ expression: [`MedicationRequest.${field}`], diagnostics: expect.stringContaining(text) }));
  });

  it('should accept another drug\'s request whatever its dosage says', () => {
    const other = request({ medicationCodeableConcept: { coding: [{ system: RXNORM, code: '313782' }] }, ...dosage({}, { value: 5, unit: 'mL' }) });
    expect(validateMedicationRequest(other).ok).toBe(true);
  });
});

describe(normaliseMedicationRequest.name, () => {
  it('should give one medication record carrying the schedule, with a deterministic id', () => {
    const [record] = normaliseMedicationRequest(request(dosage({ boundsPeriod: { start: '2026-02-03', end: '2026-02-17' } }, { value: 2, code: '{tbl}' })) as unknown as MedicationRequest, ctx);
    expect(record).toMatchObject({ patientId: 'p-1', code: '855332', modality: 'medication', value: { kind: 'quantity', value: 10, unit: 'mg' }, effectiveTime: '2026-02-03T00:00:00.000Z', schedule: { everyMin: 1440, endTime: '2026-02-17T00:00:00.000Z' }, sourceResource: 'MedicationRequest/rx-1/_history/1' });
    expect(normaliseMedicationRequest(request() as unknown as MedicationRequest, ctx)[0]!.eventId).toBe(normaliseMedicationRequest(request() as unknown as MedicationRequest, { ...ctx, receivedAt: new Date() })[0]!.eventId);
  });
});
