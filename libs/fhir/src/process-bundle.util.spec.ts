import { describe, expect, it } from 'vitest';
import { bloodPressureFactory, bundleFactory, entry, observationFactory, patientFactory, SYNTHEA_SYSTEM } from './__tests__/fhir-factories';
import type { PatientIndex } from './canonical-observation';
import type { Quantity } from './fhir-types';
import type { BundleIngestResult } from './ingest-result';
import { processBundle } from './process-bundle.util';

const receivedAt = new Date('2026-02-01T00:00:00Z');
const PATIENT_URL = 'urn:uuid:11111111-2222-4333-8444-555555555555';

function processed(result: BundleIngestResult): Extract<BundleIngestResult, { kind: 'processed' }> {
  if (result.kind !== 'processed') throw new Error(`rejected: ${JSON.stringify(result.outcome)}`);
  return result;
}

function synthea(type: 'transaction' | 'batch' = 'transaction') {
  return bundleFactory(type, [
    entry(patientFactory(), PATIENT_URL),
    entry(observationFactory({ id: 'glu-1', subject: { reference: PATIENT_URL } }), 'urn:uuid:obs-1'),
    entry(bloodPressureFactory('55284-4', { id: 'bp-1', subject: { reference: PATIENT_URL } }), 'urn:uuid:obs-2'),
    entry({ resourceType: 'Claim', id: 'claim-1' }, 'urn:uuid:claim-1'),
  ]);
}

