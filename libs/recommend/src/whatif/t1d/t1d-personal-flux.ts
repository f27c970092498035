/**
 * The person's persistent unexplained glucose input, for the what-if's future. The twin's OU disturbance flux w
 * absorbs what the log cannot show (meals eaten without logging, carbohydrate counted short) while the filter
 * assimilates; in a forecast it reverts to a mean of 0, so a person who habitually eats more than they log is
 * forecast lower than they live. A bias that persists is a state of its own (Friedland B. Treatment of bias in
 * recursive filtering. IEEE Trans Autom Control 1969;14:359-367): here it is estimated in batch, per member, as the
 * constant flux with which the member (its own θ and φ, from basal steady state) replayed under the log's meals,
 * boluses and basal over the last days reproduces the mean of the person's CGM readings there. Carb-counting error
 * of adults with T1D is mostly under-counting and persists per person (Brazeau AS, et al. Carbohydrate counting
 * accuracy and blood glucose variability in adults with type 1 diabetes. Diabetes Res Clin Pract 2013;99:19-23).
 *
 * Per member: two noise-free replays, at w = 0 and at w = PROBE (one stacked solve), and the secant between them:
 * μ = (mean CGM − mean replay at 0) / slope, within ± the disturbance's stationary SD. The first hours after the
 * window's start are not scored (the replay starts at basal steady state). Too few readings: 0 for every member.
 */
import { MS_PER_MIN, type KnownInputs, type T1dGlucoseComponent, type TwinEvent } from '@shuji/twin';
import { WHAT_IF_STEP_MIN } from '../parse-what-if-request';
import { recentCgmReadings } from './t1d-recent-cgm';

/** The window (days), the unscored start (min), the probe flux (mg/kg/min), the fewest scored readings (half a day). */
export const PERSONAL_FLUX = { days: 3, burnInMin: 360, probe: 0.5, minReadings: 144 } as const;

/** The log's meals, boluses (in [fromMin, toMin]) and basal rates (up to toMin) as the component's known inputs. */
function inputsOf(events: readonly TwinEvent[], fromMin: number, toMin: number): KnownInputs {
  const within = (e: TwinEvent): boolean => e.timeMs / MS_PER_MIN >= fromMin && e.timeMs / MS_PER_MIN <= toMin;
  return {
    meals: events.flatMap((e) => (e.kind === 'meal' && within(e) ? [{ tMin: e.timeMs / MS_PER_MIN, carbsG: e.carbsG }] : [])),
    boluses: events.flatMap((e) => (e.kind === 'insulin-bolus' && within(e) ? [{ tMin: e.timeMs / MS_PER_MIN, units: e.units }] : [])),
    basal: events.flatMap((e) => (e.kind === 'basal-rate' && e.timeMs / MS_PER_MIN <= toMin ? [{ tMin: e.timeMs / MS_PER_MIN, unitsPerHour: e.unitsPerHour }] : [])),
  };
}

/** Per member, its persistent personal flux (mg/kg/min) over the log's last PERSONAL_FLUX.days before endMs. */
export function personalFluxOf(component: T1dGlucoseComponent, members: readonly Float64Array[], events: readonly TwinEvent[], endMs: number): Float64Array {
  const n = members.length;
  const readings = recentCgmReadings(events, endMs, PERSONAL_FLUX.days);
  if (readings.length === 0) return new Float64Array(n);
  const endMin = endMs / MS_PER_MIN;
  const startMin = readings[0].timeMs / MS_PER_MIN;
  const steps = Math.ceil((endMin - startMin) / WHAT_IF_STEP_MIN);
  // the step after which each scored reading is compared (the replay's glucose at startMin + 5·(k + 1))
  const atStep = new Map<number, number[]>();
  let scored = 0;
  let observed = 0;
  for (const r of readings) {
    const tMin = r.timeMs / MS_PER_MIN;
    if (tMin < startMin + PERSONAL_FLUX.burnInMin) continue;
    const k = Math.min(steps, Math.max(1, Math.round((tMin - startMin) / WHAT_IF_STEP_MIN))) - 1;
    atStep.set(k, [...(atStep.get(k) ?? []), r.value]);
    scored++;
    observed += r.value;
  }
  if (scored < PERSONAL_FLUX.minReadings) return new Float64Array(n);
  observed /= scored;
  const K = component.estimated.length;
  const M = component.considered.length;
  const replay = [0, PERSONAL_FLUX.probe].flatMap((flux) =>
    members.map((m) => {
      const y = component.steadyMember(m.slice(component.iTheta, component.iTheta + K), 0, m.slice(component.iConsidered, component.iConsidered + M));
      y[component.iW] = flux;
      return y;
    }),
  );
  const fluxMean = Float64Array.from(replay, (y) => y[component.iW]);
  const simulated = new Float64Array(2 * n);
  const inputs = inputsOf(events, startMin, endMin);
  const propagate = component.ensemblePropagator(2 * n);
  for (let k = 0; k < steps; k++) {
    const t = startMin + k * WHAT_IF_STEP_MIN;
    propagate(replay, t, t + WHAT_IF_STEP_MIN, inputs, null, fluxMean);
    const count = atStep.get(k)?.length ?? 0;
    if (count > 0) for (let j = 0; j < 2 * n; j++) simulated[j] += count * component.interstitialGlucose(replay[j]);
  }
  const limit = component.disturbanceSd;
  return Float64Array.from(members, (_, j) => {
    const at0 = simulated[j] / scored;
    const slope = (simulated[n + j] / scored - at0) / PERSONAL_FLUX.probe;
    return slope > 0 ? Math.min(limit, Math.max(-limit, (observed - at0) / slope)) : 0;
  });
}
