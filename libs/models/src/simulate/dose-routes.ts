/**
 * Generic mapping of scenario `doses` onto a schedule, for PK and PK/PD models: a registration names its
 * routes, each either an instantaneous amount into a state or a zero-order infusion into an input.
 */
import type { ScenarioDose } from './scenario';
import { ScenarioError } from './scenario';
import type { ScheduleItem } from './simulation-request';

export type DoseRoute =
  /** amount × scale is added to `state` at t_min (oral dose into the gut, IV bolus into the central compartment). */
  | { readonly kind: 'add-to-state'; readonly state: string; readonly scale?: number }
  /** amount × scale / durationMin per minute into `input` for durationMin minutes (converted to model time). */
  | { readonly kind: 'infusion'; readonly input: string; readonly durationMin: number; readonly scale?: number };

/**
 * `routes` maps route names to targets; a dose without `route` takes the first route. Times are converted
 * from minutes to model time with `minutesPerTimeUnit`; an infusion rate is per model time unit.
 */
export function dosesToSchedule(
  doses: readonly ScenarioDose[],
  routes: Readonly<Record<string, DoseRoute>>,
  minutesPerTimeUnit: number,
): ScheduleItem[] {
  const names = Object.keys(routes);
  return doses.map((dose, k): ScheduleItem => {
    const name = dose.route ?? names[0];
    const route = name === undefined ? undefined : routes[name];
    if (route === undefined) {
      throw new ScenarioError(`doses[${k}].route: "${String(name)}" is not a route of this model (${names.join(', ') || 'none'})`);
    }
    const t = dose.t_min / minutesPerTimeUnit;
    const amount = dose.amount * (route.scale ?? 1);
    if (route.kind === 'add-to-state') return { kind: 'add-to-state', t, state: route.state, amount };
    const duration = route.durationMin / minutesPerTimeUnit;
    return { kind: 'input-segment', input: route.input, start: t, end: t + duration, value: amount / duration };
  });
}