describe(processBundle.name, () => {
  it('should resolve urn:uuid subjects to the patient and split the panel in a transaction', () => {
    const sut = processed(processBundle(synthea(), { receivedAt }));
    expect(sut.bundleType).toBe('transaction');
    expect(sut.patients).toEqual([{ id: 'pat-uuid-1', identifiers: [{ system: SYNTHEA_SYSTEM, value: 'pat-uuid-1' }] }]);
    expect(sut.observations.map((o) => [o.patientId, o.code])).toEqual([
      ['pat-uuid-1', '2339-0'],
      ['pat-uuid-1', '8480-6'],
      ['pat-uuid-1', '8462-4'],
    ]);
    expect(sut.response.type).toBe('transaction-response');
    expect(sut.response.entry?.map((e) => [e.response?.status, e.response?.location])).toEqual([
      ['201 Created', 'Patient/pat-uuid-1'],
      ['201 Created', 'Observation/glu-1/_history/1'],
      ['201 Created', 'Observation/bp-1/_history/1'],
      ['200 OK', undefined],
    ]);
    expect(sut.response.entry?.[3]?.response?.outcome?.issue[0]?.diagnostics).toContain('Claim is accepted and not stored');
  });

  it('should give the same event ids when the same bundle is posted twice', () => {
    const first = processed(processBundle(synthea(), { receivedAt }));
    const second = processed(processBundle(synthea(), { receivedAt: new Date('2026-03-01T00:00:00Z') }));
    expect(second.observations.map((o) => o.eventId)).toEqual(first.observations.map((o) => o.eventId));
  });

  it('should reject the whole transaction with every failing location when one entry is invalid', () => {
    const bundle = synthea();
    const bad = { ...bundle, entry: [...bundle.entry!, entry(observationFactory({ id: 'bad', subject: { reference: PATIENT_URL }, valueQuantity: { value: 'x' as unknown as number, unit: 'kg' } }))] };
    const result = processBundle(bad, { receivedAt });
    expect(result.kind).toBe('rejected');
    if (result.kind !== 'rejected') return;
    expect(result.status).toBe(400);
    expect(result.outcome.resourceType).toBe('OperationOutcome');
    expect(result.outcome.issue).toEqual([expect.objectContaining({ severity: 'error', code: 'value', expression: ['Bundle.entry[4].resource.valueQuantity.value'] })]);
  });

  it('should process the valid entries of a batch and answer per entry', () => {
    const bundle = synthea('batch');
    const withBad = { ...bundle, entry: [...bundle.entry!, entry(observationFactory({ id: 'orphan', subject: { reference: 'urn:uuid:nobody' } }))] };
    const sut = processed(processBundle(withBad, { receivedAt }));
    expect(sut.response.type).toBe('batch-response');
    expect(sut.observations).toHaveLength(3);
    const last = sut.response.entry?.[4]?.response;
    expect(last?.status).toBe('422 Unprocessable Entity');
    expect(last?.outcome?.issue[0]).toMatchObject({ code: 'not-found', expression: ['Bundle.entry[4].resource.subject.reference'] });
  });

  it('should not resolve batch references to a patient entry that failed', () => {
    const bundle = bundleFactory('batch', [
      entry({ ...patientFactory(), id: 'bad id' }, PATIENT_URL),
      entry(observationFactory({ subject: { reference: PATIENT_URL } })),
    ]);
    const sut = processed(processBundle(bundle, { receivedAt }));
    expect(sut.observations).toEqual([]);
    expect(sut.response.entry?.map((e) => e.response?.status)).toEqual(['400 Bad Request', '422 Unprocessable Entity']);
  });

  it('should resolve a conditional reference against a patient in the same bundle', () => {
    const bundle = bundleFactory('transaction', [
      entry(patientFactory('pat-9', 'mrn-9'), 'urn:uuid:p9'),
      entry(observationFactory({ subject: { reference: `Patient?identifier=${encodeURIComponent(SYNTHEA_SYSTEM)}|mrn-9` } })),
      entry(observationFactory({ id: 'obs-2', subject: { reference: `Patient?identifier=${SYNTHEA_SYSTEM}|mrn-9` } })),
    ]);
    expect(processed(processBundle(bundle, { receivedAt })).observations.map((o) => o.patientId)).toEqual(['pat-9', 'pat-9']);
  });

  it('should resolve a conditional reference and a conditional create against patients already stored', () => {
    const index: PatientIndex = { findByIdentifier: (s, v) => (s === SYNTHEA_SYSTEM && v === 'known' ? 'stored-7' : undefined) };
    const bundle = bundleFactory('transaction', [
      entry({ resourceType: 'Patient', identifier: [{ system: SYNTHEA_SYSTEM, value: 'known' }] }, 'urn:uuid:p', { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${SYNTHEA_SYSTEM}|known` }),
      entry(observationFactory({ subject: { reference: 'urn:uuid:p' } })),
      entry(observationFactory({ id: 'obs-2', subject: { reference: `Patient?identifier=${SYNTHEA_SYSTEM}|known` } })),
    ]);
    const sut = processed(processBundle(bundle, { receivedAt, patientIndex: index }));
    expect(sut.observations.map((o) => o.patientId)).toEqual(['stored-7', 'stored-7']);
    expect(sut.response.entry?.[0]?.response).toMatchObject({ status: '200 OK', location: 'Patient/stored-7' });
  });

  it('should fail a conditional reference that matches no patient, or more than one', () => {
    const none = bundleFactory('transaction', [entry(observationFactory({ subject: { reference: 'Patient?identifier=urn:x|nobody' } }))]);
    const two = bundleFactory('transaction', [
      entry(patientFactory('a', 'same'), 'urn:uuid:a'),
      entry(patientFactory('b', 'same'), 'urn:uuid:b'),
      entry(observationFactory({ subject: { reference: 'Patient?identifier=same' } })),
    ]);
    const r1 = processBundle(none, { receivedAt });
    const r2 = processBundle(two, { receivedAt });
    expect(r1.kind === 'rejected' && r1.status === 422 && r1.outcome.issue[0]?.code).toBe('not-found');
    expect(r2.kind === 'rejected' && r2.outcome.issue[0]?.code).toBe('multiple-matches');
  });

  it('should derive a stable patient id from the first identifier when a POSTed Patient has no id', () => {
    const bundle = () => bundleFactory('transaction', [entry({ resourceType: 'Patient', identifier: [{ system: 'urn:mrn', value: '42' }] }, 'urn:uuid:x'), entry(observationFactory({ subject: { reference: 'urn:uuid:x' } }))]);
    const a = processed(processBundle(bundle(), { receivedAt }));
    const b = processed(processBundle(bundle(), { receivedAt }));
    expect(a.patients[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.patients[0]?.id).toBe(a.patients[0]?.id);
    expect(a.observations[0]?.patientId).toBe(a.patients[0]?.id);
  });

  it('should take the id of a PUT from its url and check it against the resource', () => {
    const ok = bundleFactory('transaction', [entry({ resourceType: 'Patient' }, undefined, { method: 'PUT', url: 'Patient/put-1' }), entry(observationFactory({ subject: { reference: 'Patient/put-1' } }))]);
    const sut = processed(processBundle(ok, { receivedAt }));
    expect(sut.patients[0]?.id).toBe('put-1');
    const clash = bundleFactory('transaction', [entry(patientFactory('other'), undefined, { method: 'PUT', url: 'Patient/put-1' })]);
    const r = processBundle(clash, { receivedAt });
    expect(r.kind === 'rejected' && r.outcome.issue[0]?.expression).toEqual(['Bundle.entry[0].resource.id']);
  });

  it.each([
    ['a non-object body', [], 'Bundle'],
    ['a non-Bundle resource', { resourceType: 'Observation' }, 'Bundle.resourceType'],
    ['a searchset bundle', { resourceType: 'Bundle', type: 'searchset' }, 'Bundle.type'],
    ['a bundle without type', { resourceType: 'Bundle' }, 'Bundle.type'],
    ['entry that is not an array', { resourceType: 'Bundle', type: 'batch', entry: {} }, 'Bundle.entry'],
  ])('should reject %s at %s', (_name, body, path) => {
    const r = processBundle(body, { receivedAt });
    expect(r.kind).toBe('rejected');
    expect(r.kind === 'rejected' && r.outcome.issue.flatMap((i) => i.expression ?? [])).toContain(path);
  });

  it.each([
    ['a DELETE', { method: 'DELETE', url: 'Observation/1' }, 'Bundle.entry[0].request.method'],
    ['a POST to another type', { method: 'POST', url: 'Patient' }, 'Bundle.entry[0].request.url'],
    ['a missing request', undefined, 'Bundle.entry[0].request'],
    ['ifNoneExist on an Observation', { method: 'POST', url: 'Observation', ifNoneExist: 'identifier=a|b' }, 'Bundle.entry[0].request.ifNoneExist'],
  ])('should reject an entry with %s at %s', (_name, request, path) => {
    const e = { resource: observationFactory(), ...(request !== undefined ? { request } : {}) };
    const r = processBundle({ resourceType: 'Bundle', type: 'transaction', entry: [e] }, { receivedAt });
    expect(r.kind === 'rejected' && r.outcome.issue.flatMap((i) => i.expression ?? [])).toContain(path);
  });

  it('should reject duplicate fullUrls (bdl-7)', () => {
    const bundle = bundleFactory('transaction', [entry(patientFactory('a'), 'urn:uuid:same'), entry(patientFactory('b'), 'urn:uuid:same')]);
    const r = processBundle(bundle, { receivedAt });
    expect(r.kind === 'rejected' && r.outcome.issue[0]).toMatchObject({ code: 'invariant', expression: ['Bundle.entry[1].fullUrl'] });
  });

  it('should accept an empty transaction with an empty response', () => {
    const sut = processed(processBundle({ resourceType: 'Bundle', type: 'transaction', entry: [] }, { receivedAt }));
    expect(sut.observations).toEqual([]);
    expect(sut.response.entry).toEqual([]);
  });

  describe('meals (LOINC 9059-7)', () => {
    const meal = (valueQuantity: Quantity) => observationFactory({ id: 'meal-1', code: { coding: [{ system: 'http://loinc.org', code: '9059-7' }] }, subject: { reference: PATIENT_URL }, valueQuantity });
    const withMeal = (type: 'transaction' | 'batch', valueQuantity: Quantity) => bundleFactory(type, [entry(patientFactory(), PATIENT_URL), entry(meal(valueQuantity))]);

    it('should store a meal within 0-1000 g in g, converting its mass unit', () => {
      const sut = processed(processBundle(withMeal('transaction', { value: 0.05, system: 'http://unitsofmeasure.org', code: 'kg' }), { receivedAt }));
      expect(sut.observations.map((o) => [o.code, o.modality, o.value])).toEqual([['9059-7', 'meal', { kind: 'quantity', value: 50, unit: 'g' }]]);
    });

    it.each([
      [{ value: 1500, code: 'g' }, 1500],
      [{ value: -5, unit: 'g' }, -5],
      [{ value: 1.5, code: 'kg' }, 1500], // the bound is on the grams, as in the device format
    ])('should reject a transaction with a meal of %o naming its value, as the device format bounds it', (valueQuantity, grams) => {
      const r = processBundle(withMeal('transaction', valueQuantity), { receivedAt });
      expect(r.kind === 'rejected' && [r.status, r.outcome.issue]).toEqual([
        400,
        [{ severity: 'error', code: 'value', diagnostics: `a meal's carbohydrate must be 0-1000 g, got ${grams} g`, expression: ['Bundle.entry[1].resource.valueQuantity.value'] }],
      ]);
    });

    it('should fail only the meal out of bounds in a batch', () => {
      const sut = processed(processBundle(withMeal('batch', { value: 1500, code: 'g' }), { receivedAt }));
      expect(sut.observations).toEqual([]);
      expect(sut.response.entry?.map((e) => e.response?.status)).toEqual(['201 Created', '400 Bad Request']);
    });
  });

  it('should turn an insulin MedicationAdministration into a medication record with its dose in [IU]', () => {
    const admin = {
      resourceType: 'MedicationAdministration',
      id: 'ma-1',
      status: 'completed',
      medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '311041', display: 'insulin aspart' }] },
      subject: { reference: PATIENT_URL },
      effectiveDateTime: '2026-01-05T12:00:00Z',
      dosage: { dose: { value: 4, unit: 'U', system: 'http://unitsofmeasure.org', code: '[iU]' } },
    };
    const sut = processed(processBundle(bundleFactory('transaction', [entry(patientFactory(), PATIENT_URL), entry(admin)]), { receivedAt }));
    expect(sut.observations).toEqual([expect.objectContaining({ patientId: 'pat-uuid-1', code: '311041', modality: 'medication', value: { kind: 'quantity', value: 4, unit: '[IU]' }, effectiveTime: '2026-01-05T12:00:00.000Z' })]);
  });
  it('should answer entry: [null] with an OperationOutcome naming the entry, and keep the other entries of a batch', () => {
    const bundle = { ...bundleFactory('batch', [entry(observationFactory({ id: 'glu-ok' }))]), entry: [null, entry(observationFactory({ id: 'glu-ok' }))] };
    const sut = processed(processBundle(bundle, { receivedAt }));
    expect(sut.response.entry?.[0]?.response?.status).toBe('400 Bad Request');
    expect(sut.response.entry?.[0]?.response?.outcome?.issue[0]?.expression).toEqual(['Bundle.entry[0]']);
    expect(sut.observations.map((o) => o.sourceResource)).toEqual(['Observation/glu-ok/_history/1']);
  });

  it('should keep a batch when one entry holds a NUL byte or an implausible value: only that entry fails', () => {
    const bundle = bundleFactory('batch', [
      entry(observationFactory({ id: 'a', code: { coding: [{ system: 'http://loinc.org', code: '2339-0', display: 'x\u0000' }] } })),
      entry(observationFactory({ id: 'b', valueQuantity: { value: -90, unit: 'mg/dL' } })),
      entry(observationFactory({ id: 'c' })),
    ]);
    const sut = processed(processBundle(bundle, { receivedAt }));
    expect(sut.response.entry?.map((e) => e.response?.status)).toEqual(['400 Bad Request', '422 Unprocessable Entity', '201 Created']);
    expect(sut.observations.map((o) => o.sourceResource)).toEqual(['Observation/c/_history/1']);
  });

  it('should reject a Bundle nested deeper than the bound with 400', () => {
    const deep = JSON.parse(`{"resourceType":"Bundle","type":"batch","entry":[${'{"x":['.repeat(20_000)}{}${']}'.repeat(20_000)}]}`) as unknown;
    const sut = processBundle(deep, { receivedAt });
    expect(sut.kind === 'rejected' && [sut.status, sut.outcome.issue[0]?.code]).toEqual([400, 'structure']);
  });
});
