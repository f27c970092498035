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
  /** A settings recommendation's output: its ranked options, each with the parameters its gain rests on. */
  readonly output: { readonly options?: readonly { readonly sensitivity?: Sensitivity }[] } | null;
}

interface Sensitivity {
  readonly noise_level: number;
  readonly parameters: readonly { readonly parameter: string; readonly rank_correlation: number }[];
}

interface SettingsJob {
  readonly id: string;
  readonly status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  readonly progress: number;
  readonly error?: string;
}

/** "rests most on kp3 (ρ −0.62), si (ρ 0.31)": the parameters whose posterior spread moves the gain beyond noise. */
export function sensitivityLine(s: Sensitivity | undefined): string | null {
  const beyond = (s?.parameters ?? []).filter((p) => Math.abs(p.rank_correlation) >= s!.noise_level).slice(0, 3);
  if (beyond.length === 0) return null;
  return `The predicted gain rests most on ${beyond.map((p) => `${p.parameter} (ρ ${p.rank_correlation.toFixed(2).replace('-', '−')})`).join(', ')}`;
}

/**
 * The patient's recommendations as cards, newest first: what is recommended, what it rests on, its status, and for
 * one awaiting a decision the clinician's accept / override with a reason (POST /v1/recommendations/:id/decision).
 * Nothing is applied by Shuji either way; the decision is recorded and audited. With `settings` (a twin with a T1D
 * part), a button asks the twin for pump settings (POST /v1/twins/:id/recommendations/t1d-settings, a job whose
 * progress is shown; the stored result joins the list).
 */
export function recommendationsView(patientId: string, options: { readonly settings: boolean } = { settings: false }): HTMLElement {
  const list = h('div', { 'aria-live': 'polite' }, loading('Loading recommendations…'));
  const progress = h('div', { 'aria-live': 'polite' });
  const section = h('section', { class: 'card recommendations' }, h('h2', {}, 'Recommendations'));
  const button = h('button', { type: 'button', onclick: () => void recommendSettings() }, 'Recommend pump settings');
  const recommendSettings = async (): Promise<void> => {
    // one search at a time: every finished search is stored (append-only) and awaits a decision
    if (button.disabled) return;
    button.disabled = true;
    progress.replaceChildren(loading('Searching pump settings on the twin (next 7 days, steps up to 20 %)…'));
    try {
      let job = (await postJson<SettingsJob>(`/v1/twins/${encodeURIComponent(patientId)}/recommendations/t1d-settings`, { horizon: 'P7D' })).body;
      while (job.status === 'queued' || job.status === 'running') {
        progress.replaceChildren(h('progress', { max: '1', value: String(job.progress), 'aria-label': 'settings search progress' }), ` ${Math.round(job.progress * 100)} %`);
        await new Promise((r) => setTimeout(r, 500));
        job = await getJson<SettingsJob>(`/v1/simulations/${job.id}`);
      }
      if (job.status !== 'done') throw new Error(job.error ?? `the search ${job.status}`);
      progress.replaceChildren();
      await load();
    } catch (err) {
      progress.replaceChildren(problem(`Pump settings: ${(err as Error).message}`));
    } finally {
      button.disabled = false;
    }
  };
  if (options.settings) section.append(h('p', {}, button), progress);
  section.append(list);
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
    ...[sensitivityLine(r.output?.options?.[0]?.sensitivity)].filter((t) => t !== null).map((t) => h('p', { class: 'sensitivity' }, t)),
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
