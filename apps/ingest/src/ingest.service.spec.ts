import { encodeMessage, IngestRequested_Format, IngestRequestedSchema, MealLoggedSchema, MedicationAdministeredSchema, decodeMessage, SCHEMA_VERSION, toTimestamp, Topics } from '@shuji/contracts';
import { processBundle } from '@shuji/fhir';
import { UnprocessableMessageError, type EventPublisher, type OutgoingMessage } from '@shuji/messaging';
import type { DeadLetter, DeadLetterRepository, ObservationRepository, PatientRepository, StoredObservation } from '@shuji/persistence';
import type { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { EVENT_ID_CONFLICT, IngestService } from './ingest.service';

/** Fakes: a transaction that just runs, a store idempotent on (patient, source, event id), a publisher and a dead-letter store that record. */
function fixture() {
  const stored = new Map<string, StoredObservation>();
  const key = (r: StoredObservation): string => `${r.patientId}|${r.source}|${r.eventId}`;
  const letters: DeadLetter[] = [];
  const published: { topic: string; messages: readonly OutgoingMessage[] }[] = [];
  const runner = { connect: async () => undefined, startTransaction: async () => undefined, commitTransaction: async () => undefined, rollbackTransaction: async () => undefined, release: async () => undefined };
  const dataSource = { createQueryRunner: () => runner } as unknown as DataSource;
  const observations = {
    insertMany: async (records: readonly StoredObservation[]) => records.filter((r) => !stored.has(key(r)) && stored.set(key(r), r)).length,
    findConflicts: async (records: readonly StoredObservation[]) => records.filter((r) => JSON.stringify(stored.get(key(r))?.value) !== JSON.stringify(r.value)),
  } as unknown as ObservationRepository;
  const deadLetters = { add: async (letter: DeadLetter) => String(letters.push(letter)) } as unknown as DeadLetterRepository;
  const patients = { upsertMany: async () => 0 } as unknown as PatientRepository;
  const publisher = { publishMany: async (topic: string, messages: readonly OutgoingMessage[]) => void published.push({ topic, messages }) } as unknown as EventPublisher;
  return { sut: new IngestService(dataSource, observations, patients, publisher, deadLetters), stored, published, letters };
}

function request(body: unknown, format = IngestRequested_Format.DEVICE_JSON, schemaVersion = SCHEMA_VERSION): Buffer {
  return Buffer.from(
    encodeMessage(IngestRequestedSchema, {
      schemaVersion,
      requestId: 'r-1',
      format,
      patientId: 'p-1',
      body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
      source: 'device',
      receivedTime: toTimestamp(new Date('2026-01-05T08:00:00Z')),
    }),
  );
}

const timeline = [
  { patient_id: 'p-1', code: '9059-7', value: 45, unit: 'g', time: '2026-01-05T07:00:00Z', event_id: 'meal-1' },
  { patient_id: 'p-1', code: 'http://www.whocc.no/atc|A10AB04', value: 4.5, unit: 'U', time: '2026-01-05T07:00:00Z', event_id: 'bolus-1' },
  { patient_id: 'p-1', code: '99504-3', value: 130, unit: 'mg/dL', time: '2026-01-05T07:05:00Z', event_id: 'cgm-1' },
];

async function rejection(promise: Promise<unknown>): Promise<UnprocessableMessageError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof UnprocessableMessageError)) throw new Error(`expected an UnprocessableMessageError, got ${String(error)}`);
  return error;
}

