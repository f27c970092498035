import type { CanonicalObservation } from '../canonical-observation';
import type { Bundle, BundleEntry, Observation, Patient, Resource } from '../fhir-types';

/** Small builders for specs: a valid resource by default, overridden field by field. */

export const SYNTHEA_SYSTEM = 'https://github.com/synthetichealth/synthea';

export function observationFactory(overrides: Partial<Observation> & Record<string, unknown> = {}): Observation {
  return {
    resourceType: 'Observation',
    id: 'obs-1',
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: '2339-0', display: 'Glucose' }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: '2026-01-05T07:30:00+01:00',
    valueQuantity: { value: 98, unit: 'mg/dL', system: 'http://unitsofmeasure.org', code: 'mg/dL' },
    ...overrides,
  } as Observation;
}

export function bloodPressureFactory(panel = '85354-9', overrides: Record<string, unknown> = {}): Observation {
  const { valueQuantity: _v, ...base } = observationFactory({ id: 'bp-1' });
  return {
    ...base,
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: panel }] },
    component: [
      { code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: { value: 128, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
      { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valueQuantity: { value: 82, unit: 'mmHg' } },
    ],
    ...overrides,
  } as Observation;
}

export function patientFactory(id = 'pat-uuid-1', identifierValue = id): Patient {
  return { resourceType: 'Patient', id, identifier: [{ system: SYNTHEA_SYSTEM, value: identifierValue }] };
}

export function entry(resource: Resource, fullUrl?: string, request: Record<string, unknown> = { method: 'POST', url: resource.resourceType }): BundleEntry {
  return { ...(fullUrl !== undefined ? { fullUrl } : {}), resource, request } as unknown as BundleEntry;
}

export function bundleFactory(type: 'transaction' | 'batch', entries: BundleEntry[]): Bundle {
  return { resourceType: 'Bundle', type, entry: entries };
}

/** A canonical record (a stored CGM reading unless overridden). */
export function canonicalRecordFactory(overrides: Partial<CanonicalObservation> = {}): CanonicalObservation {
  return {
    eventId: 'g7-1',
    patientId: 'p-1',
    codeSystem: 'http://loinc.org',
    code: '99504-3',
    value: { kind: 'quantity', value: 120, unit: 'mg/dL' },
    effectiveTime: '2026-03-01T08:00:00.000Z',
    receivedTime: '2026-03-01T08:01:00.000Z',
    source: 'dexcom',
    modality: 'cgm',
    ...overrides,
  };
}
