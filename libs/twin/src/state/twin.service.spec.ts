import { uvaPadovaSubjects } from '@shuji/models';
import { describe, expect, it, vi } from 'vitest';
import { generateVirtualPatient } from '../virtual-patients/virtual-patient.generator';
import { DEFAULT_TWIN_SETTINGS, TwinEngine, type TwinSettings } from './twin-engine';
import { compareEvents, type TwinEvent } from './twin-event';
import { eventIdsSha256, T1dComponentFactory, TwinNotFoundError, TwinService } from './twin.service';
import { InMemoryTwinEventLog, InMemoryTwinSnapshotStore } from './twin-store';
import { summariseTwin } from './twin-summary';

const settings: TwinSettings = { ...DEFAULT_TWIN_SETTINGS, ensembleSize: 8, checkpointEveryMin: 30, outOfOrderWindowMin: 180 };
const patient = generateVirtualPatient({ index: 21, days: 1, seed: 9 });
const events = patient.events.filter((e) => e.timeMs < patient.truth.timeMs[0] + 8 * 3_600_000);
const prior = uvaPadovaSubjects().find((s) => s.name === patient.baseSubject)?.parameters ?? {};
const factory = new T1dComponentFactory(() => Promise.resolve(prior));
const other = generateVirtualPatient({ index: 4, days: 1, seed: 9 });
const otherEvents = other.events.filter((e) => e.timeMs < other.truth.timeMs[0] + 8 * 3_600_000);

/** A yearly lab glucose (LOINC 2339-0) of someone with no CGM stream. */
function labGlucose(patientId: string, timeMs = events[0].timeMs): TwinEvent {
  return { kind: 'observation', id: `lab-${patientId}-${timeMs}`, patientId, timeMs, loinc: '2339-0', value: 104, unit: 'mg/dL' };
}

/** Both patients' events interleaved by time, as one consumer partition sees them. */
function interleaved(): TwinEvent[] {
  return [...events, ...otherEvents].sort((a, b) => a.timeMs - b.timeMs || (a.id < b.id ? -1 : 1));
}

function newService(log = new InMemoryTwinEventLog(), snapshots = new InMemoryTwinSnapshotStore()): {
  sut: TwinService;
  log: InMemoryTwinEventLog;
  snapshots: InMemoryTwinSnapshotStore;
} {
  return { sut: new TwinService(log, snapshots, factory, settings), log, snapshots };
}

async function members(sut: TwinService): Promise<number[][]> {
  return (await sut.get(patient.patientId)).ensemble.map((m) => [...m]);
}

