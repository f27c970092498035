import { processDeviceObservations } from '@shuji/fhir';
import { UnprocessableMessageError } from '@shuji/messaging';
import { describe, expect, it } from 'vitest';
import { readDeviceRecords, readFhirRecords } from './device-records.util';

const normalised = (): unknown[] => {
  const r = processDeviceObservations([{ patient_id: 'p-1', code: '99504-3', value: 6.1, unit: 'mmol/L', time: '2026-01-05T07:05:00Z', event_id: 'cgm-1' }], { receivedAt: new Date('2026-01-05T08:00:00Z'), source: 'device' });
  if (!r.ok) throw new Error('fixture invalid');
  return JSON.parse(JSON.stringify(r.observations)) as unknown[];
};

function problem(json: string, patientId = 'p-1'): string {
  try {
    readDeviceRecords(json, patientId);
  } catch (err) {
    if (err instanceof UnprocessableMessageError) return `${err.code}: ${err.message}`;
    throw err;
  }
  return 'accepted';
}

describe(readDeviceRecords.name, () => {
  it('should return the gateway\'s normalised records as they were written', () => {
    const records = normalised();
    expect(readDeviceRecords(JSON.stringify(records), 'p-1')).toEqual(records);
  });

  it('should refuse a record of another patient than the request\'s key', () => {
    expect(problem(JSON.stringify(normalised()), 'p-2')).toMatch(/^INVALID_RECORDS: device records \[0\]: patientId/);
  });

  it('should refuse bodies that are not JSON, not an array or empty', () => {
    expect(problem('{"oops"')).toMatch(/^INVALID_BODY/);
    expect(problem('{}')).toMatch(/^INVALID_RECORDS/);
    expect(problem('[]')).toMatch(/^INVALID_RECORDS/);
  });

  it('should refuse a record whose value, time or modality no gateway writes', () => {
    const [r] = normalised() as Record<string, unknown>[];
    expect(problem(JSON.stringify([{ ...r, value: { kind: 'quantity', value: 'high', unit: 'mmol/L' } }]))).toMatch(/finite quantity/);
    expect(problem(JSON.stringify([{ ...r, effectiveTime: '2026-01-05 07:05' }]))).toMatch(/effectiveTime/);
    expect(problem(JSON.stringify([{ ...r, modality: 'telepathy' }]))).toMatch(/modality/);
    expect(problem(JSON.stringify([{ ...r, eventId: '' }]))).toMatch(/eventId/);
  });

  it('should refuse a time of the right form that is no instant (the insert, or the event encoder, would fail the batch on it)', () => {
    const [r] = normalised() as Record<string, unknown>[];
    for (const bad of ['2026-13-05T07:05:00Z', '2026-02-30T07:05:00Z', '2026-01-05T24:00:00Z', '2026-01-05T07:60:00Z', '2026-01-05T07:05:60.5Z']) {
      expect(problem(JSON.stringify([{ ...r, effectiveTime: bad }]))).toMatch(/^INVALID_RECORDS: .*effectiveTime is not a UTC instant/);
      expect(problem(JSON.stringify([{ ...r, receivedTime: bad }]))).toMatch(/^INVALID_RECORDS: .*receivedTime is not a UTC instant/);
    }
    for (const good of ['2024-02-29T23:59:59Z', '2026-01-05T07:05:00.123456789Z', '2026-01-05T07:05:00.5Z']) expect(problem(JSON.stringify([{ ...r, effectiveTime: good }]))).toBe('accepted');
  });
});

describe(readFhirRecords.name, () => {
  const fhirProblem = (body: unknown): string => {
    try {
      readFhirRecords(typeof body === 'string' ? body : JSON.stringify(body));
    } catch (err) {
      if (err instanceof UnprocessableMessageError) return `${err.code}: ${err.message}`;
      throw err;
    }
    return 'accepted';
  };

  it('should return the observations and patients as the gateway wrote them, of several patients', () => {
    const [r] = normalised() as Record<string, unknown>[];
    const body = { observations: [r, { ...r, patientId: 'p-2' }], patients: [{ id: 'p-2', identifiers: [{ system: 'urn:x', value: '7' }] }] };
    expect(readFhirRecords(JSON.stringify(body))).toEqual(body);
  });

  it('should refuse a body without both arrays, an empty one, a bad record or a bad patient', () => {
    const [r] = normalised() as Record<string, unknown>[];
    expect(fhirProblem('[')).toMatch(/^INVALID_BODY/);
    expect(fhirProblem([r])).toMatch(/^INVALID_RECORDS: fhir records: an object/);
    expect(fhirProblem({ observations: [], patients: [] })).toMatch(/no observation and no patient/);
    expect(fhirProblem({ observations: [{ ...r, patientId: '' }], patients: [] })).toMatch(/observations \[0\]: patientId is missing/);
    expect(fhirProblem({ observations: [], patients: [{ id: 'p-2', identifiers: [{ system: 'urn:x' }] }] })).toMatch(/patients\[0\]: an identifier/);
    expect(fhirProblem({ observations: [], patients: [{ identifiers: [] }] })).toMatch(/patients\[0\]: id is missing/);
  });
});
