import { openDatabase, TwinEventRepository, TwinSnapshotRepository, type ShujiDatabase } from '@shuji/persistence';
import { freshDatabase, type TestDatabase } from '@shuji/testing';
import { uvaPadovaSubjects } from '@shuji/models';
import { DEFAULT_TWIN_SETTINGS, generateVirtualPatient, T1dComponentFactory, TwinService, type TwinEvent } from '@shuji/twin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Medium tier: the twin on persistence's twin repositories, on a real PostgreSQL (the run's server, a database of this file's own). */
describe('twin stores on PostgreSQL', () => {
  let db: ShujiDatabase;
  let database: TestDatabase;
  const patient = generateVirtualPatient({ index: 14, days: 1, seed: 3 });
  const events = patient.events.filter((e) => e.timeMs < patient.truth.timeMs[0] + 4 * 3_600_000);
  const prior = uvaPadovaSubjects().find((s) => s.name === patient.baseSubject)?.parameters ?? {};
  const settings = { ...DEFAULT_TWIN_SETTINGS, ensembleSize: 8, checkpointEveryMin: 30 };
  const factory = new T1dComponentFactory(() => Promise.resolve(prior));

  beforeAll(async () => {
    database = await freshDatabase('twin_stores');
    db = await openDatabase({ databaseUrl: database.url, dataDir: '', embeddedPort: 0, poolSize: 4 });
  });

  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('should store each event once, keep versioned snapshots and restore the same twin after a restart', async () => {
    const log = new TwinEventRepository<TwinEvent>(db.dataSource);
    const snapshots = new TwinSnapshotRepository(db.dataSource);
    const sut = new TwinService(log, snapshots, factory, settings);
    for (const e of events) await sut.handle(e);
    await sut.handle(events[10]); // redelivery
    expect(await log.append(events[10])).toBe(false);
    expect((await log.read(patient.patientId)).map((e) => e.id)).toEqual(events.map((e) => e.id));
    const live = (await sut.get(patient.patientId)).ensemble.map((m) => [...m]);
    const latest = await snapshots.latest(patient.patientId, 'uva-padova-s2008@2008.1/twin.4');
    expect(latest?.checkpoint.applied).toBeGreaterThan(0);

    const restarted = new TwinService(log, snapshots, factory, settings);
    expect((await restarted.get(patient.patientId)).ensemble.map((m) => [...m])).toEqual(live);
    const cut = (latest?.checkpoint.applied ?? 0) - 1;
    await snapshots.deleteAfter(patient.patientId, cut); // what a late event does to snapshots taken without it
    expect((await snapshots.latest(patient.patientId, 'uva-padova-s2008@2008.1/twin.4'))?.checkpoint.applied ?? 0).toBeLessThanOrEqual(cut);
    await snapshots.deleteAll(patient.patientId);
    expect(await snapshots.latest(patient.patientId, 'uva-padova-s2008@2008.1/twin.4')).toBeUndefined();
    const rebuilt = new TwinService(log, snapshots, factory, settings);
    expect((await rebuilt.get(patient.patientId)).ensemble.map((m) => [...m])).toEqual(live);
  }, 120_000);

  it('should give back the log through a mark, leaving out what was stored after it, late events too, to the microsecond', async () => {
    const log = new TwinEventRepository<TwinEvent>(db.dataSource);
    const other = generateVirtualPatient({ index: 15, days: 1, seed: 3 });
    const mine = other.events.filter((e) => e.timeMs < other.truth.timeMs[0] + 4 * 3_600_000);
    expect(await log.mark(other.patientId)).toBeNull();
    const sut = new TwinService(log, new TwinSnapshotRepository(db.dataSource), factory, settings);
    for (const e of mine.slice(0, 30)) await sut.handle(e);
    const then = await sut.asOf(other.patientId);
    expect(then.mark).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z;snapshot=\d+:\d+:[\d,]*$/);
    const through = (await log.readThrough(other.patientId, then.mark)).map((e) => e.id);
    expect(through).toEqual((await log.read(other.patientId)).map((e) => e.id)); // the newest event is in: microseconds kept
    // a late event (its time among the first readings) and later ones, stored after the mark
    const late = { ...mine[5], id: `${mine[5].id}-late`, timeMs: mine[5].timeMs + 1 };
    for (const e of [late, ...mine.slice(30)]) await sut.handle(e);
    expect((await log.readThrough(other.patientId, then.mark)).map((e) => e.id)).toEqual(through);
    const again = await new TwinService(log, new TwinSnapshotRepository(db.dataSource), factory, settings).asOf(other.patientId, then.mark);
    expect(again.eventsSha256).toBe(then.eventsSha256);
    expect(again.twin.ensemble.map((m) => [...m])).toEqual(then.twin.ensemble.map((m) => [...m]));
  }, 120_000);

  it('should leave out of a mark an insert under way when it was taken, before and after that insert commits', async () => {
    const log = new TwinEventRepository<TwinEvent>(db.dataSource);
    const person = generateVirtualPatient({ index: 16, days: 1, seed: 3 });
    const [first, second, third] = person.events;
    await log.append(first);
    // a second writer: its insert of an earlier-stored row begins before the mark and commits after it
    const writer = db.dataSource.createQueryRunner();
    await writer.connect();
    await writer.startTransaction();
    await writer.query('INSERT INTO twin_events (patient_id, event_id, time_ms, body) VALUES ($1, $2, $3, $4)', [second.patientId, second.id, second.timeMs, JSON.stringify(second)]);
    await log.append(third);
    const mark = (await log.mark(person.patientId))!;
    const seen = (await log.readThrough(person.patientId, mark)).map((e) => e.id);
    expect(seen).toEqual([first.id, third.id]);
    await writer.commitTransaction();
    await writer.release();
    expect((await log.read(person.patientId)).map((e) => e.id)).toEqual([first.id, second.id, third.id]);
    // the committed insert's storage time is before the mark's, yet the mark still gives what its reader saw
    expect((await log.readThrough(person.patientId, mark)).map((e) => e.id)).toEqual(seen);
    // a mark of a storage time alone (stored before snapshots were kept) still reads: the events stored by then
    expect((await log.readThrough(person.patientId, mark.split(';')[0])).map((e) => e.id)).toEqual([first.id, second.id, third.id]);
  });

  it('should give the newest snapshot of at most so many events (an older mark folds on from it)', async () => {
    const snapshots = new TwinSnapshotRepository(db.dataSource);
    const members = [Float64Array.of(1, 2), Float64Array.of(3, 4)];
    for (const applied of [10, 20, 30]) await snapshots.save({ patientId: 'p-snapshots', modelVersion: 'm@1', checkpoint: { applied, timeMs: applied * 300_000, members } });
    expect((await snapshots.latest('p-snapshots', 'm@1'))?.checkpoint.applied).toBe(30);
    expect((await snapshots.latest('p-snapshots', 'm@1', 25))?.checkpoint.applied).toBe(20);
    expect((await snapshots.latest('p-snapshots', 'm@1', 20))?.checkpoint.applied).toBe(20);
    expect(await snapshots.latest('p-snapshots', 'm@1', 5)).toBeUndefined();
  });
});
