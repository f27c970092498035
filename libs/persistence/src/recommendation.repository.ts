import type { DataSource } from 'typeorm';
import type { AuditRepository } from './audit.repository';
import { inTransaction, runSql } from './sql-runner.util';

export interface StoredRecommendation {
  readonly id: string;
  readonly kind: string;
  readonly patientId: string | null;
  readonly inputs: unknown;
  readonly output: unknown;
  readonly headline: string;
  /** What it rests on, as @shuji/recommend's RecommendationProvenance. */
  readonly provenance: unknown;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly decisions: readonly StoredRecommendationDecision[];
}

export interface StoredRecommendationDecision {
  readonly decision: 'accepted' | 'overridden';
  readonly reason: string | null;
  readonly channel: 'api' | 'cds-hooks';
  readonly decidedBy: string;
  readonly decidedAt: Date;
}

export interface CdsFeedbackRow {
  readonly serviceId: string;
  readonly cardUuid: string;
  readonly outcome: 'accepted' | 'overridden';
  /** The feedback entry as the client sent it (checked). */
  readonly entry: unknown;
  readonly outcomeAt: string;
  readonly recordedBy: string;
  /** The reason recorded with the decision when the card is a stored recommendation (required when overridden). */
  readonly decisionReason?: string | null;
}

interface RecommendationRecord {
  recommendation_id: string;
  kind: string;
  patient_id: string | null;
  inputs: unknown;
  output: unknown;
  headline: string;
  provenance: unknown;
  created_by: string;
  created_at: Date;
  decisions: { decision: 'accepted' | 'overridden'; reason: string | null; channel: 'api' | 'cds-hooks'; decided_by: string; decided_at: string }[];
}

const SELECT = `
  SELECT r.*, coalesce((SELECT json_agg(json_build_object('decision', d.decision, 'reason', d.reason, 'channel', d.channel, 'decided_by', d.decided_by, 'decided_at', d.decided_at) ORDER BY d.decided_at, d.decision_id)
                          FROM recommendation_decisions d WHERE d.recommendation_id = r.recommendation_id), '[]') AS decisions
    FROM recommendations r`;

const toRecommendation = (r: RecommendationRecord): StoredRecommendation => ({
  id: r.recommendation_id,
  kind: r.kind,
  patientId: r.patient_id,
  inputs: r.inputs,
  output: r.output,
  headline: r.headline,
  provenance: r.provenance,
  createdBy: r.created_by,
  createdAt: r.created_at,
  decisions: r.decisions.map((d) => ({ decision: d.decision, reason: d.reason, channel: d.channel, decidedBy: d.decided_by, decidedAt: new Date(d.decided_at) })),
});

/**
 * Recommendations with their provenance and decisions, and CDS Hooks feedback (migration 1764800000000). Every write
 * writes its audit row in the same transaction; rows are never updated (the application role may not).
 */
