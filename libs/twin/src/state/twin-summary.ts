/** The twin as the API shows it: components, current state and parameters with uncertainty, data coverage. */
import { CompositeComponent } from '../composition/composite.component';
import type { TwinEngine } from './twin-engine';
import { quantileOfSorted } from '@shuji/stats';

export interface VariableSummary {
  readonly name: string;
  readonly unit: string;
  readonly mean: number;
  readonly sd: number;
  /** 5 % and 95 % ensemble quantiles (parameters: on the natural scale). */
  readonly p05: number;
  readonly p95: number;
}

export interface ComponentSummary {
  /** The component's model and version, e.g. "hall-body-weight@1.1.0/twin.1". */
  readonly id: string;
  /** Why the person's data chose it, e.g. "readings of Body weight (LOINC 29463-7), explained by hall-body-weight" (absent for a twin built without a registry). */
  readonly reason?: string;
  readonly explains: readonly { readonly loinc: string; readonly unit: string }[];
  /** Names of its entries in `state` and `parameters`. */
  readonly variables: readonly string[];
}

export interface TwinSummary {
  readonly patientId: string;
  readonly revision: number;
  readonly components: readonly ComponentSummary[];
  readonly state: readonly VariableSummary[];
  readonly parameters: readonly VariableSummary[];
  readonly dataCoverage: readonly { readonly loinc: string; readonly count: number; readonly first: string; readonly last: string }[];
  readonly lastUpdate: string | null;
}

/** The twin's summary; `reasons` says why each component was chosen, in the order of the composite's children. */
export function summariseTwin(engine: TwinEngine, reasons: readonly string[] = []): TwinSummary {
  const members = engine.ensemble;
  const component = engine.component;
  // runs per observation (TwinUpdated): plain loops, one scratch array; Float64Array.from(array, fn) is ~30× slower
  const scratch = new Float64Array(members.length);
  const describe = (kind: 'state' | 'log-parameter'): VariableSummary[] => {
    const out: VariableSummary[] = [];
    if (members.length === 0) return out;
    for (const v of component.variables) {
      if (v.kind !== kind) continue;
      let sum = 0;
      for (let k = 0; k < members.length; k++) {
        const x = kind === 'log-parameter' ? Math.exp(members[k][v.index]) : members[k][v.index];
        scratch[k] = x;
        sum += x;
      }
      const mean = sum / members.length;
      let squares = 0;
      for (let k = 0; k < members.length; k++) squares += (scratch[k] - mean) ** 2;
      const sd = Math.sqrt(squares / Math.max(1, members.length - 1));
      scratch.sort();
      out.push({ name: v.name, unit: v.unit, mean, sd, p05: quantileOfSorted(scratch, 0.05), p95: quantileOfSorted(scratch, 0.95) });
    }
    return out;
  };
  return {
    patientId: engine.patientId,
    revision: engine.revision,
    components: (component instanceof CompositeComponent ? component.children : [component]).map((c, i) => ({
      id: c.id,
      ...(reasons[i] === undefined ? {} : { reason: reasons[i] }),
      explains: c.explains.map((code) => ({ loinc: code.loinc, unit: code.unit })),
      variables: c.variables.map((v) => v.name),
    })),
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
