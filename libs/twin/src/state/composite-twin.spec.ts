/**
 * A composite twin (the T1D component and a second one) replayed as the product receives its log: shuffled within the
 * out-of-order window, with redeliveries, across a restart from snapshot + log, and with the second component joining
 * mid-life. Each case of COMPOSITE_CASES runs the same checks.
 */
import { uvaPadovaSubjects } from '@shuji/models';
import { describe, expect, it } from 'vitest';
import { ComponentRegistry } from '../composition/component-registry';
import { CompositeComponent } from '../composition/composite.component';
import { t1dDescriptor } from '../composition/t1d.descriptor';
import { COMPOSITE_CASES, maxAbsoluteDifference, shuffleWithin } from '../testing/composite-twin.fixtures';
import { generateVirtualPatient } from '../virtual-patients/virtual-patient.generator';
import { ProfileComponentFactory } from './profile-component.factory';
import { DEFAULT_TWIN_SETTINGS, TwinEngine, type TwinSettings } from './twin-engine';
import { compareEvents } from './twin-event';
import { TwinService } from './twin.service';
import { InMemoryTwinEventLog, InMemoryTwinSnapshotStore } from './twin-store';
import { summariseTwin } from './twin-summary';

const settings: TwinSettings = { ...DEFAULT_TWIN_SETTINGS, ensembleSize: 8, checkpointEveryMin: 30, outOfOrderWindowMin: 180 };
const HOURS = 8;
const patient = generateVirtualPatient({ index: 5, days: 1, seed: 13 });
const prior = uvaPadovaSubjects().find((s) => s.name === patient.baseSubject)?.parameters ?? {};
const start = patient.truth.timeMs[0];
const glucose = patient.events.filter((e) => e.timeMs < start + HOURS * 3_600_000);

describe.each(COMPOSITE_CASES.map((c) => [c.name, c] as const))('composite twin: T1D + %s', (_name, second) => {
  const registry = new ComponentRegistry().register(t1dDescriptor(() => Promise.resolve(prior), { everyoneHasType1: true }));
  for (const d of second.descriptors) registry.register(d);
  const factory = new ProfileComponentFactory(registry);
  const log = [...glucose, ...second.events(patient.patientId, start, HOURS)].sort(compareEvents);
  const newService = (stores = { log: new InMemoryTwinEventLog(), snapshots: new InMemoryTwinSnapshotStore() }) => ({
    ...stores,
    sut: new TwinService(stores.log, stores.snapshots, factory, settings),
  });
  /** The fold of the whole log through the layout the whole log calls for: what every path must equal. */
  const reference = async (): Promise<TwinEngine> => {
    const engine = new TwinEngine(patient.patientId, await factory.create(patient.patientId, await factory.layout(patient.patientId, log)), settings);
    for (const e of log) engine.apply(e);
    return engine;
  };

  it('should stack the components, in registration order', async () => {
    const engine = await reference();
    expect(engine.component).toBeInstanceOf(CompositeComponent);
    const profile = (await factory.layout(patient.patientId, log)).profile;
    const others = await Promise.all(second.descriptors.map(async (d) => (await d.create(patient.patientId, profile)).id));
    expect((engine.component as CompositeComponent).children.map((c) => c.id)).toEqual([engine.component.id.split('+')[0], ...others]);
    expect((engine.component as CompositeComponent).children[0].explains[0].loinc).toBe('99504-3');
    expect(engine.revision).toBe(log.length);
    expect(summariseTwin(engine).components.map((c) => c.id)).toEqual([engine.component.id.split('+')[0], ...others]);
  });

  it('should rebuild the identical twin, bit for bit, from the log shuffled within the window and with redeliveries', async () => {
    const expected = await reference();
    // blocks of 12 events (under an hour of data) against a 3-h window; every 7th event delivered twice
    const arrival = shuffleWithin(log, 12, `arrival-${second.name}`).flatMap((e, k) => (k % 7 === 0 ? [e, e] : [e]));
    const { sut } = newService();
    for (const e of arrival) await sut.handle(e);
    const twin = await sut.get(patient.patientId);
    expect(twin.revision).toBe(log.length);
    expect(twin.component.id).toBe(expected.component.id);
    expect(maxAbsoluteDifference(twin.ensemble, expected.ensemble)).toBe(0);
  });

  it('should equal the uninterrupted twin after a restart from snapshot + log', async () => {
    const uninterrupted = newService();
    for (const e of log) await uninterrupted.sut.handle(e);
    const stores = newService();
    const half = Math.floor(log.length / 2);
    for (const e of log.slice(0, half)) await stores.sut.handle(e);
    const component = (await stores.sut.get(patient.patientId)).component;
    const snapshot = await stores.snapshots.latest(patient.patientId, component.id);
    expect(snapshot?.checkpoint.applied).toBeGreaterThan(0);
    // the snapshot restores exactly: snapshot + the log's rest equals the fold from genesis
    const fromSnapshot = TwinEngine.restore(patient.patientId, component, settings, log.slice(0, half), snapshot?.checkpoint);
    const fromGenesis = TwinEngine.restore(patient.patientId, component, settings, log.slice(0, half), undefined);
    expect(maxAbsoluteDifference(fromSnapshot.ensemble, fromGenesis.ensemble)).toBe(0);
    const restarted = newService({ log: stores.log, snapshots: stores.snapshots });
    for (const e of log.slice(half - 5)) await restarted.sut.handle(e); // the broker redelivers the last 5
    const a = await restarted.sut.get(patient.patientId);
    const b = await uninterrupted.sut.get(patient.patientId);
    expect(a.revision).toBe(log.length);
    expect(maxAbsoluteDifference(a.ensemble, b.ensemble)).toBe(0);
  });

  it('should rebuild a T1D twin with the second component when its first data arrive months later, as a replay would', async () => {
    const later = start + 90 * 24 * 3_600_000;
    const joining = second.events(patient.patientId, later, 2);
    const full = [...glucose, ...joining].sort(compareEvents);
    const { sut, snapshots } = newService();
    for (const e of glucose) await sut.handle(e);
    const t1dOnly = (await sut.get(patient.patientId)).component;
    expect(t1dOnly).not.toBeInstanceOf(CompositeComponent);
    for (const e of joining) await sut.handle(e);
    const twin = await sut.get(patient.patientId);
    expect(twin.component).toBeInstanceOf(CompositeComponent);
    const replayed = new TwinEngine(patient.patientId, await factory.create(patient.patientId, await factory.layout(patient.patientId, full)), settings);
    for (const e of full) replayed.apply(e);
    expect(maxAbsoluteDifference(twin.ensemble, replayed.ensemble)).toBe(0);
    // the new layout's snapshots are its own; the T1D layout's are never restored into it
    expect(await snapshots.latest(patient.patientId, twin.component.id)).toBeDefined();
    expect((await snapshots.latest(patient.patientId, t1dOnly.id))?.checkpoint.members[0].length).toBe(t1dOnly.size);
  });
});
