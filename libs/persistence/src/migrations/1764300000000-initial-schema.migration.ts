import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema. Observations are keyed by their event id, so the same event stored twice is one row;
 * (patient_id, code, effective_time) serves the range reads of the twin and of FHIR search. Observations carry
 * no foreign key to patients: device data may name a patient before any Patient resource arrives. Key columns
 * use the "C" collation: ids are compared bytewise, which keeps index maintenance cheap under bulk insert.
 */
export class InitialSchema1764300000000 implements MigrationInterface {
  readonly name = 'InitialSchema1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE patients (
        id          text PRIMARY KEY,
        identifiers jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE patient_identifiers (
        system     text NOT NULL,
        value      text NOT NULL,
        patient_id text NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
        PRIMARY KEY (system, value)
      )`);
    await q.query(`CREATE INDEX ix_patient_identifiers_patient ON patient_identifiers (patient_id)`);
    await q.query(`
      CREATE TABLE observations (
        event_id        text COLLATE "C" PRIMARY KEY,
        patient_id      text COLLATE "C" NOT NULL,
        code_system     text COLLATE "C" NOT NULL,
        code            text COLLATE "C" NOT NULL,
        display         text,
        value_kind      text NOT NULL CHECK (value_kind IN ('quantity', 'coded', 'text')),
        value_num       double precision,
        unit            text,
        value_system    text,
        value_code      text,
        value_text      text,
        effective_time  timestamptz NOT NULL,
        received_time   timestamptz NOT NULL,
        source          text NOT NULL,
        modality        text NOT NULL CHECK (modality IN ('vital', 'lab', 'cgm', 'wearable', 'medication', 'meal', 'activity', 'note', 'genomic')),
        source_resource text,
        stored_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_observations_quantity CHECK (value_kind <> 'quantity' OR (value_num IS NOT NULL AND unit IS NOT NULL)),
        CONSTRAINT ck_observations_coded CHECK (value_kind <> 'coded' OR (value_system IS NOT NULL AND value_code IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ix_observations_patient_code_time ON observations (patient_id, code, effective_time)`);
    await q.query(`
      CREATE TABLE dead_letters (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        topic         text NOT NULL,
        message_key   text,
        payload       bytea NOT NULL,
        reason        text NOT NULL,
        error_code    text,
        attempts      integer NOT NULL DEFAULT 1 CHECK (attempts >= 0),
        failed_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_dead_letters_topic_time ON dead_letters (topic, failed_at)`);
    await q.query(`
      CREATE TABLE audit_log (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        actor      text NOT NULL,
        action     text NOT NULL,
        patient_id text,
        resource   text NOT NULL,
        details    jsonb,
        at         timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_audit_log_patient_time ON audit_log (patient_id, at)`);
    await q.query(`
      CREATE TABLE processed_events (
        consumer     text COLLATE "C" NOT NULL,
        event_id     text COLLATE "C" NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['processed_events', 'audit_log', 'dead_letters', 'observations', 'patient_identifiers', 'patients']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
