import { ConsumerGroups, decodeMessage, encodeMessage, MealLoggedSchema, MedicationAdministeredSchema, ObservationRecordedSchema, SCHEMA_VERSION, toTimestamp, Topics, TwinUpdatedSchema } from '@shuji/contracts';
import { announcePartitionsAssigned, UnprocessableMessageError, type EventPublisher, type OutgoingMessage } from '@shuji/messaging';
import { uvaPadovaSubjects } from '@shuji/models';
import { compareEvents, InMemoryTwinEventLog, InMemoryTwinSnapshotStore, T1dComponentFactory, TwinEngine, TwinService, DEFAULT_TWIN_SETTINGS } from '@shuji/twin';
import { describe, expect, it } from 'vitest';
import { TwinInputsConsumer } from './twin-inputs.consumer';
import type { TwinBatchPersonalisationService } from './twin-batch-personalisation.service';
import type { TwinPersonalisationService } from './twin-personalisation.service';
import { toTwinUpdated } from './twin-updated.mapper';

const start = Date.UTC(2026, 0, 5, 6);
const prior = uvaPadovaSubjects()[0]!.parameters;
const reading = (k: number, minutes = 5 * k) =>
  encodeMessage(ObservationRecordedSchema, {
    header: { eventId: `cgm-${k}`, schemaVersion: SCHEMA_VERSION, patientId: 'p-1', effectiveTime: toTimestamp(new Date(start + minutes * 60_000)) },
    code: { system: 'http://loinc.org', code: '99504-3' },
    value: { case: 'numericValue', value: 140 - k },
    unit: 'mg/dL',
  });

/** One twin process: a consumer over the given stores; `restart` is a new process over the same stores. */
function twinProcess(stores = { log: new InMemoryTwinEventLog(), snapshots: new InMemoryTwinSnapshotStore() }, lateReplayMaxEvents = DEFAULT_TWIN_SETTINGS.lateReplayMaxEvents) {
  const published: OutgoingMessage[] = [];
  const publisher = { publish: async (topic: string, m: OutgoingMessage) => void (topic === Topics.twinUpdated && published.push(m)) } as unknown as EventPublisher;
  const service = new TwinService(stores.log, stores.snapshots, new T1dComponentFactory(() => Promise.resolve(prior)), { ...DEFAULT_TWIN_SETTINGS, ensembleSize: 6, lateReplayMaxEvents });
  const sut = new TwinInputsConsumer(service, publisher);
  const revisions = () => published.map((m) => Number(decodeMessage(TwinUpdatedSchema, m.value).revision));
  return { sut, stores, published, revisions, restart: () => twinProcess(stores, lateReplayMaxEvents) };
}

