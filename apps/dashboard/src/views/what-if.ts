import { getJson, postJson } from '../api';
import { h, loading, problem } from '../dom';

interface Distribution {
  readonly mean: number;
  readonly q10: number;
  readonly q90: number;
}

interface SimulationJob {
  readonly id: string;
  readonly status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  readonly progress: number;
  readonly error?: string;
  readonly result?: {
    readonly components: readonly {
      readonly outcomes: readonly { readonly name: string; readonly unit: string; readonly description: string }[];
      readonly arms: readonly { readonly name: string; readonly outcomes: Readonly<Record<string, Distribution>>; readonly difference: Readonly<Record<string, Distribution>> | null }[];
    }[];
  };
}

const fmt = (d: Distribution | undefined): string => (d === undefined ? '–' : `${d.mean.toFixed(1)} (${d.q10.toFixed(1)} to ${d.q90.toFixed(1)})`);

/**
 * A what-if on the patient's glucose twin: the current therapy against a changed carbohydrate ratio, over the next
 * week, on the twin's posterior with common random numbers (POST /v1/twins/:id/simulations; a long run is a job
 * whose progress is shown). The answer: the consensus CGM metrics per arm and the paired difference, each with its
 * 10–90 % range over the ensemble.
 */
export function whatIfView(patientId: string): HTMLElement {
  const ratio = h('input', { id: 'carb-ratio', type: 'number', min: '2', max: '150', step: '0.5', value: '10', required: true });
  const out = h('div', { 'aria-live': 'polite' });
  const run = async (): Promise<void> => {
    const grams = Number(ratio.value);
    out.replaceChildren(loading('Simulating the next 7 days on the twin…'));
    const arms = [{ name: 'current' }, { name: `carb ratio ${grams} g/U`, changes: [{ kind: 'carb-ratio', grams_per_unit: grams }] }];
    try {
      let job = (await postJson<SimulationJob>(`/v1/twins/${encodeURIComponent(patientId)}/simulations`, { horizon: 'P7D', arms })).body;
      while (job.status === 'queued' || job.status === 'running') {
        out.replaceChildren(h('progress', { max: '1', value: String(job.progress), 'aria-label': 'simulation progress' }), ` ${Math.round(job.progress * 100)} %`);
        await new Promise((r) => setTimeout(r, 500));
        job = await getJson<SimulationJob>(`/v1/simulations/${job.id}`);
      }
      if (job.status !== 'done' || job.result === undefined) throw new Error(job.error ?? `the simulation ${job.status}`);
      out.replaceChildren(table(job.result.components[0]!));
    } catch (err) {
      out.replaceChildren(problem(`What-if: ${(err as Error).message}`));
    }
  };
  return h(
    'section',
    { class: 'card whatif' },
    h('h2', {}, 'What if…'),
    h(
      'form',
      {
        onsubmit: (e: Event) => {
          e.preventDefault();
          void run();
        },
      },
      h('label', { for: 'carb-ratio' }, 'Carbohydrate ratio (g of carbohydrate per unit of insulin) '),
      ratio,
      ' ',
      h('button', { type: 'submit' }, 'Simulate the next 7 days'),
    ),
    out,
  );
}

function table(component: NonNullable<SimulationJob['result']>['components'][number]): HTMLElement {
  const [current, changed] = component.arms;
  return h(
    'table',
    { class: 'whatif-result' },
    h('caption', {}, 'Mean over the twin’s members (10–90 % range); the difference is paired member by member'),
    h('thead', {}, h('tr', {}, ...['Outcome', current!.name, changed!.name, 'Difference'].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      {},
      ...component.outcomes.map((o) =>
        h(
          'tr',
          { 'data-outcome': o.name },
          h('th', { scope: 'row', title: o.description }, `${o.description} (${o.unit})`),
          h('td', { class: 'num' }, fmt(current!.outcomes[o.name])),
          h('td', { class: 'num' }, fmt(changed!.outcomes[o.name])),
          h('td', { class: 'num' }, fmt(changed!.difference?.[o.name])),
        ),
      ),
    ),
  );
}
