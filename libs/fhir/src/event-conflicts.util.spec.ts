import { describe, expect, it } from 'vitest';
import { canonicalRecordFactory } from './__tests__/fhir-factories';
import { findInRequestConflicts } from './event-conflicts.util';

const record = canonicalRecordFactory;

describe(findInRequestConflicts.name, () => {
  it('should find the second value under one id of one patient and source', () => {
    const other = record({ value: { kind: 'quantity', value: 250, unit: 'mg/dL' } });
    expect(findInRequestConflicts([record(), other])).toEqual([other]);
  });

  it('should take a re-send (another receipt time or display) as the same event, not a conflict', () => {
    expect(findInRequestConflicts([record(), record({ receivedTime: '2026-03-02T00:00:00.000Z', display: 'Glucose' })])).toEqual([]);
  });

  it('should let two patients, or two sources, use the same id without conflict', () => {
    const b = record({ patientId: 'p-2', value: { kind: 'quantity', value: 250, unit: 'mg/dL' } });
    const c = record({ source: 'libre', value: { kind: 'quantity', value: 90, unit: 'mg/dL' } });
    expect(findInRequestConflicts([record(), b, c])).toEqual([]);
  });
});