describe(TwinInputsConsumer.name, () => {
  it('should publish one revision per new event and the same revision again when an event is redelivered', async () => {
    const { sut, revisions } = twinProcess();
    for (let k = 0; k < 4; k++) await sut.onObservation(reading(k));
    await sut.onObservation(reading(3));
    expect(revisions()).toEqual([1, 2, 3, 4, 4]);
  });

  it('should republish the restored revision before the first event of a person after a restart', async () => {
    const first = twinProcess();
    for (let k = 0; k < 3; k++) await first.sut.onObservation(reading(k));
    // the process died after appending cgm-3 to the log, before publishing revision 4
    await first.stores.log.append({ kind: 'observation', id: 'cgm-3', patientId: 'p-1', timeMs: start + 15 * 60_000, loinc: '99504-3', value: 137, unit: 'mg/dL' });
    const second = first.restart();
    await second.sut.onObservation(reading(3)); // redelivered: its offset was never committed
    await second.sut.onObservation(reading(4));
    expect(first.revisions()).toEqual([1, 2, 3]);
    expect(second.revisions()).toEqual([4, 4, 5]);
  });

  it('should dead-letter at once an event older than the out-of-order window once the log is too long to replay', async () => {
    const { sut } = twinProcess(undefined, 2);
    await sut.onObservation(reading(0));
    await sut.onObservation(reading(1, 2 * 24 * 60));
    const error = await sut.onObservation(reading(2, 10)).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableMessageError);
    expect((error as UnprocessableMessageError).code).toBe('TWIN_EVENT_TOO_LATE');
  });

  it('should publish each revision once when a person\'s meal, dose and readings are handled concurrently', async () => {
    const { sut, revisions } = twinProcess();
    await sut.onObservation(reading(0));
    const dose = encodeMessage(MedicationAdministeredSchema, {
      header: { eventId: 'bolus-1', schemaVersion: SCHEMA_VERSION, patientId: 'p-1', effectiveTime: toTimestamp(new Date(start + 7 * 60_000)) },
      medication: { system: 'http://www.whocc.no/atc', code: 'A10AB04' },
      doseValue: 3,
      doseUnit: '[IU]',
    });
    const meal = encodeMessage(MealLoggedSchema, {
      header: { eventId: 'meal-1', schemaVersion: SCHEMA_VERSION, patientId: 'p-1', effectiveTime: toTimestamp(new Date(start + 7 * 60_000)) },
      carbohydrateG: 40,
    });
    await Promise.all([sut.onObservation(reading(1)), sut.onMedication(dose), sut.onMeal(meal), sut.onObservation(reading(2))]);
    expect(revisions()).toEqual([1, 2, 3, 4, 5]);
  });

  it('should rebuild a person from the stores after a rebalance, when another member advanced them meanwhile', async () => {
    const a = twinProcess();
    const b = a.restart(); // a second member of the group over the same stores
    a.sut.onModuleInit();
    for (let k = 0; k < 3; k++) await a.sut.onObservation(reading(k));
    // p-1's partition moves to b, which handles two readings, then comes back to a
    for (let k = 3; k < 5; k++) await b.sut.onObservation(reading(k));
    announcePartitionsAssigned(ConsumerGroups.twin, { [Topics.observationRecorded]: [0, 1, 2, 3] });
    await a.sut.onObservation(reading(5));
    a.sut.onModuleDestroy();
    const reference = twinProcess();
    for (let k = 0; k < 6; k++) await reference.sut.onObservation(reading(k));
    expect(a.revisions()).toEqual([1, 2, 3, 5, 6]);
    const last = (p: ReturnType<typeof twinProcess>) => decodeMessage(TwinUpdatedSchema, p.published.at(-1)!.value).state;
    expect(last(a)).toEqual(last(reference));
  });

  it('should append the personalisation prior to the twin\'s log once it is due, and publish its revision', async () => {
    const stores = { log: new InMemoryTwinEventLog(), snapshots: new InMemoryTwinSnapshotStore() };
    const published: OutgoingMessage[] = [];
    const publisher = { publish: async (topic: string, m: OutgoingMessage) => void (topic === Topics.twinUpdated && published.push(m)) } as unknown as EventPublisher;
    const service = new TwinService(stores.log, stores.snapshots, new T1dComponentFactory(() => Promise.resolve(prior)), { ...DEFAULT_TWIN_SETTINGS, ensembleSize: 6 });
    // the head's decision is its own unit (twin-personalisation.service.spec.ts): here, due after the third reading
    const personalisation = {
      priorEventFor: async (engine: { revision: number; currentTimeMs: number }) =>
        engine.revision === 3
          ? { kind: 'parameter-prior', id: 'p-1:prior:test', patientId: 'p-1', timeMs: engine.currentTimeMs + 1, source: 'test', parameters: [{ name: 'Vmx', logMean: Math.log(prior.Vmx), logSd: 0.1 }] }
          : null,
    } as unknown as TwinPersonalisationService;
    const sut = new TwinInputsConsumer(service, publisher, personalisation);
    for (let k = 0; k < 5; k++) await sut.onObservation(reading(k));
    expect(published.map((m) => Number(decodeMessage(TwinUpdatedSchema, m.value).revision))).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await stores.log.read('p-1')).filter((e) => e.kind === 'parameter-prior').map((e) => e.id)).toEqual(['p-1:prior:test']);
  });

  it('should append the head\'s prior and then the batch fit\'s when both are due on one event', async () => {
    const stores = { log: new InMemoryTwinEventLog(), snapshots: new InMemoryTwinSnapshotStore() };
    const published: OutgoingMessage[] = [];
    const publisher = { publish: async (topic: string, m: OutgoingMessage) => void (topic === Topics.twinUpdated && published.push(m)) } as unknown as EventPublisher;
    const service = new TwinService(stores.log, stores.snapshots, new T1dComponentFactory(() => Promise.resolve(prior)), { ...DEFAULT_TWIN_SETTINGS, ensembleSize: 6 });
    const prior$ = (id: string, source: string, timeMs: number) => ({
      kind: 'parameter-prior',
      id,
      patientId: 'p-1',
      timeMs,
      source,
      parameters: [{ name: 'kp3', logMean: Math.log(prior.kp3), logSd: 0.05 }],
    });
    const head = { priorEventFor: async (engine: TwinEngine) => (engine.revision === 3 ? prior$('p-1:prior:head', 'test', engine.currentTimeMs + 1) : null) };
    // the batch fit's prior lands just after its boundary, before the head's (a rewind)
    const batch = { priorEventFor: (engine: TwinEngine) => (engine.revision === 4 ? prior$('p-1:prior:map:1', 'batch-map', engine.currentTimeMs - 1) : null) };
    const sut = new TwinInputsConsumer(service, publisher, head as unknown as TwinPersonalisationService, batch as unknown as TwinBatchPersonalisationService);
    for (let k = 0; k < 5; k++) await sut.onObservation(reading(k));
    expect(published.map((m) => Number(decodeMessage(TwinUpdatedSchema, m.value).revision))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // stored in the order they were appended; in log order (time, id) the fit's sits before the head's
    const log = [...(await stores.log.read('p-1'))].sort(compareEvents);
    expect(log.filter((e) => e.kind === 'parameter-prior').map((e) => e.id)).toEqual(['p-1:prior:map:1', 'p-1:prior:head']);
    // the live twin is the fold of its stored log
    const factory = new T1dComponentFactory(() => Promise.resolve(prior));
    const rebuilt = new TwinEngine('p-1', await factory.create('p-1', await factory.layout('p-1', log)), { ...DEFAULT_TWIN_SETTINGS, ensembleSize: 6 });
    for (const e of log) rebuilt.apply(e);
    expect(decodeMessage(TwinUpdatedSchema, published.at(-1)!.value).state).toEqual(
      decodeMessage(TwinUpdatedSchema, toTwinUpdated({ patientId: 'p-1', revision: rebuilt.revision, changed: true, eventId: '', engine: rebuilt }).value).state,
    );
  });
});
