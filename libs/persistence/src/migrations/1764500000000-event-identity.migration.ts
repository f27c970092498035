import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Event identity per patient and source: an observation is keyed by (patient_id, source, event_id), no longer by
 * event_id alone, so a client cannot pre-claim an id (a device `event_id`, a FHIR `Observation.id`) and thereby
 * suppress another patient's data, or another source's. `source` takes the "C" collation of the other key
 * columns (bytewise comparison, cheap index maintenance under bulk insert).
 */
export class EventIdentity1764500000000 implements MigrationInterface {
  readonly name = 'EventIdentity1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE observations ALTER COLUMN source TYPE text COLLATE "C"');
    await q.query('ALTER TABLE observations DROP CONSTRAINT observations_pkey');
    await q.query('ALTER TABLE observations ADD CONSTRAINT observations_pkey PRIMARY KEY (patient_id, source, event_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    // fails, as it should, once two patients or sources hold the same event id
    await q.query('ALTER TABLE observations DROP CONSTRAINT observations_pkey');
    await q.query('ALTER TABLE observations ADD CONSTRAINT observations_pkey PRIMARY KEY (event_id)');
    await q.query('ALTER TABLE observations ALTER COLUMN source TYPE text');
  }
}
