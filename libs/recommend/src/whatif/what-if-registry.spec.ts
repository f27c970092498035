import { uvaPadovaSubjects } from '@shuji/models';
import { DEFAULT_TWIN_SETTINGS, T1dGlucoseComponent, TwinEngine, type EnsembleComponent } from '@shuji/twin';
import { describe, expect, it } from 'vitest';
import { numberIn } from '../shared/request-fields.util';
import { parseWhatIfRequest } from './parse-what-if-request';
import { executeWhatIf, planWhatIf } from './run-what-if';
import { T1dWhatIfPlugin } from './t1d/t1d-what-if.plugin';
import type { WhatIfChange, WhatIfPlugin } from './what-if-plugin';
import { WhatIfRegistry } from './what-if-registry';

/** A stand-in for another component's plug-in (a drug dose), registered beside the T1D one: the engine is unchanged. */
function drugPlugin(applies: boolean): WhatIfPlugin {
  return {
    id: 'drug',
    changeKinds: ['drug-dose'],
    outcomes: [{ name: 'daily_mg', unit: 'mg', description: 'dose per day' }],
    parseChange: (_kind, body, field) => ({ mg: numberIn(body.mg, `${field}.mg`, 0, 100) }),
    appliesTo: (_component: EnsembleComponent) => applies,
    prepare: (twin) => ({
      units: 1,
      assumptions: { members: twin.ensemble.length },
      startArm: (changes: readonly WhatIfChange[]) => {
        let done = false;
        const mg = changes.reduce((_, c) => (c.value as { mg: number }).mg, 10);
        return { advance: () => (done ? 0 : ((done = true), 1)), outcomes: () => twin.ensemble.map((_, j) => Float64Array.of(mg + j)) };
      },
    }),
  };
}

const twin = (): TwinEngine => {
  const engine = new TwinEngine('p', new T1dGlucoseComponent({ prior: uvaPadovaSubjects()[0].parameters }), { ...DEFAULT_TWIN_SETTINGS, ensembleSize: 4 });
  engine.apply({ id: 'g', patientId: 'p', timeMs: Date.UTC(2026, 10, 2, 8), kind: 'observation', loinc: '99504-3', value: 120, unit: 'mg/dL' });
  return engine;
};
const body = { horizon: 'PT1H', current: [{ kind: 'carb-ratio', grams_per_unit: 10 }, { kind: 'meal-plan', meals: [] }], arms: [{ name: 'a' }, { name: 'b', changes: [{ kind: 'drug-dose', mg: 25 }] }] };

describe(WhatIfRegistry.name, () => {
  it('should refuse a change kind registered twice', () => {
    expect(() => new WhatIfRegistry().register(drugPlugin(true)).register(drugPlugin(false))).toThrow(/"drug-dose" is already registered by drug/);
  });

  it("should run each applicable plug-in's part with its own changes, outcomes and paired differences", async () => {
    const registry = new WhatIfRegistry().register(new T1dWhatIfPlugin()).register(drugPlugin(true));
    const sut = await executeWhatIf(planWhatIf(twin(), parseWhatIfRequest(body, registry), registry));
    expect(sut.components.map((c) => c.plugin)).toEqual(['t1d-glucose', 'drug']);
    const drug = sut.components[1];
    expect(drug.outcomes).toEqual([{ name: 'daily_mg', unit: 'mg', description: 'dose per day' }]);
    expect(drug.arms[1].difference?.daily_mg).toEqual({ mean: 15, q10: 15, q50: 15, q90: 15 });
  });

  it("should refuse, naming the change's kind, a change for a component the twin does not have", () => {
    const registry = new WhatIfRegistry().register(new T1dWhatIfPlugin()).register(drugPlugin(false));
    expect(() => planWhatIf(twin(), parseWhatIfRequest(body, registry), registry)).toThrow(/^arms\[1\]\.changes\[0\]\.kind: "drug-dose" applies to a component/);
    expect(() => parseWhatIfRequest({ ...body, arms: [{ name: 'a', changes: [{ kind: 'drug-dose', mg: -1 }] }] }, registry)).toThrow(/^arms\[0\]\.changes\[0\]\.mg: /);
  });
});
