import { getJson, postJson } from '../api';
import { ago, h, loading, problem } from '../dom';

/** A stored recommendation as the dashboard reads it (GET /v1/patients/:id/recommendations). */
interface Recommendation {
  readonly id: string;
  readonly kind: string;
  readonly headline: string;
  readonly created_at: string;
  readonly status: 'awaiting-decision' | 'accepted' | 'overridden';
  readonly provenance: { readonly models: readonly { readonly id: string; readonly version: string }[]; readonly code_version: string; readonly twin: { readonly revision: number } | null };
  readonly decisions: readonly { readonly decision: string; readonly reason: string | null; readonly decided_by: string; readonly decided_at: string }[];
}

/**
 * The patient's recommendations as cards, newest first: what is recommended, what it rests on, its status, and for
 * one awaiting a decision the clinician's accept / override with a reason (POST /v1/recommendations/:id/decision).
 * Nothing is applied by Shuji either way; the decision is recorded and audited.
 */
export function recommendationsView(patientId: string): HTMLElement {
  const list = h('div', { 'aria-live': 'polite' }, loading('Loading recommendations…'));
  const section = h('section', { class: 'card recommendations' }, h('h2', {}, 'Recommendations'), list);
  const load = async (): Promise<void> => {
    try {
      const items = await getJson<Recommendation[]>(`/v1/patients/${encodeURIComponent(patientId)}/recommendations`);
      list.replaceChildren(...(items.length === 0 ? [h('p', {}, 'None yet.')] : items.map((r) => card(r, load))));
    } catch (err) {
      list.replaceChildren(problem(`Recommendations: ${(err as Error).message}`));
    }
  };
  void load();
  return section;
}

function card(r: Recommendation, reload: () => Promise<void>): HTMLElement {
  const rests = `${r.provenance.models.map((m) => `${m.id} ${m.version}`).join(', ')}${r.provenance.twin === null ? '' : `, twin revision ${r.provenance.twin.revision}`}; ${r.provenance.code_version}`;
  const last = r.decisions[r.decisions.length - 1];
  const article = h(
    'article',
    { class: `recommendation ${r.status}`, 'data-recommendation': r.id },
    h('p', { class: 'headline' }, r.headline),
    h('p', { class: 'meta' }, `${r.kind} · ${ago(r.created_at)} · rests on ${rests}`),
    h('p', { class: 'status', 'data-status': r.status }, last === undefined ? 'Awaiting a decision' : `${last.decision === 'accepted' ? 'Accepted' : 'Overridden'} by ${last.decided_by}${last.reason === null ? '' : `: ${last.reason}`}`),
  );
  if (r.status !== 'awaiting-decision') return article;
  const reasonId = `reason-${r.id}`;
  const reason = h('input', { id: reasonId, type: 'text', maxlength: '2000', placeholder: 'needed to override' });
  const error = h('div', {});
  const decide = async (decision: 'accepted' | 'overridden'): Promise<void> => {
    try {
      const text = reason.value.trim();
      await postJson(`/v1/recommendations/${r.id}/decision`, text === '' ? { decision } : { decision, reason: text });
      await reload();
    } catch (err) {
      error.replaceChildren(problem((err as Error).message));
    }
  };
  article.append(
    h('label', { for: reasonId }, 'Reason '),
    reason,
    ' ',
    h('button', { type: 'button', onclick: () => void decide('accepted') }, 'Accept'),
    ' ',
    h('button', { type: 'button', onclick: () => void decide('overridden') }, 'Override'),
    error,
  );
  return article;
}
