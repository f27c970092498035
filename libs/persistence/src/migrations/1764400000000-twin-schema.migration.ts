import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The twin's own tables (owned by the twin service; no other service reads them): its event log, keyed by
 * (patient, event id) so a redelivery is one row, and versioned snapshots (checkpoints) keyed by
 * (patient, model version, applied count). Members are stored as float8 arrays: exact binary64 round trip.
 * Only the twin service's stores (apps/twin) read and write these tables.
 */
export class TwinSchema1764400000000 implements MigrationInterface {
  readonly name = 'TwinSchema1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS twin_events (
        patient_id text COLLATE "C" NOT NULL,
        event_id   text COLLATE "C" NOT NULL,
        time_ms    bigint NOT NULL,
        body       jsonb NOT NULL,
        stored_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (patient_id, event_id)
      )`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS twin_snapshots (
        patient_id    text COLLATE "C" NOT NULL,
        model_version text NOT NULL,
        applied       integer NOT NULL,
        time_ms       double precision NOT NULL,
        members       float8[][] NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (patient_id, model_version, applied)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS twin_snapshots');
    await q.query('DROP TABLE IF EXISTS twin_events');
  }
}
