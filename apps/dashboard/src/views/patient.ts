import { ApiError, getJson, readings, type ForecastPoint, type Reading, type TwinForecast, type TwinSummary } from '../api';
import { renderChart, type SeriesChart } from '../charts';
import { ago, h, loading, problem } from '../dom';
import { followTwin, type LiveState } from '../live';
import { healthPlanView } from './health-plan';
import { recommendationsView } from './recommendations';
import { whatIfView } from './what-if';

interface Signal {
  readonly code: string;
  readonly title: string;
  readonly unit: string;
  /** How far back the chart reaches, and the forecast's span. */
  readonly historyDays: number;
  readonly forecast: string;
  readonly guides?: SeriesChart['guides'];
}

const SIGNALS: readonly Signal[] = [
  { code: '99504-3', title: 'CGM glucose, last 24 h and the next 2 h', unit: 'mg/dL', historyDays: 1, forecast: 'horizon=PT2H', guides: [{ value: 70, label: '70' }, { value: 180, label: '180' }] },
  { code: '29463-7', title: 'Body weight and the next 90 days', unit: 'kg', historyDays: 36500, forecast: 'horizon=P90D' },
  { code: '8480-6', title: 'Systolic blood pressure and the next 60 days', unit: 'mmHg', historyDays: 36500, forecast: 'horizon=P60D', guides: [{ value: 140, label: '140' }] },
  { code: '6301-6', title: 'INR and the next 14 days', unit: 'INR', historyDays: 36500, forecast: 'horizon=P14D', guides: [{ value: 2, label: '2' }, { value: 3, label: '3' }] },
];

/** One patient: the twin's state with its uncertainty, each signal's history with the twin's forecast, live. */
export function patientView(patientId: string): { element: HTMLElement; close: () => void } {
  const status = h('span', { class: 'live', role: 'status' }, 'connecting…');
  const summaryBox = h('div', { class: 'card' }, loading('Loading the twin…'));
  const charts = h('div', { class: 'charts' }, loading('Loading readings…'));
  const element = h(
    'section',
    { class: 'patient' },
    h('p', {}, h('a', { href: '#/' }, '← all patients')),
    h('h1', {}, `Patient ${patientId} `, status),
    summaryBox,
    charts,
  );
  let recommendationsShown = false;
  let whatIfShown = false;
  let controller = new AbortController();
  const refresh = async (): Promise<void> => {
    controller.abort();
    controller = new AbortController();
    const signal = controller.signal;
    const twin = await getJson<TwinSummary>(`/v1/twins/${encodeURIComponent(patientId)}`, signal).catch((err: Error) => err);
    if (twin instanceof Error && twin.name === 'AbortError') return;
    summaryBox.replaceChildren(...(twin instanceof Error ? [problem(`Twin: ${twin.message}`)] : summary(twin)));
    if (twin instanceof ApiError && (twin.status === 401 || twin.status === 403)) {
      charts.replaceChildren(); // nothing else of this person is shown either
      return;
    }
    if (!recommendationsShown) {
      // what is advised, awaiting a clinician's decision; a T1D twin can be asked for pump settings
      const settings = !(twin instanceof Error) && twin.components.some((c) => c.id.startsWith('uva-padova'));
      element.insertBefore(recommendationsView(patientId, { settings }), charts);
      if (!(twin instanceof Error)) element.insertBefore(healthPlanView(patientId), charts); // targets and simulated actions
      recommendationsShown = true;
    }
    const explained = new Set(twin instanceof Error ? [] : twin.components.flatMap((c) => c.explains.map((e) => e.loinc)));
    if (!whatIfShown && explained.has('99504-3')) {
      element.append(whatIfView(patientId)); // a glucose twin answers what-ifs of its therapy
      whatIfShown = true;
    }
    const shown: HTMLElement[] = [];
    const draws: (() => void)[] = [];
    for (const s of SIGNALS) {
      const history = await readings(patientId, s.code, new Date(Date.now() - s.historyDays * 86_400_000), signal).catch(() => [] as Reading[]);
      if (history.length === 0) continue;
      let forecast: readonly ForecastPoint[] = [];
      if (explained.has(s.code)) {
        forecast = (await getJson<TwinForecast>(`/v1/twins/${encodeURIComponent(patientId)}/forecast?code=${s.code}&${s.forecast}`, signal).catch(() => ({ points: [] }))).points;
      }
      const host = h('figure', { class: 'chart', 'data-code': s.code, 'aria-label': s.title });
      shown.push(host);
      draws.push(() => renderChart(host, { title: s.title, unit: s.unit, readings: history, forecast, guides: s.guides }));
    }
    if (signal.aborted) return;
    charts.replaceChildren(...(shown.length > 0 ? shown : [h('p', { class: 'empty' }, 'No readings of glucose, weight, blood pressure or INR yet.')]));
    for (const draw of draws) draw(); // in the page, so each chart takes its figure's width
  };
  const showState = (s: LiveState): void => {
    status.textContent = { live: '● live', connecting: 'connecting…', reconnecting: 'reconnecting…', refused: '' }[s];
    status.className = `live is-${s}`;
  };
  let pending: ReturnType<typeof setTimeout> | undefined;
  const stop = followTwin(
    patientId,
    () => {
      // a burst of updates (a backfill) redraws once
      clearTimeout(pending);
      pending = setTimeout(() => void refresh(), 1500);
    },
    showState,
  );
  void refresh();
  return {
    element,
    close: () => {
      stop();
      clearTimeout(pending);
      controller.abort();
    },
  };
}

function summary(twin: TwinSummary): HTMLElement[] {
  const row = (v: TwinSummary['state'][number]): HTMLElement =>
    h('tr', {}, h('th', { scope: 'row' }, v.name), h('td', { class: 'num' }, v.mean.toPrecision(4)), h('td', { class: 'num' }, `${v.p05.toPrecision(3)} – ${v.p95.toPrecision(3)}`), h('td', {}, v.unit));
  return [
    h('h2', {}, 'Digital twin'),
    h('p', {}, `Revision ${twin.revision}, updated ${twin.lastUpdate === null ? 'never' : ago(twin.lastUpdate)}. Components, and why the data chose them:`),
    h('ul', { class: 'components' }, ...twin.components.map((c) => h('li', {}, `${c.id}${c.reason === undefined ? '' : ` — ${c.reason}`} (${c.variables.length} variables)`))),
    h(
      'details',
      {},
      h('summary', {}, `State and personal parameters (${twin.state.length + twin.parameters.length}), with 90 % intervals`),
      h(
        'table',
        { class: 'state' },
        h('thead', {}, h('tr', {}, ...['', 'mean', '5–95 %', 'unit'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, ...twin.state.map(row), ...twin.parameters.map(row)),
      ),
    ),
  ];
}
