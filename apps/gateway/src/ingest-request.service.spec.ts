import { AccessDeniedError, AccessErrorCode, Permission, Role, type Principal } from '@shuji/access';
import type { EventPublisher } from '@shuji/messaging';
import { describe, expect, it } from 'vitest';
import type { PatientDirectory } from './gateway.tokens';
import { IngestRequestService } from './ingest-request.service';

function setup(): { sut: IngestRequestService; published: string[] } {
  const published: string[] = [];
  const publisher = { publish: (_topic: string, m: { key: string }) => Promise.resolve(void published.push(m.key)) } as unknown as EventPublisher;
  const directory: PatientDirectory = { findByIdentifiers: () => Promise.resolve(new Map()) };
  return { sut: new IngestRequestService(publisher, directory), published };
}

const device: Principal = { id: 'device:cgm-1', role: Role.Device, patients: ['p-1'] };
const reading = (patient: string, minute: number): Record<string, unknown> => ({ patient_id: patient, code: '99504-3', value: 110, unit: 'mg/dL', time: `2026-03-01T08:${String(minute).padStart(2, '0')}:00Z` });

describe(IngestRequestService.name, () => {
  it('should publish a device batch when every item is for the principal\'s patients', async () => {
    const { sut, published } = setup();
    expect(await sut.acceptDeviceBatch(device, [reading('p-1', 0), reading('p-1', 5)])).toMatchObject({ ok: true, accepted: 2 });
    expect(published).toHaveLength(1);
  });

  it('should reject the whole batch and publish nothing when one item is for another patient', async () => {
    const { sut, published } = setup();
    const denial = sut.acceptDeviceBatch(device, [reading('p-1', 0), reading('p-2', 5)]);
    await expect(denial).rejects.toMatchObject({ code: AccessErrorCode.PatientNotInScope, permission: Permission.ObservationWrite, location: '[1].patient_id' });
    expect(published).toEqual([]);
  });

  it('should answer unauthenticated before reading the body when there is no principal', async () => {
    const { sut, published } = setup();
    await expect(sut.acceptDeviceBatch(undefined, 'not even an array')).rejects.toMatchObject({ code: AccessErrorCode.Unauthenticated });
    await expect(sut.acceptBundle(undefined, {})).rejects.toBeInstanceOf(AccessDeniedError);
    expect(published).toEqual([]);
  });

  it('should refuse a FHIR Observation for a patient out of scope', async () => {
    const { sut, published } = setup();
    const observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      subject: { reference: 'Patient/p-2' },
      effectiveDateTime: '2026-03-01T08:00:00Z',
      valueQuantity: { value: 61, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
    };
    const clinician: Principal = { id: 'clinician:a', role: Role.Clinician, patients: ['p-1'] };
    await expect(sut.acceptObservation(clinician, observation)).rejects.toMatchObject({ code: AccessErrorCode.PatientNotInScope, location: 'Observation.subject' });
    expect(published).toEqual([]);
    const own = await sut.acceptObservation({ ...clinician, patients: ['p-2'] }, observation);
    expect(own.kind).toBe('processed');
    expect(published).toHaveLength(1);
  });
});
