import { uvaPadovaSubjects } from '@shuji/models';
import { seededRandom } from '@shuji/stats';
import { NO_INPUTS, T1dGlucoseComponent, type KnownInputs } from '@shuji/twin';
import { describe, expect, it } from 'vitest';
import { giveBolus, giveMeal, mealImpulseDelayMin, t1dImpulseIndices } from './t1d-impulses';

describe(giveMeal.name, () => {
  it("should follow the component's own meal and bolus schedule within 3 mg/dL when the carbs come at the middle of the eating", () => {
    const component = new T1dGlucoseComponent({ prior: uvaPadovaSubjects().find((s) => s.name === 'adult#001')!.parameters });
    const [start] = component.initialEnsemble(seededRandom('impulses'), 1);
    start[component.iW] = 0;
    const t0 = 10_000;
    const scheduled = Float64Array.from(start);
    const impulse = Float64Array.from(start);
    const inputs: KnownInputs = { meals: [{ tMin: t0, carbsG: 60 }], boluses: [{ tMin: t0, units: 6 }], basal: [] };
    const bw = component.parameters(impulse)[component.model.parameterIndex('BW')];
    const at = t1dImpulseIndices(component);
    giveBolus(impulse, at, 6, bw);
    expect(mealImpulseDelayMin(60)).toBe(6); // 60 g at 5 g/min: 12 min, the middle at 6 → the step at t0 + 5
    let worst = 0;
    let peak = 0;
    let meanDiff = 0;
    for (let t = t0; t < t0 + 360; t += 5) {
      component.propagate([scheduled], t, t + 5, inputs, null);
      if (t === t0 + 5) giveMeal(impulse, at, 60);
      component.propagate([impulse], t, t + 5, NO_INPUTS, null);
      worst = Math.max(worst, Math.abs(component.plasmaGlucose(scheduled) - component.plasmaGlucose(impulse)));
      peak = Math.max(peak, component.plasmaGlucose(scheduled) - component.plasmaGlucose(start));
      meanDiff += (component.plasmaGlucose(impulse) - component.plasmaGlucose(scheduled)) / 72;
    }
    expect(peak).toBeGreaterThan(30); // the meal is seen
    expect(worst).toBeLessThan(3);
    expect(Math.abs(meanDiff)).toBeLessThan(0.2);
  });
});
