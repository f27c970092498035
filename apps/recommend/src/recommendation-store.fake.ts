import type { CdsFeedbackRow, StoredRecommendation } from '@shuji/persistence';
import type { RecommendationStore } from './recommendation.tokens';

/**
 * An in-memory RecommendationStore for unit specs. Like PostgreSQL's jsonb, it keeps JSON (a copy through
 * JSON.stringify/parse), so a spec sees what a re-run would read back; the real store's medium spec checks jsonb.
 */
export class FakeRecommendationStore implements RecommendationStore {
  readonly rows = new Map<string, StoredRecommendation>();
  readonly feedback: CdsFeedbackRow[] = [];
  readonly audit: string[] = [];

  create(rec: Omit<StoredRecommendation, 'createdAt' | 'decisions'>, action: string): Promise<StoredRecommendation> {
    const stored: StoredRecommendation = { ...(JSON.parse(JSON.stringify(rec)) as typeof rec), createdAt: new Date(), decisions: [] };
    this.rows.set(rec.id, stored);
    this.audit.push(action);
    return Promise.resolve(stored);
  }

  get(id: string): Promise<StoredRecommendation | undefined> {
    return Promise.resolve(this.rows.get(id));
  }

  byPatient(patientId: string, options: { readonly undecidedOnly?: boolean; readonly limit?: number } = {}): Promise<StoredRecommendation[]> {
    const rows = [...this.rows.values()].filter((r) => r.patientId === patientId && (options.undecidedOnly !== true || r.decisions.length === 0));
    return Promise.resolve(rows.reverse().slice(0, options.limit ?? 50));
  }

  decide(id: string, decision: Parameters<RecommendationStore['decide']>[1]): Promise<void> {
    const row = this.rows.get(id);
    if (row === undefined) throw new Error('foreign key: no such recommendation');
    this.rows.set(id, { ...row, decisions: [...row.decisions, { ...decision, decidedAt: new Date() }] });
    this.audit.push('decide-recommendation');
    return Promise.resolve();
  }

  async recordFeedback(entries: readonly CdsFeedbackRow[]): Promise<{ decisions: number }> {
    let decisions = 0;
    for (const e of entries) {
      this.feedback.push(e);
      if (this.rows.has(e.cardUuid)) {
        await this.decide(e.cardUuid, { decision: e.outcome, reason: e.decisionReason ?? null, channel: 'cds-hooks', decidedBy: e.recordedBy });
        decisions++;
      }
    }
    return { decisions };
  }
}
