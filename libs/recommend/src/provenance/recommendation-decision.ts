/**
 * A clinician's decision on a recommendation: accepted, or overridden with a reason. Nothing is applied by
 * Shuji either way; the decision is recorded (and audited) so the recommendation's fate is known. An override
 * needs its reason (CDS Hooks 2.0 asks the same of overridden cards: `overrideReason`).
 */
import { RecommendInputError } from '../shared/recommend-input.error';
import { objectAt, onlyFields } from '../shared/request-fields.util';

export type RecommendationDecisionKind = 'accepted' | 'overridden';

export interface RecommendationDecisionRequest {
  readonly decision: RecommendationDecisionKind;
  readonly reason: string | null;
}

const MAX_REASON = 2000;

export function parseRecommendationDecision(body: unknown): RecommendationDecisionRequest {
  const record = objectAt(body, 'body');
  onlyFields(record, ['decision', 'reason']);
  if (record.decision !== 'accepted' && record.decision !== 'overridden') throw new RecommendInputError('decision', 'must be "accepted" or "overridden"');
  const reason = record.reason ?? null;
  if (reason !== null && (typeof reason !== 'string' || reason.trim() === '' || reason.length > MAX_REASON)) {
    throw new RecommendInputError('reason', `must be a non-empty text of at most ${MAX_REASON} characters`);
  }
  if (record.decision === 'overridden' && reason === null) throw new RecommendInputError('reason', 'is required to override a recommendation');
  return { decision: record.decision, reason: reason === null ? null : reason.trim() };
}
