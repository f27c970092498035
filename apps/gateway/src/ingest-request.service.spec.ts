import { AccessDeniedError, AccessErrorCode, Permission, Role, type Principal } from '@shuji/access';
import type { EventPublisher } from '@shuji/messaging';
import { describe, expect, it } from 'vitest';
import { eventKey, type CanonicalObservation } from '@shuji/fhir';
import type { ObservationReader, PatientDirectory } from './gateway.tokens';
import { IngestRequestService } from './ingest-request.service';

/** Fakes: a publisher that records keys, an empty directory, a store holding `stored` (by patient, source, event id). */
function setup(stored: readonly CanonicalObservation[] = [], onFile: ReadonlyMap<string, string> = new Map()): { sut: IngestRequestService; published: string[] } {
  const published: string[] = [];
  const publisher = {
    publish: (_topic: string, m: { key: string }) => Promise.resolve(void published.push(m.key)),
    publishMany: (_topic: string, ms: readonly { key: string }[]) => Promise.resolve(void published.push(...ms.map((m) => m.key))),
  } as unknown as EventPublisher;
  const directory: PatientDirectory = { findByIdentifiers: (ids) => Promise.resolve(new Map(ids.flatMap((i) => (onFile.has(`${i.system}|${i.value}`) ? [[`${i.system}|${i.value}`, onFile.get(`${i.system}|${i.value}`)!] as const] : [])))) };
  const held = new Map(stored.map((r) => [eventKey(r), JSON.stringify(r.value)]));
  const reader: ObservationReader<CanonicalObservation> = {
    search: () => Promise.resolve([]),
    panel: () => Promise.resolve([]),
    findConflicts: (records) => Promise.resolve(records.filter((r) => held.has(eventKey(r)) && held.get(eventKey(r)) !== JSON.stringify(r.value))),
  };
  return { sut: new IngestRequestService(publisher, directory, reader), published };
}

const device: Principal = { id: 'device:cgm-1', role: Role.Device, patients: ['p-1'] };
const reading = (patient: string, minute: number): Record<string, unknown> => ({ patient_id: patient, code: '99504-3', value: 110, unit: 'mg/dL', time: `2026-03-01T08:${String(minute).padStart(2, '0')}:00Z` });

describe(IngestRequestService.name, () => {
  it('should publish a device batch when every item is for the principal\'s patients', async () => {
    const { sut, published } = setup();
    expect(await sut.acceptDeviceBatch(device, [reading('p-1', 0), reading('p-1', 5)])).toMatchObject({ ok: true, accepted: 2 });
    expect(published).toHaveLength(1);
  });

  it('should publish one message per patient of a device batch, keyed by the patient', async () => {
    const { sut, published } = setup();
    const hub: Principal = { ...device, patients: ['p-1', 'p-2'] };
    expect(await sut.acceptDeviceBatch(hub, [reading('p-1', 0), reading('p-2', 0), reading('p-1', 5)])).toMatchObject({ ok: true, accepted: 3, requests: 2 });
    expect(published).toEqual(['p-1', 'p-2']);
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
    expect(published).toEqual(['p-2']);
    // entered-in-error stores nothing: answered, and nothing is published for the consumer to refuse
    const retracted = await sut.acceptObservation({ ...clinician, patients: ['p-2'] }, { ...observation, status: 'entered-in-error' });
    expect(retracted.kind).toBe('processed');
    expect(published).toEqual(['p-2']);
  });
  it('should answer a conflict naming the event_id when the id is stored, or sent twice, with another value, and publish nothing', async () => {
    const first = { ...reading('p-1', 0), event_id: 'g7-1' };
    const stored = await setup().sut.acceptDeviceBatch(device, [first]);
    expect(stored.ok).toBe(true);
    const storedRecord: CanonicalObservation = { eventId: 'g7-1', patientId: 'p-1', source: 'device', codeSystem: 'http://loinc.org', code: '99504-3', value: { kind: 'quantity', value: 110, unit: 'mg/dL' }, effectiveTime: '2026-03-01T08:00:00.000Z', receivedTime: '2026-03-01T08:00:00.000Z', modality: 'cgm' };
    const { sut, published } = setup([storedRecord]);
    expect(await sut.acceptDeviceBatch(device, [first])).toMatchObject({ ok: true });
    const changed = await sut.acceptDeviceBatch(device, [reading('p-1', 5), { ...first, value: 250 }]);
    expect(changed).toEqual({ ok: false, conflict: true, errors: [{ index: 1, field: 'event_id', message: 'event_id "g7-1" is held by another value for this patient and source' }] });
    const twice = await sut.acceptDeviceBatch(device, [{ ...first, event_id: 'g7-2' }, { ...first, event_id: 'g7-2', value: 99 }]);
    expect(twice).toMatchObject({ ok: false, conflict: true, errors: [{ index: 1, field: 'event_id' }] });
    expect(published).toHaveLength(1);
  });
  it('should answer an identifier on file for a patient out of scope exactly as one not on file (no enumeration)', async () => {
    const ssn = 'http://hl7.org/fhir/sid/us-ssn';
    const { sut, published } = setup([], new Map([[`${ssn}|123-45-6789`, 'p-2']]));
    const patient: Principal = { id: 'patient:p-1', role: Role.Patient, patients: ['p-1'] };
    const observation = (value: string) => ({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      subject: { reference: `Patient?identifier=${ssn}|${value}` },
      effectiveDateTime: '2026-03-01T08:00:00Z',
      valueQuantity: { value: 61, unit: '/min' },
    });
    const onFile = await sut.acceptObservation(patient, observation('123-45-6789'));
    const unknown = await sut.acceptObservation(patient, observation('999-99-9999'));
    expect(onFile.kind === 'rejected' && onFile.status).toBe(422);
    expect(JSON.stringify(onFile).replace('123-45-6789', 'X')).toBe(JSON.stringify(unknown).replace('999-99-9999', 'X'));
    expect(published).toEqual([]);
  });
});
