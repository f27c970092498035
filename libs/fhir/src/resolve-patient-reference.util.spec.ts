import { describe, expect, it } from 'vitest';
import { EMPTY_PATIENT_INDEX } from './canonical-observation';
import { parseIdentifierQuery, resolvePatientReference, type BundleReferenceIndex } from './resolve-patient-reference.util';

const bundle: BundleReferenceIndex = {
  byFullUrl: new Map([
    ['urn:uuid:p', { resourceType: 'Patient', id: 'p-id' }],
    ['urn:uuid:enc', { resourceType: 'Encounter', id: 'e-id' }],
    ['http://example.org/fhir/Patient/abs', { resourceType: 'Patient', id: 'abs' }],
  ]),
  patients: [{ id: 'p-id', identifiers: [{ system: 'urn:mrn', value: '7' }] }],
};

describe(resolvePatientReference.name, () => {
  it.each([
    ['urn:uuid:p', 'p-id'],
    ['http://example.org/fhir/Patient/abs', 'abs'],
    ['Patient/123', '123'],
    ['Patient/123/_history/4', '123'],
    ['https://server.example/fhir/Patient/x-1', 'x-1'],
    ['Patient?identifier=urn:mrn|7', 'p-id'],
    ['Patient?identifier=urn%3Amrn%7C7', 'p-id'],
    ['Patient?identifier=7', 'p-id'],
  ])('should resolve %s to %s', (reference, id) => {
    expect(resolvePatientReference(reference, bundle, EMPTY_PATIENT_INDEX)).toEqual({ ok: true, patientId: id });
  });

  it.each([
    ['urn:uuid:missing', 'not-found'],
    ['urn:uuid:enc', 'invalid'],
    ['Group/1', 'not-supported'],
    ['Patient?name=Ann', 'not-supported'],
    ['Patient?identifier=urn:mrn|8', 'not-found'],
    ['', 'not-supported'],
  ])('should refuse %s with %s', (reference, code) => {
    const result = resolvePatientReference(reference, bundle, EMPTY_PATIENT_INDEX);
    expect(result.ok === false && result.code).toBe(code);
  });

  it('should fall back to the index for a system|value not in the bundle', () => {
    const index = { findByIdentifier: (s: string, v: string) => (s === 'urn:mrn' && v === '8' ? 'stored' : undefined) };
    expect(resolvePatientReference('Patient?identifier=urn:mrn|8', bundle, index)).toEqual({ ok: true, patientId: 'stored' });
  });
});

describe(parseIdentifierQuery.name, () => {
  it('should read system|value, a bare value, and refuse other parameters or empty values', () => {
    expect(parseIdentifierQuery('identifier=https://github.com/synthetichealth/synthea|abc')).toEqual({ system: 'https://github.com/synthetichealth/synthea', value: 'abc' });
    expect(parseIdentifierQuery('Patient?identifier=abc')).toEqual({ value: 'abc' });
    expect(parseIdentifierQuery('identifier=|abc')).toEqual({ value: 'abc' });
    expect(parseIdentifierQuery('identifier=sys|')).toBeUndefined();
    expect(parseIdentifierQuery('identifier=a|b&name=x')).toBeUndefined();
    expect(parseIdentifierQuery('name=x')).toBeUndefined();
  });
});
