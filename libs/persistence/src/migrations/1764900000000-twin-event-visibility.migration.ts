import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which transaction stored each twin event (`stored_by`, the full 64-bit transaction id), so that a mark of a
 * person's log can be a PostgreSQL snapshot: the events a reader saw are exactly those whose transaction the snapshot
 * counts as committed, whatever order their inserts began in (an insert that began before a mark and committed after
 * it is left out by the snapshot; a storage time cannot tell it). Rows stored before this migration keep NULL: they
 * committed before it, so every snapshot taken since sees them. No rewrite of the table: the default applies to new rows.
 */
export class TwinEventVisibility1764900000000 implements MigrationInterface {
  readonly name = 'TwinEventVisibility1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE twin_events ADD COLUMN IF NOT EXISTS stored_by xid8');
    await q.query('ALTER TABLE twin_events ALTER COLUMN stored_by SET DEFAULT pg_current_xact_id()');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE twin_events DROP COLUMN IF EXISTS stored_by');
  }
}
