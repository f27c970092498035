import { getJson, type PanelPatient } from '../api';
import { ago, h, loading, problem } from '../dom';

const number = (v: number | null, digits = 0): string => (v === null ? '–' : v.toFixed(digits));

/** The clinician's panel: every patient in scope with data, freshness, latest values and risk flags; searchable. */
export function panelView(): HTMLElement {
  const root = h('section', { class: 'panel' }, h('h1', {}, 'Patients'), loading('Loading the panel…'));
  void (async () => {
    let patients: PanelPatient[];
    try {
      patients = await getJson<PanelPatient[]>('/v1/patients?window_hours=24');
    } catch (err) {
      root.replaceChildren(h('h1', {}, 'Patients'), problem((err as Error).message));
      return;
    }
    if (patients.length === 0) {
      root.replaceChildren(h('h1', {}, 'Patients'), h('p', { class: 'empty' }, 'No patient in your panel has sent data yet.'));
      return;
    }
    const flagged = (p: PanelPatient): number => (p.flags.some((f) => f.severity === 'critical') ? 2 : p.flags.length > 0 ? 1 : 0);
    patients.sort((a, b) => flagged(b) - flagged(a) || b.lastObservation.localeCompare(a.lastObservation));
    const body = h('tbody');
    const search = h('input', { type: 'search', id: 'search', placeholder: 'Search by patient id', 'aria-label': 'Search patients' });
    const render = (): void => {
      const q = search.value.trim().toLowerCase();
      const shown = patients.filter((p) => p.patientId.toLowerCase().includes(q));
      body.replaceChildren(
        ...shown.map((p) =>
          h(
            'tr',
            { 'data-patient': p.patientId },
            h('td', {}, h('a', { href: `#/patients/${encodeURIComponent(p.patientId)}` }, p.patientId)),
            h('td', { title: p.lastObservation }, ago(p.lastObservation)),
            h('td', { class: 'num' }, number(p.lastWeight, 1)),
            h('td', { class: 'num' }, number(p.lastSystolic)),
            h('td', { class: 'num' }, number(p.lastInr, 1)),
            h('td', {}, ...(p.flags.length === 0 ? ['—'] : p.flags.map((f) => h('span', { class: `flag ${f.severity}`, title: f.text }, f.text)))),
          ),
        ),
      );
      if (shown.length === 0) body.append(h('tr', {}, h('td', { colspan: '6', class: 'empty' }, `No patient matches “${search.value}”.`)));
    };
    search.addEventListener('input', render);
    render();
    root.replaceChildren(
      h('h1', {}, 'Patients'),
      search,
      h(
        'table',
        { class: 'patients' },
        h('thead', {}, h('tr', {}, ...['Patient', 'Latest data', 'Weight (kg)', 'Systolic (mmHg)', 'INR', 'Flags'].map((t) => h('th', { scope: 'col' }, t)))),
        body,
      ),
    );
  })();
  return root;
}
