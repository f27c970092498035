import { getJson } from '../api';
import { h, loading, problem } from '../dom';

/** A health-management plan as the dashboard reads it (GET /v1/patients/:id/health-plan). */
interface HealthPlan {
  readonly headline: string;
  readonly as_of: string;
  readonly targets: readonly {
    readonly id: string;
    readonly title: string;
    readonly unit: string;
    readonly current: number | null;
    readonly currentSource: string;
    readonly status: 'met' | 'not-met' | 'no-data';
  }[];
  readonly actions: readonly { readonly id: string; readonly title: string; readonly detail: string; readonly effect: string; readonly source: string }[];
  readonly not_offered: readonly { readonly id: string; readonly title: string; readonly reason: string }[];
}

const STATUS = { met: 'met', 'not-met': 'not met', 'no-data': 'no data' } as const;

/**
 * The person's health-management plan: each target with where they stand (met, not met, no data) and each action
 * the twin predicts would help, with its simulated effect and source; actions weighed and not offered, with why.
 * Read once per twin revision by the server; nothing here applies anything.
 */
export function healthPlanView(patientId: string): HTMLElement {
  const utcOffset = browserUtcOffset(new Date());
  const body = h('div', { 'aria-live': 'polite' }, loading('Loading the health plan…'));
  const section = h('section', { class: 'card health-plan' }, h('h2', {}, 'Health plan'), body);
  void (async () => {
    try {
      const plan = await getJson<HealthPlan>(`/v1/patients/${encodeURIComponent(patientId)}/health-plan?utc_offset=${encodeURIComponent(utcOffset)}`);
      body.replaceChildren(
        h('p', { class: 'headline' }, plan.headline),
        h(
          'ul',
          { class: 'targets' },
          ...plan.targets.map((t) =>
            h('li', { 'data-target': t.id, 'data-status': t.status, title: t.currentSource }, `${t.title}: `, h('strong', {}, t.current === null ? '–' : `${t.current.toFixed(1)} ${t.unit}`), ` (${STATUS[t.status]})`),
          ),
        ),
        ...plan.actions.map((a) => h('article', { class: 'action', 'data-action': a.id }, h('p', { class: 'headline' }, a.title), h('p', {}, a.detail), h('p', { class: 'meta' }, `Predicted: ${a.effect}. ${a.source}`))),
        ...(plan.not_offered.length === 0 ? [] : [h('details', {}, h('summary', {}, `Weighed, not offered (${plan.not_offered.length})`), h('ul', {}, ...plan.not_offered.map((n) => h('li', { 'data-not-offered': n.id }, `${n.title}: ${n.reason}`))))]),
      );
    } catch (err) {
      body.replaceChildren(problem(`Health plan: ${(err as Error).message}`));
    }
  })();
  return section;
}

/** The browser's clock as "±HH:MM" (times of day in the plan's actions are the person's). */
export function browserUtcOffset(at: Date): string {
  const east = -at.getTimezoneOffset();
  const abs = Math.abs(east);
  return `${east < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
