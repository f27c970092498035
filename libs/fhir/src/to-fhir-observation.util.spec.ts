import { describe, expect, it } from 'vitest';
import { observationFactory } from './__tests__/fhir-factories';
import { normaliseObservation } from './normalise-observation.util';
import { toFhirObservation, toSearchsetBundle } from './to-fhir-observation.util';
import { validateObservation } from './validate-observation.util';

describe(toFhirObservation.name, () => {
  it('should write a record back as a valid Observation that normalises to the same value', () => {
    const [record] = normaliseObservation(observationFactory(), { patientId: 'p1', receivedAt: new Date('2026-02-01T00:00:00Z'), source: 'fhir' }).records;
    const sut = toFhirObservation(record!);
    expect(validateObservation(sut)).toEqual({ ok: true, value: sut, issues: [] });
    const again = normaliseObservation(sut, { patientId: 'p1', receivedAt: new Date('2026-02-01T00:00:00Z'), source: 'fhir' }).records[0];
    expect([again?.code, again?.value, again?.effectiveTime, again?.modality]).toEqual([record?.code, record?.value, record?.effectiveTime, record?.modality]);
  });

  it('should wrap records in a searchset with total, an absolute self link and absolute fullUrls', () => {
    const [record] = normaliseObservation(observationFactory(), { patientId: 'p1', receivedAt: new Date(), source: 'fhir' }).records;
    const sut = toSearchsetBundle([record!], 'https://shuji.example.org/fhir/', 'Observation?patient=p1');
    expect(sut).toMatchObject({ type: 'searchset', total: 1, link: [{ relation: 'self', url: 'https://shuji.example.org/fhir/Observation?patient=p1' }] });
    expect(sut.entry?.[0]?.fullUrl).toBe(`https://shuji.example.org/fhir/Observation/${toFhirObservation(record!).id}`);
    expect(sut.entry?.[0]?.search?.mode).toBe('match');
  });

  it('should give two patients, or two sources, with one event id two distinct valid Observation ids', () => {
    const [record] = normaliseObservation(observationFactory(), { patientId: 'p1', receivedAt: new Date(), source: 'fhir' }).records;
    const device = { ...record!, eventId: 'g7:000_123', source: 'device' };
    const ids = [device, { ...device, patientId: 'p2' }, { ...device, source: 'libre' }].map((r) => toFhirObservation(r).id!);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
  });
});
