import { uvaPadovaSubjects } from '@shuji/models';
import { MS_PER_MIN, T1dGlucoseComponent, type KnownInputs, type TwinEvent } from '@shuji/twin';
import { describe, expect, it } from 'vitest';
import { PERSONAL_FLUX, personalFluxOf } from './t1d-personal-flux';
import { at, base, basal, bolus, meal } from './testing/t1d-log-events';

const component = new T1dGlucoseComponent({ prior: uvaPadovaSubjects().find((s) => s.name === 'adult#001')!.parameters });
const logTheta = Float64Array.from(component.estimated, (_, k) => component.priorOf(k).mean);
const member = component.steadyMember(logTheta, 0);
const DAYS = 3;

/** Three days of meals with their boluses and the basal rate, as a log. */
function inputEvents(): TwinEvent[] {
  const events: TwinEvent[] = [basal(0, '00:00', 0.9)];
  for (let d = 0; d < DAYS; d++)
    for (const [clock, carbs] of [['07:30', 45], ['12:30', 70], ['19:00', 80]] as const) events.push(meal(d, clock, carbs), bolus(d, clock, carbs / 12));
  return events;
}

/**
 * The person's CGM (noise-free interstitial glucose every 5 min) when a constant flux `flux` enters Gp: the member
 * advanced by the twin's own propagation (the filter's, not the what-if's), its disturbance held at `flux`.
 */
function livedWith(flux: number, events: readonly TwinEvent[]): TwinEvent[] {
  const inputs: KnownInputs = {
    meals: events.flatMap((e) => (e.kind === 'meal' ? [{ tMin: e.timeMs / MS_PER_MIN, carbsG: e.carbsG }] : [])),
    boluses: events.flatMap((e) => (e.kind === 'insulin-bolus' ? [{ tMin: e.timeMs / MS_PER_MIN, units: e.units }] : [])),
    basal: events.flatMap((e) => (e.kind === 'basal-rate' ? [{ tMin: e.timeMs / MS_PER_MIN, unitsPerHour: e.unitsPerHour }] : [])),
  };
  const y = Float64Array.from(member);
  const readings: TwinEvent[] = [];
  for (let t = at(0, '00:00') / MS_PER_MIN; t < at(DAYS, '00:00') / MS_PER_MIN; t += 5) {
    y[component.iW] = flux;
    component.propagate([y], t, t + 5, inputs, null);
    readings.push({ ...base((t + 5) * MS_PER_MIN), kind: 'observation', loinc: '99504-3', unit: 'mg/dL', value: component.interstitialGlucose(y) });
  }
  return [...events, ...readings].sort((a, b) => a.timeMs - b.timeMs);
}

describe(personalFluxOf.name, () => {
  it.each([0.3, -0.2, 0])('should recover a constant unlogged glucose flux of %s mg/kg/min from the CGM it leaves', (flux) => {
    const log = livedWith(flux, inputEvents());
    const [sut] = personalFluxOf(component, [member], log, at(DAYS, '00:00'));
    expect(sut).toBeCloseTo(flux, 1);
  });

  it("should give each member its own flux: one that needs more insulin explains the same CGM with less", () => {
    const log = livedWith(0.3, inputEvents());
    const resistant = Float64Array.from(member);
    const iSi = component.estimated.findIndex((e) => e.name === 'Vmx');
    expect(iSi).toBeGreaterThanOrEqual(0);
    resistant[component.iTheta + iSi] += Math.log(0.7);
    const [own, other] = personalFluxOf(component, [member, component.steadyMember(resistant.slice(component.iTheta, component.iTheta + component.estimated.length), 0)], log, at(DAYS, '00:00'));
    expect(own).toBeCloseTo(0.3, 1);
    expect(other).toBeLessThan(own - 0.05);
  });

  it("should stay within the disturbance's stationary SD", () => {
    const log = livedWith(3, inputEvents());
    expect(personalFluxOf(component, [member], log, at(DAYS, '00:00'))[0]).toBe(component.disturbanceSd);
  });

  it('should give 0 with fewer readings than half a day after the unscored start', () => {
    const log = livedWith(0.3, inputEvents()).filter((e) => e.kind !== 'observation' || e.timeMs < at(0, '00:00') + (PERSONAL_FLUX.burnInMin + 700) * 60_000);
    expect(Array.from(personalFluxOf(component, [member, member], log, at(DAYS, '00:00')))).toEqual([0, 0]);
  });
});
