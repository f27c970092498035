import { describe, expect, it } from 'vitest';
import { canonicalRecordFactory } from './__tests__/fhir-factories';
import type { CanonicalObservation } from './canonical-observation';
import { bloodPressurePairError } from './check-blood-pressure.util';

const reading = (code: string, value: number, over: Partial<CanonicalObservation> = {}): CanonicalObservation =>
  canonicalRecordFactory({ eventId: `${code}-${value}`, code, value: { kind: 'quantity', value, unit: 'mm[Hg]' }, modality: 'vital', ...over });

describe(bloodPressurePairError.name, () => {
  it('should find a diastolic at or above the systolic of the same measurement', () => {
    expect(bloodPressurePairError([reading('8480-6', 120), reading('8462-4', 80)])).toBeUndefined();
    expect(bloodPressurePairError([reading('8480-6', 80), reading('8462-4', 120)])).toEqual({ index: 1, message: 'diastolic 120 mm[Hg] must be below the systolic 80 mm[Hg] of the same measurement' });
    expect(bloodPressurePairError([reading('8462-4', 90), reading('8480-6', 90)])?.index).toBe(0);
  });

  it('should not pair readings of other times, people or sources', () => {
    expect(bloodPressurePairError([reading('8480-6', 80), reading('8462-4', 120, { effectiveTime: '2026-01-01T09:00:00.000Z' })])).toBeUndefined();
    expect(bloodPressurePairError([reading('8480-6', 80), reading('8462-4', 120, { patientId: 'q' })])).toBeUndefined();
    expect(bloodPressurePairError([reading('8480-6', 80, { sourceResource: 'Observation/a' }), reading('8462-4', 120, { sourceResource: 'Observation/b' })])).toBeUndefined();
  });
});