describe(IngestService.name, () => {
  it('should store a meal, a bolus and a reading and publish MealLogged, MedicationAdministered and ObservationRecorded', async () => {
    const { sut, stored, published } = fixture();
    expect(await sut.handle(request(timeline))).toEqual({ observations: 3, inserted: 3, patients: 0, conflicts: 0 });
    expect([...stored.values()].map((r) => r.eventId).sort()).toEqual(['bolus-1', 'cgm-1', 'meal-1']);
    expect(published.map((p) => [p.topic, p.messages.length])).toEqual([
      [Topics.mealLogged, 1],
      [Topics.medicationAdministered, 1],
      [Topics.observationRecorded, 1],
    ]);
    expect(decodeMessage(MealLoggedSchema, published[0]!.messages[0]!.value).header?.eventId).toBe('meal-1');
  });

  it('should store a redelivered request once and publish the same event ids again for consumers to dedupe', async () => {
    const { sut, stored, published } = fixture();
    await sut.handle(request(timeline));
    expect((await sut.handle(request(timeline))).inserted).toBe(0);
    expect(stored.size).toBe(3);
    const ids = published.map((p) => p.messages.map((m) => m.value.toString('base64')));
    expect(ids.slice(3)).toEqual(ids.slice(0, 3));
  });

  it.each([
    ['DECODE_FAILED', /not an IngestRequested/, Buffer.from('garbage-\xff')],
    ['SCHEMA_VERSION', /schema version 9/, request(timeline, IngestRequested_Format.DEVICE_JSON, 9)],
    ['INVALID_BODY', /not JSON/, request('[{')],
    ['INVALID_DEVICE', /\[0\]\.value: a meal's carbohydrate/, request([{ ...timeline[0], value: -10 }])],
    ['INVALID_DEVICE', /\[0\]\.unit: insulin is dosed in international units/, request([{ ...timeline[1], unit: 'mg' }])],
    ['INVALID_DEVICE', /\[0\]\.duration_min/, request([{ ...timeline[2], duration_min: 30 }])],
  ])('should refuse with %s (straight to the dead-letter topic) when the message is unprocessable', async (code, reason, bytes) => {
    const { sut, stored, published } = fixture();
    const error = await rejection(sut.handle(bytes));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(reason);
    expect([stored.size, published.length]).toEqual([0, 0]);
  });

  /** A transaction bundle of one MedicationAdministration: 4 of insulin lispro (ATC A10AB04) in `doseCode`, to p-1. */
  const insulinBundle = (doseCode: string) => {
    const admin = {
      resourceType: 'MedicationAdministration',
      id: 'ma-7',
      status: 'completed',
      medicationCodeableConcept: { coding: [{ system: 'http://www.whocc.no/atc', code: 'A10AB04' }] },
      subject: { reference: 'Patient/p-1' },
      effectiveDateTime: '2026-01-05T07:00:00Z',
      dosage: { dose: { value: 4, code: doseCode } },
    };
    return { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: admin, request: { method: 'POST', url: 'MedicationAdministration' } }] };
  };

  it('should publish an insulin MedicationAdministration of a FHIR bundle as MedicationAdministered in [IU]', async () => {
    const { sut, published } = fixture();
    const bundle = insulinBundle('U');
    await sut.handle(request(bundle, IngestRequested_Format.FHIR_BUNDLE));
    expect(published.map((p) => p.topic)).toEqual([Topics.medicationAdministered]);
    const dose = decodeMessage(MedicationAdministeredSchema, published[0]!.messages[0]!.value);
    expect([dose.medication?.code, dose.doseValue, dose.doseUnit, dose.infusionSeconds, dose.header?.patientId]).toEqual(['A10AB04', 4, '[IU]', 0, 'p-1']);
  });

  it('should store and publish a bundle the gateway normalised (FORMAT_FHIR_RECORDS) as it stores the raw bundle', async () => {
    const raw = fixture();
    await raw.sut.handle(request(insulinBundle('U'), IngestRequested_Format.FHIR_BUNDLE));
    const processed = processBundle(insulinBundle('U'), { receivedAt: new Date('2026-01-05T08:00:00Z'), source: 'device' });
    if (processed.kind !== 'processed') throw new Error('fixture rejected');
    const normalised = fixture();
    const body = { observations: processed.observations, patients: processed.patients };
    expect(await normalised.sut.handle(request(body, IngestRequested_Format.FHIR_RECORDS))).toEqual({ observations: 1, inserted: 1, patients: 0, conflicts: 0 });
    expect([...normalised.stored.values()]).toEqual([...raw.stored.values()]);
    expect(normalised.published.map((p) => p.messages.map((m) => Buffer.from(m.value).toString('hex')))).toEqual(raw.published.map((p) => p.messages.map((m) => Buffer.from(m.value).toString('hex'))));
  });

  it('should dead-letter FORMAT_FHIR_RECORDS whose records no gateway writes with INVALID_RECORDS', async () => {
    const { sut } = fixture();
    expect((await rejection(sut.handle(request({ observations: [] }, IngestRequested_Format.FHIR_RECORDS)))).code).toBe('INVALID_RECORDS');
    expect((await rejection(sut.handle(request('[1]', IngestRequested_Format.FHIR_RECORDS)))).code).toBe('INVALID_RECORDS');
  });

  it('should refuse an insulin MedicationAdministration dosed in mg with INVALID_FHIR naming the path', async () => {
    const { sut } = fixture();
    const bundle = insulinBundle('mg');
    const error = await rejection(sut.handle(request(bundle, IngestRequested_Format.FHIR_BUNDLE)));
    expect(error.code).toBe('INVALID_FHIR');
    expect(error.message).toMatch(/dosage\.dose\.code/);
  });
  it('should dead-letter a record whose event id is stored with another value, and neither store nor publish it', async () => {
    const { sut, stored, published, letters } = fixture();
    await sut.handle(request(timeline));
    published.length = 0;
    const changed = [timeline[2], { ...timeline[2], value: 250, event_id: 'cgm-1' }, { ...timeline[2], time: '2026-01-05T07:10:00Z', event_id: 'cgm-2' }];
    expect(await sut.handle(request(changed))).toMatchObject({ observations: 3, inserted: 1, conflicts: 1 });
    expect(stored.get('p-1|device|cgm-1')?.value).toMatchObject({ value: 130 });
    expect(letters.map((l) => [l.errorCode, l.key, l.reason])).toEqual([[EVENT_ID_CONFLICT, 'p-1', 'event id "cgm-1" of this patient and source "device" is stored with another value: not stored']]);
    expect(published.flatMap((p) => p.messages).length).toBe(2);
  });

  it('should store a batch\'s requests in one insert and pass only the poison request to reject when one cannot be decoded', async () => {
    const { sut, stored, published } = fixture();
    const rejected: [number, string][] = [];
    const other = timeline.map((t) => ({ ...t, event_id: `${t.event_id}-b` }));
    const outcome = await sut.handleBatch([request(timeline), Buffer.from('not protobuf at all'), request(other)], (index, error) => void rejected.push([index, error.code]));
    expect(rejected).toEqual([[1, expect.any(String) as string]]);
    expect(outcome).toEqual({ observations: 6, inserted: 6, patients: 0, conflicts: 0 });
    expect(stored.size).toBe(6);
    expect(published.find((p) => p.topic === Topics.observationRecorded)?.messages).toHaveLength(2);
  });

  it('should store a reading sent twice in one batch once', async () => {
    const { sut, stored } = fixture();
    const outcome = await sut.handleBatch([request(timeline), request(timeline)], () => expect.fail('nothing is rejected'));
    expect(outcome).toMatchObject({ observations: 6, inserted: 3, conflicts: 0 });
    expect(stored.size).toBe(3);
  });

  it('should store the gateway\'s normalised device records as they are, and dead-letter a request whose records are malformed', async () => {
    const { sut, stored } = fixture();
    const records = [{ eventId: 'cgm-9', patientId: 'p-1', codeSystem: 'http://loinc.org', code: '99504-3', value: { kind: 'quantity', value: 110, unit: 'mg/dL' }, effectiveTime: '2026-01-05T07:05:00.000Z', receivedTime: '2026-01-05T08:00:00.000Z', source: 'device', modality: 'cgm' }];
    const rejected: number[] = [];
    await sut.handleBatch([request(records, IngestRequested_Format.DEVICE_RECORDS), request([{ ...records[0], modality: 'x' }], IngestRequested_Format.DEVICE_RECORDS)], (i) => void rejected.push(i));
    expect(rejected).toEqual([1]);
    expect([...stored.values()]).toEqual(records);
  });
});
