import { describe, expect, it } from 'vitest';
import { bundleFactory, entry, observationFactory, patientFactory } from './__tests__/fhir-factories';
import { collectPatientIdentifiers } from './collect-patient-identifiers.util';

describe(collectPatientIdentifiers.name, () => {
  it('should collect ifNoneExist and conditional subject identifiers once each', () => {
    const bundle = bundleFactory('transaction', [
      entry(patientFactory(), 'urn:uuid:p', { method: 'POST', url: 'Patient', ifNoneExist: 'identifier=urn:mrn|1' }),
      entry(observationFactory({ subject: { reference: 'Patient?identifier=urn:mrn|1' } })),
      entry(observationFactory({ subject: { reference: 'Patient?identifier=urn:mrn|2' } })),
      entry(observationFactory({ subject: { reference: 'Patient?identifier=bare' } })),
    ]);
    expect(collectPatientIdentifiers(bundle)).toEqual([
      { system: 'urn:mrn', value: '1' },
      { system: 'urn:mrn', value: '2' },
    ]);
  });

  it('should read a single Observation and ignore malformed input', () => {
    expect(collectPatientIdentifiers(observationFactory({ subject: { reference: 'Patient?identifier=urn:mrn|3' } }))).toEqual([{ system: 'urn:mrn', value: '3' }]);
    expect(collectPatientIdentifiers({ resourceType: 'Bundle', entry: [null, 1, { request: 'x' }] })).toEqual([]);
    expect(collectPatientIdentifiers('nonsense')).toEqual([]);
  });
});