describe(TwinService.name, () => {
  it('should lose or double nothing when the consumer is killed mid-stream and restarted (at-least-once redelivery)', async () => {
    const uninterrupted = newService();
    const published: Awaited<ReturnType<TwinService['handle']>>[] = [];
    for (const e of events) published.push(await uninterrupted.sut.handle(e));

    // crash after event 150: a new process with the same stores; the broker redelivers the last 20 events
    const stores = newService();
    const updates = new Map<number, string>();
    for (const e of events.slice(0, 150)) {
      const u = await stores.sut.handle(e);
      updates.set(u.revision, u.eventId);
    }
    const restarted = new TwinService(stores.log, stores.snapshots, factory, settings);
    const redelivered = events.slice(130, 150);
    for (const e of [...redelivered, ...events.slice(150)]) {
      const u = await restarted.handle(e);
      if (u.changed) updates.set(u.revision, u.eventId);
    }
    expect(await members(restarted)).toEqual(await members(uninterrupted.sut));
    expect((await restarted.get(patient.patientId)).revision).toBe(events.length);
    // every revision 1..N was published exactly once with a change, none skipped
    expect([...updates.keys()].sort((a, b) => a - b)).toEqual(published.map((u) => u.revision));
    expect((await stores.log.read(patient.patientId)).length).toBe(events.length);
  });

  it('should restore the right twin when it dies after storing a late event but before its new snapshot', async () => {
    // event 40 arrives 30 events (≈ 150 min) late: the twin rewinds past snapshots taken without it
    const late = events[40];
    const delivery = [...events.slice(0, 40), ...events.slice(41, 71), late, ...events.slice(71)];
    const uninterrupted = newService();
    for (const e of delivery) await uninterrupted.sut.handle(e);

    class DyingSnapshotStore extends InMemoryTwinSnapshotStore {
      dead = false;
      override save(snapshot: Parameters<InMemoryTwinSnapshotStore['save']>[0]): Promise<void> {
        return this.dead ? Promise.reject(new Error('process killed')) : super.save(snapshot);
      }
    }
    const snapshots = new DyingSnapshotStore();
    const { sut, log } = newService(new InMemoryTwinEventLog(), snapshots);
    const lateAt = delivery.indexOf(late);
    for (const e of delivery.slice(0, lateAt)) await sut.handle(e);
    snapshots.dead = true;
    await expect(sut.handle(late)).rejects.toThrow('process killed');
    expect((await log.read(patient.patientId)).some((e) => e.id === late.id)).toBe(true);
    snapshots.dead = false;
    // a new process on the same stores; the broker redelivers the unacknowledged late event, then the rest
    const restarted = new TwinService(log, snapshots, factory, settings);
    for (const e of delivery.slice(lateAt)) await restarted.handle(e);
    expect(await members(restarted)).toEqual(await members(uninterrupted.sut));
  });

  it('should rebuild the same twin from the event log after its snapshots are deleted', async () => {
    const { sut, log, snapshots } = newService();
    for (const e of events) await sut.handle(e);
    expect(snapshots.count(patient.patientId)).toBeGreaterThan(5);
    const before = await members(sut);
    await snapshots.deleteAll(patient.patientId);
    const rebuilt = new TwinService(log, snapshots, factory, settings);
    expect(await members(rebuilt)).toEqual(before);
  });

  it('should summarise components, state, parameters with uncertainty and data coverage', async () => {
    const { sut } = newService();
    for (const e of events) await sut.handle(e);
    const summary = await sut.summary(patient.patientId);
    expect(summary).toEqual({ ...summariseTwin(await sut.get(patient.patientId)), components: summary.components });
    expect(summary.components).toEqual([
      {
        id: 'uva-padova-s2008@2008.1/twin.4',
        reason: expect.stringMatching(/CGM|insulin|meal|basal/),
        explains: expect.arrayContaining([{ loinc: '99504-3', unit: 'mg/dL' }]),
        variables: [...summary.state, ...summary.parameters].map((v) => v.name),
      },
    ]);
    expect(summary.parameters.map((p) => p.name)).toEqual(['Vmx', 'kp3', 'kabs', 'p2u', 'kmax', 'kmin', 'f', 'ki', 'ksc', 'kd', 'ka1', 'ka2']);
    for (const p of summary.parameters) {
      expect(p.sd).toBeGreaterThan(0);
      expect(p.p05).toBeLessThan(p.mean);
      expect(p.p95).toBeGreaterThan(p.mean);
    }
    expect(summary.dataCoverage.find((c) => c.loinc === '99504-3')?.count).toBeGreaterThan(90);
    expect(summary.lastUpdate).not.toBeNull();
  });

  it('should summarise a twin once per revision, and again when it changes', async () => {
    const { sut } = newService();
    for (const e of events.slice(0, -1)) await sut.handle(e);
    const first = await sut.summary(patient.patientId);
    expect(await sut.summary(patient.patientId)).toBe(first);
    await sut.handle(events.at(-1)!);
    const next = await sut.summary(patient.patientId);
    expect(next.revision).toBe(first.revision + 1);
    expect(next).toEqual({ ...summariseTwin(await sut.get(patient.patientId)), components: next.components });
    expect(next.lastUpdate).not.toBe(first.lastUpdate);
  });

  it('should throw TwinNotFound for a patient without events', async () => {
    const { sut } = newService();
    await expect(sut.get('nobody')).rejects.toBeInstanceOf(TwinNotFoundError);
  });

  it('should hold no twin in memory for people whose events do not start one', async () => {
    const { sut, log } = newService();
    for (let i = 0; i < 500; i++) expect((await sut.handle(labGlucose(`synthea-${i}`))).revision).toBe(0);
    expect(sut.twinsInMemory).toBe(0);
    expect(await log.read('synthea-0')).toEqual([]);
    await expect(sut.get('synthea-0')).rejects.toBeInstanceOf(TwinNotFoundError);
    expect(sut.twinsInMemory).toBe(0);

    // once a CGM stream starts the twin it is held, and a later lab glucose is assimilated into it
    for (const e of events.slice(0, 30)) await sut.handle(e);
    expect(sut.twinsInMemory).toBe(1);
    const lab = await sut.handle(labGlucose(patient.patientId, events[29].timeMs + 60_000));
    expect(lab.revision).toBe(31);
    expect(lab.engine?.dataCoverage.get('2339-0')?.count).toBe(1);
  });

  it('should keep a person\'s context that arrives before any event starts their twin and fold the twin over it', async () => {
    const { sut, log } = newService();
    const t0 = events[0].timeMs;
    const base = { patientId: patient.patientId };
    // a consent withdrawal, a drug and an activity level from the record reach the twin before the CGM app's data
    const context: TwinEvent[] = [
      { ...base, kind: 'consent', id: 'consent-1', timeMs: t0 - 86_400_000, category: 'medications', granted: false },
      { ...base, kind: 'medication-dose', id: 'dose-1', timeMs: t0 - 3_600_000, atc: 'C08CA01', mg: 5 },
      { ...base, kind: 'activity-level', id: 'pal-1', timeMs: t0 - 3_600_000, pal: 1.6 },
    ];
    for (const e of context) expect((await sut.handle(e)).revision).toBe(0);
    await sut.handle(labGlucose(patient.patientId, t0 - 60_000)); // not the twin's: dropped
    expect((await log.read(patient.patientId)).map((e) => e.id)).toEqual(context.map((e) => e.id));
    await expect(sut.get(patient.patientId)).rejects.toBeInstanceOf(TwinNotFoundError);
    expect(sut.twinsInMemory).toBe(0);

    for (const e of events) await sut.handle(e);
    const all = [...context, ...events].sort(compareEvents);
    const folded = new TwinEngine(patient.patientId, await factory.create(patient.patientId, await factory.layout(patient.patientId, all)), settings);
    for (const e of all) folded.apply(e);
    const live = await sut.get(patient.patientId);
    expect(live.revision).toBe(all.length);
    expect(live.consents.medications).toBe(false);
    expect(live.ensemble.map((m) => [...m])).toEqual(folded.ensemble.map((m) => [...m]));
    sut.forgetAll();
    expect((await sut.get(patient.patientId)).ensemble.map((m) => [...m])).toEqual(folded.ensemble.map((m) => [...m]));
  });

  it('should keep at most maxTwinsInMemory twins and rebuild an evicted one bit-identically from its stores', async () => {
    const unbounded = newService();
    const log = new InMemoryTwinEventLog();
    const snapshots = new InMemoryTwinSnapshotStore();
    const sut = new TwinService(log, snapshots, factory, settings, { maxTwinsInMemory: 1 });
    for (const e of interleaved()) {
      await unbounded.sut.handle(e);
      await sut.handle(e); // the two patients alternate: every switch evicts the other twin
      expect(sut.twinsInMemory).toBe(1);
    }
    for (const id of [patient.patientId, other.patientId]) {
      const expected = (await unbounded.sut.get(id)).ensemble.map((m) => [...m]);
      expect((await sut.get(id)).ensemble.map((m) => [...m])).toEqual(expected);
    }
    expect(unbounded.sut.twinsInMemory).toBe(2);
  });

  it('should restore a twin once when calls for the same person overlap', async () => {
    const { sut, log, snapshots } = newService();
    for (const e of events.slice(0, 40)) await sut.handle(e);
    const restarted = new TwinService(log, snapshots, factory, settings);
    const [a, b, c] = await Promise.all([restarted.get(patient.patientId), restarted.get(patient.patientId), restarted.handle(events[40])]);
    expect(a).toBe(b);
    expect(c.engine).toBe(a);
    expect(c.revision).toBe(41);
  });

  it('should not hold a twin that was only read (another process may own its partition)', async () => {
    const { sut, log, snapshots } = newService();
    for (const e of events.slice(0, 40)) await sut.handle(e);
    const reader = new TwinService(log, snapshots, factory, settings);
    expect((await reader.get(patient.patientId)).revision).toBe(40);
    expect(reader.twinsInMemory).toBe(0);
    await sut.handle(events[40]); // the owner moves on; the reader sees it on its next read
    expect((await reader.get(patient.patientId)).revision).toBe(41);
  });

  it('should give back the twin as of a mark of its log, bit for bit, whatever arrived after it (late events too)', async () => {
    const { sut, log, snapshots } = newService();
    const early = events.slice(0, 120);
    for (const e of early) await sut.handle(e);
    const then = await sut.asOf(patient.patientId);
    const folded = [...new Map(early.map((e) => [e.id, e])).values()].sort(compareEvents); // the stream re-sends some events
    // the held twin served, copied: it is not the live engine's arrays
    const live = await sut.get(patient.patientId);
    expect(then.twin.revision).toBe(folded.length);
    expect(then.twin.ensemble[0]).not.toBe(live.ensemble[0]);
    expect(then.eventsSha256).toBe(eventIdsSha256(folded));
    expect(then.summary.revision).toBe(folded.length);
    const before = then.twin.ensemble.map((m) => [...m]);

    // later events, and a late one whose time is before the mark's latest event: all stored after the mark
    const reading = early.filter((e) => e.kind === 'observation').at(-3)!;
    const late: TwinEvent = { ...reading, id: `${reading.id}-late`, timeMs: reading.timeMs - 60_000 };
    for (const e of [...events.slice(120, 160), late]) await sut.handle(e);
    expect(live.revision).toBeGreaterThan(folded.length);
    expect(then.twin.ensemble.map((m) => [...m])).toEqual(before); // the copy did not move with the live twin

    // rebuilt from the log (the held twin has moved on), and in a new process from the stores alone
    const again = await sut.asOf(patient.patientId, then.mark);
    const restarted = await new TwinService(log, new InMemoryTwinSnapshotStore(), factory, settings).asOf(patient.patientId, then.mark);
    // a process that does not hold the twin, asked for now: folds on from the latest snapshot, to the same bits as from genesis
    const reader = new TwinService(log, snapshots, factory, settings);
    const now = await reader.asOf(patient.patientId);
    const fromGenesis = await new TwinService(log, new InMemoryTwinSnapshotStore(), factory, settings).asOf(patient.patientId);
    expect(snapshots.count(patient.patientId)).toBeGreaterThan(0);
    expect(now.twin.ensemble.map((m) => [...m])).toEqual(fromGenesis.twin.ensemble.map((m) => [...m]));
    expect(now.eventsSha256).toBe(fromGenesis.eventsSha256);
    expect(await reader.asOf(patient.patientId, then.mark)).toEqual(again); // a snapshot past the mark is not used
    for (const rebuilt of [again, restarted]) {
      expect(rebuilt.eventsSha256).toBe(then.eventsSha256);
      expect(rebuilt.twin.revision).toBe(folded.length);
      expect(rebuilt.twin.currentTimeMs).toBe(then.twin.currentTimeMs);
      expect(rebuilt.twin.ensemble.map((m) => [...m])).toEqual(before);
      expect(rebuilt.summary).toEqual(then.summary);
    }
    expect((await sut.asOf(patient.patientId)).twin.revision).toBe(live.revision);
  });

  it('should fold an older mark on from the newest snapshot at or before it, not from genesis, to the same bits', async () => {
    const { sut, log, snapshots } = newService();
    for (const e of events.slice(0, 50)) await sut.handle(e);
    const then = await sut.asOf(patient.patientId);
    for (const e of events.slice(50)) await sut.handle(e); // snapshots past the mark are saved too
    const restore = vi.spyOn(TwinEngine, 'restore');
    try {
      const again = await new TwinService(log, snapshots, factory, settings).asOf(patient.patientId, then.mark);
      const checkpoint = restore.mock.calls.at(-1)?.[4];
      expect(checkpoint?.applied).toBeGreaterThan(0);
      expect(checkpoint!.applied).toBeLessThanOrEqual(then.twin.revision);
      expect(again.eventsSha256).toBe(then.eventsSha256);
      expect(again.twin.ensemble.map((m) => [...m])).toEqual(then.twin.ensemble.map((m) => [...m]));
    } finally {
      restore.mockRestore();
    }
  });

  it('should find no twin as of a mark before any event that starts one', async () => {
    const { sut, log } = newService();
    await expect(sut.asOf('nobody')).rejects.toBeInstanceOf(TwinNotFoundError);
    await sut.handle(labGlucose('lab-only'));
    const mark = await log.mark('lab-only');
    expect(mark).toBeNull(); // an observation that starts no twin is not the twin's: not in its log
    await expect(sut.asOf('lab-only')).rejects.toBeInstanceOf(TwinNotFoundError);
  });

  it('should refuse a maxTwinsInMemory below 1', () => {
    expect(() => new TwinService(new InMemoryTwinEventLog(), new InMemoryTwinSnapshotStore(), factory, settings, { maxTwinsInMemory: 0 })).toThrow('maxTwinsInMemory');
  });
});
