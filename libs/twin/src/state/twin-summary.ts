/** The twin as the API shows it: components, current state and parameters with uncertainty, data coverage. */
import type { TwinEngine } from './twin-engine';

export interface VariableSummary {
  readonly name: string;
  readonly unit: string;
  readonly mean: number;
  readonly sd: number;
  /** 5 % and 95 % ensemble quantiles (parameters: on the natural scale). */
  readonly p05: number;
  readonly p95: number;
}

export interface TwinSummary {
  readonly patientId: string;
  readonly revision: number;
  readonly components: readonly { readonly id: string; readonly explains: readonly { readonly loinc: string; readonly unit: string }[] }[];
  readonly state: readonly VariableSummary[];
  readonly parameters: readonly VariableSummary[];
  readonly dataCoverage: readonly { readonly loinc: string; readonly count: number; readonly first: string; readonly last: string }[];
  readonly lastUpdate: string | null;
}

function quantileOf(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function summariseTwin(engine: TwinEngine): TwinSummary {
  const members = engine.ensemble;
  const component = engine.component;
  const describe = (kind: 'state' | 'log-parameter'): VariableSummary[] =>
    members.length === 0
      ? []
      : component.variables
          .filter((v) => v.kind === kind)
          .map((v) => {
            const values = Float64Array.from(members, (m) => (kind === 'log-parameter' ? Math.exp(m[v.index]) : m[v.index]));
            const mean = values.reduce((s, x) => s + x, 0) / values.length;
            const sd = Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, values.length - 1));
            const sorted = values.slice().sort();
            return { name: v.name, unit: v.unit, mean, sd, p05: quantileOf(sorted, 0.05), p95: quantileOf(sorted, 0.95) };
          });
  return {
    patientId: engine.patientId,
    revision: engine.revision,
    components: [{ id: component.id, explains: component.explains.map((c) => ({ loinc: c.loinc, unit: c.unit })) }],
    state: describe('state'),
    parameters: describe('log-parameter'),
    dataCoverage: [...engine.dataCoverage.entries()].map(([loinc, c]) => ({
      loinc,
      count: c.count,
      first: new Date(c.firstMs).toISOString(),
      last: new Date(c.lastMs).toISOString(),
    })),
    lastUpdate: Number.isFinite(engine.currentTimeMs) ? new Date(engine.currentTimeMs).toISOString() : null,
  };
}