export class RecommendationRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditRepository,
  ) {}

  async create(rec: Omit<StoredRecommendation, 'createdAt' | 'decisions'>, action: string): Promise<StoredRecommendation> {
    return inTransaction(this.dataSource, async (runner) => {
      const { rows } = await runSql<{ created_at: Date }>(
        this.dataSource,
        `INSERT INTO recommendations (recommendation_id, kind, patient_id, inputs, output, headline, provenance, created_by)
         VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7::jsonb, $8) RETURNING created_at`,
        [rec.id, rec.kind, rec.patientId, JSON.stringify(rec.inputs), JSON.stringify(rec.output), rec.headline, JSON.stringify(rec.provenance), rec.createdBy],
        runner,
      );
      await this.audit.record({ actor: rec.createdBy, action, ...(rec.patientId === null ? {} : { patientId: rec.patientId }), resource: `Recommendation/${rec.id}`, details: { kind: rec.kind } }, runner);
      // read back, so the caller sees what the store holds (jsonb's own key order and number text)
      const stored = await runSql<RecommendationRecord>(this.dataSource, `${SELECT} WHERE r.recommendation_id = $1`, [rec.id], runner);
      return toRecommendation({ ...stored.rows[0]!, created_at: rows[0]!.created_at });
    });
  }

  async get(id: string): Promise<StoredRecommendation | undefined> {
    const { rows } = await runSql<RecommendationRecord>(this.dataSource, `${SELECT} WHERE r.recommendation_id = $1`, [id]);
    return rows[0] === undefined ? undefined : toRecommendation(rows[0]);
  }

  /** A patient's recommendations, newest first; `undecidedOnly` keeps those with no decision yet. */
  async byPatient(patientId: string, options: { readonly undecidedOnly?: boolean; readonly limit?: number } = {}): Promise<StoredRecommendation[]> {
    const { rows } = await runSql<RecommendationRecord>(
      this.dataSource,
      `${SELECT} WHERE r.patient_id = $1 ${options.undecidedOnly === true ? 'AND NOT EXISTS (SELECT 1 FROM recommendation_decisions d WHERE d.recommendation_id = r.recommendation_id)' : ''}
       ORDER BY r.created_at DESC, r.recommendation_id LIMIT $2`,
      [patientId, Math.min(Math.max(1, options.limit ?? 50), 500)],
    );
    return rows.map(toRecommendation);
  }

  async decide(id: string, decision: Omit<StoredRecommendationDecision, 'decidedAt'>, patientId: string | null): Promise<void> {
    await inTransaction(this.dataSource, async (runner) => {
      await runSql(
        this.dataSource,
        'INSERT INTO recommendation_decisions (recommendation_id, decision, reason, channel, decided_by) VALUES ($1, $2, $3, $4, $5)',
        [id, decision.decision, decision.reason, decision.channel, decision.decidedBy],
        runner,
      );
      await this.audit.record(
        { actor: decision.decidedBy, action: 'decide-recommendation', ...(patientId === null ? {} : { patientId }), resource: `Recommendation/${id}`, details: { decision: decision.decision, channel: decision.channel } },
        runner,
      );
    });
  }

  /** CDS Hooks feedback entries, each with its audit row, and a decision for each card that is a stored recommendation. */
  async recordFeedback(entries: readonly CdsFeedbackRow[]): Promise<{ decisions: number }> {
    return inTransaction(this.dataSource, async (runner) => {
      let decisions = 0;
      for (const e of entries) {
        await runSql(
          this.dataSource,
          'INSERT INTO cds_feedback (service_id, card_uuid, outcome, entry, outcome_at, recorded_by) VALUES ($1, $2, $3, $4::jsonb, $5, $6)',
          [e.serviceId, e.cardUuid, e.outcome, JSON.stringify(e.entry), e.outcomeAt, e.recordedBy],
          runner,
        );
        const { rows } = await runSql<{ patient_id: string | null }>(this.dataSource, 'SELECT patient_id FROM recommendations WHERE recommendation_id = $1', [e.cardUuid], runner);
        const patientId = rows[0]?.patient_id ?? null;
        if (rows[0] !== undefined) {
          await runSql(
            this.dataSource,
            `INSERT INTO recommendation_decisions (recommendation_id, decision, reason, channel, decided_by) VALUES ($1, $2, $3, 'cds-hooks', $4)`,
            [e.cardUuid, e.outcome, e.decisionReason ?? null, e.recordedBy],
            runner,
          );
          decisions++;
        }
        await this.audit.record(
          { actor: e.recordedBy, action: 'cds-feedback', ...(patientId === null ? {} : { patientId }), resource: `cds-services/${e.serviceId}/feedback`, details: { card: e.cardUuid, outcome: e.outcome } },
          runner,
        );
      }
      return { decisions };
    });
  }

  async feedbackFor(cardUuid: string): Promise<CdsFeedbackRow[]> {
    const { rows } = await runSql<{ service_id: string; card_uuid: string; outcome: 'accepted' | 'overridden'; entry: unknown; outcome_at: Date; recorded_by: string }>(
      this.dataSource,
      'SELECT service_id, card_uuid, outcome, entry, outcome_at, recorded_by FROM cds_feedback WHERE card_uuid = $1 ORDER BY feedback_id',
      [cardUuid],
    );
    return rows.map((r) => ({ serviceId: r.service_id, cardUuid: r.card_uuid, outcome: r.outcome, entry: r.entry, outcomeAt: r.outcome_at.toISOString(), recordedBy: r.recorded_by }));
  }
}
