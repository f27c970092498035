/** Time-series charts with uPlot: readings as points and line, a forecast as its median with a 10–90 % band. */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ForecastPoint, Reading } from './api';

export interface SeriesChart {
  readonly title: string;
  readonly unit: string;
  readonly readings: readonly Reading[];
  readonly forecast?: readonly ForecastPoint[];
  /** Horizontal guide lines, e.g. the 70–180 mg/dL target range. */
  readonly guides?: readonly { readonly value: number; readonly label: string }[];
}

/** Merges readings and forecast on one time axis (seconds); missing values are null, as uPlot wants. */
export function chartData(c: SeriesChart): uPlot.AlignedData {
  const times = [...new Set([...c.readings.map((r) => r.time), ...(c.forecast ?? []).map((p) => p.timeMs)])].sort((a, b) => a - b);
  const at = new Map(times.map((t, i) => [t, i]));
  const col = (): (number | null)[] => times.map(() => null);
  const [observed, q10, q50, q90] = [col(), col(), col(), col()];
  for (const r of c.readings) observed[at.get(r.time)!] = r.value;
  for (const p of c.forecast ?? []) {
    const i = at.get(p.timeMs)!;
    q10[i] = p.q10;
    q50[i] = p.q50;
    q90[i] = p.q90;
  }
  return [times.map((t) => t / 1000), observed, q10, q50, q90];
}

export function renderChart(host: HTMLElement, c: SeriesChart): uPlot {
  const width = Math.max(320, host.clientWidth || 640);
  const guides = c.guides ?? [];
  const opts: uPlot.Options = {
    title: c.title,
    width,
    height: 260,
    series: [
      {},
      { label: `observed (${c.unit})`, stroke: '#1f6feb', width: 1.5, points: { show: true, size: 4 }, spanGaps: false },
      { label: 'forecast 10 %', stroke: 'rgba(207,110,0,0.5)', width: 1, dash: [4, 4] },
      { label: 'forecast median', stroke: '#cf6e00', width: 2 },
      { label: 'forecast 90 %', stroke: 'rgba(207,110,0,0.5)', width: 1, dash: [4, 4] },
    ],
    bands: [{ series: [4, 2], fill: 'rgba(207,110,0,0.15)' }],
    axes: [{}, { label: c.unit }],
    hooks: {
      draw: [
        (u) => {
          const ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = 'rgba(40,160,80,0.6)';
          ctx.setLineDash([2, 4]);
          for (const g of guides) {
            const y = u.valToPos(g.value, 'y', true);
            ctx.beginPath();
            ctx.moveTo(u.bbox.left, y);
            ctx.lineTo(u.bbox.left + u.bbox.width, y);
            ctx.stroke();
          }
          ctx.restore();
        },
      ],
    },
  };
  host.replaceChildren();
  return new uPlot(opts, chartData(c), host);
}
