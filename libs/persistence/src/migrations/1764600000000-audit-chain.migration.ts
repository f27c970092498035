import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Arbitrary constant: the transaction-scoped advisory lock that orders appends to the audit chain. */
export const AUDIT_CHAIN_LOCK = 7_305_114_002;

/**
 * Makes the audit log tamper-evident: every row carries `seq` (its place in the chain), the previous row's hash and
 * its own, hash = sha256 of the JSON array [prev_hash, seq, actor, action, patient_id, resource, details, at] (JSON,
 * so no text can move across a field boundary). A trigger fills them under an advisory lock, so the writer cannot
 * choose them and concurrent appends form one chain; changing or deleting a row breaks every hash after it
 * (AuditRepository.verifyChain). The application role may only insert and read this table (grantApplicationRole).
 * The owner can still rewrite the whole chain: only a tip exported outside the database (verifyChain's `tip`,
 * checked later as an anchor) detects that, and the deletion of the newest rows.
 */
/**
 * A plpgsql block that (re)builds the whole chain, visiting the rows in `orderBy`: seq 1, 2, … with each row's
 * prev_hash and hash. The migration's backfill (rows older than the chain) and a spec's owner who rewrites the chain
 * both run this one loop. `orderBy` is SQL written by the caller, never input.
 */
export function rechainAuditLogSql(orderBy: 'id' | 'seq DESC'): string {
  return `
      DO $$
      DECLARE r record; prev text := ''; n bigint := 0;
      BEGIN
        FOR r IN SELECT * FROM audit_log ORDER BY ${orderBy} LOOP
          n := n + 1;
          UPDATE audit_log SET seq = n, prev_hash = prev,
            hash = audit_log_row_hash(prev, n, r.actor, r.action, r.patient_id, r.resource, r.details, r.at) WHERE id = r.id
            RETURNING hash INTO prev;
        END LOOP;
      END $$`;
}

export class AuditChain1764600000000 implements MigrationInterface {
  readonly name = 'AuditChain1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log ADD COLUMN seq bigint, ADD COLUMN prev_hash text, ADD COLUMN hash text`);
    await q.query(`
      CREATE FUNCTION audit_log_row_hash(prev text, seq bigint, actor text, action text, patient_id text, resource text, details jsonb, at timestamptz)
      RETURNS text LANGUAGE sql STABLE AS $$
        SELECT encode(sha256(convert_to(jsonb_build_array(prev, seq, actor, action, patient_id, resource, details,
          to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'))::text, 'UTF8')), 'hex')
      $$`);
    await q.query(`
      CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE last_seq bigint; last_hash text;
      BEGIN
        PERFORM pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK});
        SELECT a.seq, a.hash INTO last_seq, last_hash FROM audit_log a WHERE a.seq IS NOT NULL ORDER BY a.seq DESC LIMIT 1;
        NEW.seq := coalesce(last_seq, 0) + 1;
        NEW.prev_hash := coalesce(last_hash, '');
        NEW.hash := audit_log_row_hash(NEW.prev_hash, NEW.seq, NEW.actor, NEW.action, NEW.patient_id, NEW.resource, NEW.details, NEW.at);
        RETURN NEW;
      END $$`);
    // rows written before the chain existed join it in id order
    await q.query(rechainAuditLogSql('id'));
    await q.query(`ALTER TABLE audit_log ALTER COLUMN seq SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX ux_audit_log_seq ON audit_log (seq)`);
    await q.query(`CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS audit_log_chain ON audit_log`);
    await q.query(`DROP FUNCTION IF EXISTS audit_log_chain()`);
    await q.query(`DROP FUNCTION IF EXISTS audit_log_row_hash(text, bigint, text, text, text, text, jsonb, timestamptz)`);
    await q.query(`DROP INDEX IF EXISTS ux_audit_log_seq`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN IF EXISTS seq, DROP COLUMN IF EXISTS prev_hash, DROP COLUMN IF EXISTS hash`);
  }
}
