import { uvaPadovaSubjects } from '@shuji/models';
import { BloodPressureComponent, BodyWeightComponent, CompositeComponent, DEFAULT_TWIN_SETTINGS, generateVirtualPatient, T1dGlucoseComponent, TwinEngine, type EnsembleComponent } from '@shuji/twin';
import { describe, expect, it } from 'vitest';
import { defaultWhatIfRegistry } from '../default-what-if-registry';
import { parseWhatIfRequest } from '../parse-what-if-request';
import { executeWhatIf, planWhatIf } from '../run-what-if';
import { T1dWhatIfPlugin } from '../t1d/t1d-what-if.plugin';
import type { WhatIfTwin } from '../what-if-plugin';
import { partTwin, pluginParts, twinParts } from './twin-parts';

const vp = generateVirtualPatient({ index: 3, days: 1, seed: 11 });
const prior = uvaPadovaSubjects().find((s) => s.name === vp.baseSubject)?.parameters ?? {};
const t1d = (): T1dGlucoseComponent => new T1dGlucoseComponent({ prior });
const twinOf = (component: EnsembleComponent): TwinEngine => {
  const twin = new TwinEngine(vp.patientId, component, { ...DEFAULT_TWIN_SETTINGS, ensembleSize: 8 });
  for (const e of vp.events.filter((e) => e.timeMs < vp.truth.timeMs[0] + 12 * 3_600_000)) twin.apply(e);
  return twin;
};

describe(twinParts.name, () => {
  it('should be the component itself at offset 0 when it is not a composite', () => {
    const component = new BodyWeightComponent();
    expect(twinParts(component)).toEqual([{ component, offset: 0 }]);
  });

  it("should list a composite's children with their offsets, nested composites flattened", () => {
    const [glucose, bp, weight] = [t1d(), new BloodPressureComponent(), new BodyWeightComponent()];
    const sut = twinParts(new CompositeComponent([glucose, new CompositeComponent([bp, weight])]));
    expect(sut.map((p) => [p.component, p.offset])).toEqual([
      [glucose, 0],
      [bp, glucose.size],
      [weight, glucose.size + bp.size],
    ]);
  });
});

describe(partTwin.name, () => {
  it("should give each member's slice of the part as a copy, with the twin's log, time and patient", () => {
    const bp = new BloodPressureComponent();
    const twin = twinOf(new CompositeComponent([t1d(), bp]));
    const [part] = twinParts(twin.component).filter((p) => p.component === bp);
    const sut = partTwin(twin, part);
    expect(sut.component).toBe(bp);
    expect(sut.ensemble[2]).toEqual(twin.ensemble[2].subarray(part.offset, part.offset + bp.size));
    expect(sut.ensemble[2].buffer).not.toBe(twin.ensemble[2].buffer);
    expect(sut).toMatchObject({ patientId: twin.patientId, events: twin.events, currentTimeMs: twin.currentTimeMs });
  });
});

describe(pluginParts.name, () => {
  const body = {
    horizon: 'P1D',
    seed: 3,
    arms: [{ name: 'current' }, { name: 'stronger', changes: [{ kind: 'carb-ratio', grams_per_unit: 6 }] }],
  };

  const registry = defaultWhatIfRegistry();
  const run = (twin: WhatIfTwin) => executeWhatIf(planWhatIf(twin, parseWhatIfRequest(body, registry), registry), { threads: 1 });
  const t1dOf = (r: Awaited<ReturnType<typeof run>>) => r.components.find((x) => x.plugin === 't1d-glucose');

  it("should give the T1D what-if of a composite exactly that of a T1D twin holding the composite's T1D slices", async () => {
    const glucose = t1d();
    const composite = twinOf(new CompositeComponent([new BloodPressureComponent(), glucose]));
    const offset = new BloodPressureComponent().size;
    const alone: WhatIfTwin = { patientId: composite.patientId, component: glucose, events: composite.events, currentTimeMs: composite.currentTimeMs, ensemble: composite.ensemble.map((m) => m.slice(offset)) };
    const [a, c] = [await run(alone), await run(composite)];
    expect(c.components.map((x) => x.plugin)).toEqual(['t1d-glucose', 'blood-pressure']);
    expect(t1dOf(c)).toEqual(t1dOf(a));
  });

  it('should find the T1D part at its offset behind another child and simulate it', async () => {
    const composite = twinOf(new CompositeComponent([new BloodPressureComponent(), t1d()]));
    expect(pluginParts(composite, [new T1dWhatIfPlugin()]).map((p) => p.part.offset)).toEqual([new BloodPressureComponent().size]);
    const sut = t1dOf(await run(composite));
    expect(sut?.arms[0].outcomes.mean_glucose.mean).toBeGreaterThan(60);
    expect(sut?.arms[1].difference?.mean_glucose.q90).toBeLessThan(0);
  });

  it('should give a plug-in nothing when no part of the twin is its component', () => {
    expect(pluginParts(twinOf(new CompositeComponent([new BodyWeightComponent(), new BloodPressureComponent()])), [new T1dWhatIfPlugin()])).toEqual([]);
  });
});
