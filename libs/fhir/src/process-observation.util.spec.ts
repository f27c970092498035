import { describe, expect, it } from 'vitest';
import { observationFactory } from './__tests__/fhir-factories';
import { processObservation } from './process-observation.util';

const receivedAt = new Date('2026-02-01T00:00:00Z');

describe(processObservation.name, () => {
  it('should accept a valid Observation for Patient/<id> and answer its location', () => {
    const sut = processObservation(observationFactory(), { receivedAt });
    expect(sut.kind).toBe('processed');
    if (sut.kind !== 'processed') return;
    expect(sut.location).toBe('Observation/obs-1/_history/1');
    expect(sut.observations.map((o) => [o.patientId, o.code])).toEqual([['p1', '2339-0']]);
    expect(sut.outcome.issue[0]?.diagnostics).toBe('All OK');
  });

  it('should reject invalid content with 400 and the failing path', () => {
    const sut = processObservation(observationFactory({ effectiveDateTime: 'yesterday' }), { receivedAt });
    expect(sut.kind === 'rejected' && sut.status).toBe(400);
    expect(sut.kind === 'rejected' && sut.outcome.issue[0]?.expression).toEqual(['Observation.effectiveDateTime']);
  });

  it('should reject a subject that cannot be resolved with 422', () => {
    const sut = processObservation(observationFactory({ subject: { reference: 'urn:uuid:123' } }), { receivedAt });
    expect(sut.kind === 'rejected' && [sut.status, sut.outcome.issue[0]?.code, sut.outcome.issue[0]?.expression]).toEqual([422, 'not-found', ['Observation.subject.reference']]);
  });

  it('should reject a unit that does not convert to the canonical one with 422', () => {
    const sut = processObservation(observationFactory({ valueQuantity: { value: 1, unit: 'kg' } }), { receivedAt });
    expect(sut.kind === 'rejected' && [sut.status, sut.outcome.issue[0]?.expression]).toEqual([422, ['Observation.valueQuantity.unit']]);
  });

  it('should reject a meal out of 0-1000 g with 400 and the failing path, as a bundle does', () => {
    const sut = processObservation(observationFactory({ code: { coding: [{ system: 'http://loinc.org', code: '9059-7' }] }, valueQuantity: { value: 1500, unit: 'g' } }), { receivedAt });
    expect(sut.kind === 'rejected' && [sut.status, sut.outcome.issue[0]?.code, sut.outcome.issue[0]?.expression]).toEqual([400, 'value', ['Observation.valueQuantity.value']]);
  });

  it('should resolve a conditional subject through the patient index', () => {
    const sut = processObservation(observationFactory({ subject: { reference: 'Patient?identifier=urn:mrn|5' } }), { receivedAt, patientIndex: { findByIdentifier: () => 'p-5' } });
    expect(sut.kind === 'processed' && sut.observations[0]?.patientId).toBe('p-5');
  });
});
