import { freshDatabase, type TestDatabase } from '@shuji/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRepository } from './audit.repository';
import { openDatabase, migrate, type ShujiDatabase } from './data-source.factory';
import { DeadLetterRepository } from './dead-letter.repository';
import { ObservationRepository } from './observation.repository';
import { PatientRepository } from './patient.repository';
import { inTransaction } from './sql-runner.util';
import { ProcessedEventRepository } from './processed-event.repository';
import type { StoredObservation } from './stored-observation';
import { observationFactory } from './__tests__/test-database.util';

/** Medium tier: the repositories on a real PostgreSQL (the run's server), in a database of this file's own. */
describe('persistence against PostgreSQL', () => {
  let database: TestDatabase;
  let db: ShujiDatabase;
  const audit = { actor: 'test-suite', action: 'read' };

  beforeAll(async () => {
    database = await freshDatabase('persistence');
    db = await openDatabase({ databaseUrl: database.url, dataDir: '', embeddedPort: 0, poolSize: 6 });
  });

  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('should have run every migration and find nothing pending on a second run', async () => {
    const tables = await db.dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
    expect(tables.map((t: { table_name: string }) => t.table_name)).toEqual(['audit_log', 'cds_feedback', 'dead_letters', 'observations', 'patient_identifiers', 'patients', 'population_jobs', 'population_shards', 'processed_events', 'recommendation_decisions', 'recommendations', 'schema_migrations', 'twin_events', 'twin_snapshots']);
    expect(await migrate(db.dataSource)).toEqual([]);
  });

  describe(ObservationRepository.name, () => {
    it('should store a duplicate event once when the same events are inserted again', async () => {
      const sut = new ObservationRepository(db.dataSource);
      const batch = [0, 1, 2].map((n) => observationFactory(n, 'dup-patient'));
      expect(await sut.insertMany(batch)).toBe(3);
      expect(await sut.insertMany([...batch, observationFactory(3, 'dup-patient'), batch[0]!])).toBe(1);
      const rows = await sut.findRange({ patientId: 'dup-patient' }, audit);
      expect(rows.map((r) => r.eventId)).toEqual(['evt-dup-patient-2339-0-0', 'evt-dup-patient-2339-0-1', 'evt-dup-patient-2339-0-2', 'evt-dup-patient-2339-0-3']);
    });

    it('should keep one event id apart per patient and per source: two patients using the same id do not interfere', async () => {
      const sut = new ObservationRepository(db.dataSource);
      const a = { ...observationFactory(0, 'id-patient-a'), eventId: 'g7-000123' };
      const b = { ...observationFactory(0, 'id-patient-b'), eventId: 'g7-000123', value: { kind: 'quantity' as const, value: 250, unit: 'mg/dL' } };
      const otherSource = { ...a, source: 'libre', value: { kind: 'quantity' as const, value: 77, unit: 'mg/dL' } };
      expect(await sut.insertMany([a])).toBe(1);
      expect(await sut.insertMany([b, otherSource])).toBe(2);
      expect((await sut.findRange({ patientId: 'id-patient-b' }, audit)).map((r) => r.value)).toEqual([b.value]);
      expect((await sut.findRange({ patientId: 'id-patient-a' }, audit)).map((r) => [r.source, r.value])).toEqual([['libre', otherSource.value], [a.source, a.value]]);
    });

    it('should find a record whose key is stored with another value, and take a re-send as no conflict', async () => {
      const sut = new ObservationRepository(db.dataSource);
      const stored = observationFactory(0, 'conflict-patient');
      await sut.insertMany([stored]);
      const resend = { ...stored, receivedTime: '2026-03-01T00:00:00.000Z', display: 'Glucose again' };
      const changed = { ...stored, value: { kind: 'quantity' as const, value: 400, unit: 'mg/dL' } };
      const moved = { ...stored, effectiveTime: '2026-01-02T00:00:00.000Z' };
      const fresh = observationFactory(1, 'conflict-patient');
      expect(await sut.findConflicts([resend, changed, fresh, moved])).toEqual([changed, moved]);
      expect(await sut.insertMany([changed])).toBe(0);
    });

    it('should round-trip quantity, coded and text values and write an audit row for the read', async () => {
      const sut = new ObservationRepository(db.dataSource);
      const base = observationFactory(0, 'rt-patient');
      const records: StoredObservation[] = [
        { ...base, eventId: 'rt-q', value: { kind: 'quantity', value: 5.551, unit: 'mmol/L' }, sourceResource: 'Observation/a/_history/1' },
        { ...base, eventId: 'rt-c', effectiveTime: '2026-01-01T00:01:00.000Z', value: { kind: 'coded', system: 'http://snomed.info/sct', code: '8517006', display: 'Former smoker' }, modality: 'note' },
        { ...base, eventId: 'rt-t', effectiveTime: '2026-01-01T00:02:00.000Z', value: { kind: 'text', text: 'felt dizzy' }, modality: 'note' },
      ];
      await sut.insertMany(records);
      expect(await sut.findRange({ patientId: 'rt-patient', code: '2339-0' }, audit)).toEqual(records);
      const trail = await new AuditRepository(db.dataSource).findByPatient('rt-patient');
      expect(trail[0]).toMatchObject({ actor: 'test-suite', action: 'read', patientId: 'rt-patient', resource: 'Observation?patient=rt-patient&code=2339-0' });
    });

    it('should read [from, to) of one patient and code in time order', async () => {
      const sut = new ObservationRepository(db.dataSource);
      const t0 = Date.UTC(2026, 5, 1);
      const series = Array.from({ length: 10 }, (_, n) => observationFactory(n, 'range-patient', '8867-4', new Date(t0 + n * 3_600_000)));
      await sut.insertMany([...series].reverse());
      await sut.insertMany([observationFactory(99, 'range-patient', '2339-0', new Date(t0 + 3 * 3_600_000)), observationFactory(98, 'other', '8867-4', new Date(t0 + 3 * 3_600_000))]);
      const got = await sut.findRange({ patientId: 'range-patient', code: '8867-4', from: new Date(t0 + 2 * 3_600_000), to: new Date(t0 + 5 * 3_600_000) }, audit);
      expect(got.map((r) => r.eventId)).toEqual([2, 3, 4].map((n) => `evt-range-patient-8867-4-${n}`));
      await expect(sut.findRange({ patientId: 'range-patient', from: 'last tuesday' }, audit)).rejects.toThrow('ObservationRangeQuery.from');
    });

    it('should plan the range read on the (patient_id, code, effective_time) index', async () => {
      const sut = new ObservationRepository(db.dataSource);
      const many = Array.from({ length: 20_000 }, (_, n) => observationFactory(n, `p${n % 200}`, n % 2 === 0 ? '2339-0' : '8867-4'));
      await sut.insertMany(many);
      await db.dataSource.query('ANALYZE observations');
      const plan = await db.dataSource.query(
        `EXPLAIN (FORMAT JSON) SELECT * FROM observations WHERE patient_id = $1 AND code = $2 AND effective_time >= $3 AND effective_time < $4 ORDER BY effective_time LIMIT 1000`,
        ['p7', '8867-4', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'],
      );
      expect(JSON.stringify(plan)).toContain('"Index Name":"ix_observations_patient_code_time"');
    });

    it('should store each event once when two inserters write the same events concurrently', async () => {
      const sut = new ObservationRepository(db.dataSource);
      const before = await sut.count();
      const events = Array.from({ length: 20_000 }, (_, n) => observationFactory(n, `conc-${n % 100}`));
      const [a, b] = await Promise.all([sut.insertMany(events), sut.insertMany([...events].reverse())]);
      expect(a + b).toBe(20_000);
      expect((await sut.count()) - before).toBe(20_000);
    });

    it('should not deadlock two transactions that insert the same multi-chunk batch in opposite orders', async () => {
      const sut = new ObservationRepository(db.dataSource);
      const before = await sut.count();
      const events = Array.from({ length: 12_000 }, (_, n) => observationFactory(n, `tx-${n % 50}`));
      const write = (batch: StoredObservation[]) => inTransaction(db.dataSource, (runner) => sut.insertMany(batch, runner));
      const [a, b] = await Promise.all([write(events), write([...events].reverse())]);
      expect(a + b).toBe(12_000);
      expect((await sut.count()) - before).toBe(12_000);
    });
  });

  describe(PatientRepository.name, () => {
    it('should create new patients, merge identifiers of known ones and resolve them by identifier', async () => {
      const sut = new PatientRepository(db.dataSource);
      const synthea = { system: 'https://github.com/synthetichealth/synthea', value: 'abc' };
      expect(await sut.upsertMany([{ id: 'pat-1', identifiers: [synthea] }, { id: 'pat-2', identifiers: [] }])).toBe(2);
      const mrn = { system: 'http://hospital.smarthealthit.org', value: 'mrn-1' };
      expect(await sut.upsertMany([{ id: 'pat-1', identifiers: [synthea, mrn] }])).toBe(0);
      expect((await sut.findById('pat-1', audit))?.identifiers).toEqual(expect.arrayContaining([synthea, mrn]));
      expect((await sut.findById('pat-1', audit))?.identifiers).toHaveLength(2);
      const lookup = await sut.lookupFor([synthea, mrn, { system: 'x', value: 'none' }], audit);
      expect(lookup.findByIdentifier(synthea.system, synthea.value)).toBe('pat-1');
      expect(lookup.findByIdentifier(mrn.system, mrn.value)).toBe('pat-1');
      expect(lookup.findByIdentifier('x', 'none')).toBeUndefined();
    });

    it('should keep an identifier with its first patient when another patient claims it', async () => {
      const sut = new PatientRepository(db.dataSource);
      const shared = { system: 'urn:test', value: 'shared' };
      await sut.upsertMany([{ id: 'first', identifiers: [shared] }]);
      await sut.upsertMany([{ id: 'second', identifiers: [shared] }]);
      expect((await sut.lookupFor([shared], audit)).findByIdentifier('urn:test', 'shared')).toBe('first');
    });
  });

  describe(DeadLetterRepository.name, () => {
    it('should keep the payload bytes, reason and attempts of a dead letter', async () => {
      const sut = new DeadLetterRepository(db.dataSource);
      const payload = new Uint8Array([0, 1, 2, 250, 255]);
      await sut.add({ topic: 'shuji.observations.v1', key: 'p1', payload, reason: 'unit cannot be converted', errorCode: 'UNIT_INVALID', attempts: 3 });
      const [letter] = await sut.list(audit, 'shuji.observations.v1');
      expect(letter).toMatchObject({ topic: 'shuji.observations.v1', key: 'p1', reason: 'unit cannot be converted', errorCode: 'UNIT_INVALID', attempts: 3 });
      expect([...letter!.payload]).toEqual([...payload]);
      expect(await sut.count('shuji.observations.v1')).toBe(1);
    });
  });

  describe(ProcessedEventRepository.name, () => {
    it('should claim an event for a consumer once and independently per consumer', async () => {
      const sut = new ProcessedEventRepository(db.dataSource);
      expect([...(await sut.claim('ingest', ['e1', 'e2', 'e2']))].sort()).toEqual(['e1', 'e2']);
      expect([...(await sut.claim('ingest', ['e2', 'e3']))]).toEqual(['e3']);
      expect([...(await sut.claim('twin', ['e1']))]).toEqual(['e1']);
    });
  });
});
