import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stored recommendations (issue 15, "explanations and provenance"): each with its kind, patient (or none: a
 * stateless calculator), the inputs it was computed from, the output, and its provenance (models and versions,
 * sources, seed, code version, the twin's revision), so re-running it on the inputs must give the output exactly.
 * Decisions (accepted / overridden with a reason, by a clinician or through CDS Hooks feedback) are rows of their
 * own, never an update of the recommendation; CDS Hooks feedback is kept as sent, per card.
 */
export class RecommendationSchema1764800000000 implements MigrationInterface {
  readonly name = 'RecommendationSchema1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS recommendations (
        recommendation_id uuid PRIMARY KEY,
        kind         text NOT NULL,
        patient_id   text COLLATE "C",
        inputs       jsonb NOT NULL,
        output       jsonb NOT NULL,
        headline     text NOT NULL,
        provenance   jsonb NOT NULL,
        created_by   text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS recommendations_patient ON recommendations (patient_id, created_at DESC) WHERE patient_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS recommendation_decisions (
        decision_id  bigserial PRIMARY KEY,
        recommendation_id uuid NOT NULL REFERENCES recommendations (recommendation_id) ON DELETE CASCADE,
        decision     text NOT NULL CHECK (decision IN ('accepted', 'overridden')),
        reason       text,
        channel      text NOT NULL CHECK (channel IN ('api', 'cds-hooks')),
        decided_by   text NOT NULL,
        decided_at   timestamptz NOT NULL DEFAULT now(),
        CHECK (decision = 'accepted' OR reason IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS recommendation_decisions_of ON recommendation_decisions (recommendation_id, decided_at)`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS cds_feedback (
        feedback_id  bigserial PRIMARY KEY,
        service_id   text NOT NULL,
        card_uuid    uuid NOT NULL,
        outcome      text NOT NULL CHECK (outcome IN ('accepted', 'overridden')),
        entry        jsonb NOT NULL,
        outcome_at   timestamptz NOT NULL,
        recorded_by  text NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS cds_feedback_card ON cds_feedback (card_uuid)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS cds_feedback');
    await q.query('DROP TABLE IF EXISTS recommendation_decisions');
    await q.query('DROP TABLE IF EXISTS recommendations');
  }
}
