/**
 * A meal and a bolus given to one member of the twin's T1D ensemble as impulses at the start of a step (the what-if's
 * per-member inputs): the carbs into the stomach's solid phase Qsto1 with D, the amount gastric emptying sees, reset
 * as at a meal start (stomach content + the meal); the insulin into the subcutaneous depot Isc1 (U × 6000 pmol/U per
 * kg body weight). UVA/Padova eats at 5 g/min and delivers a bolus over 1 min (T1dGlucoseComponent's schedule), so
 * the meal is given at the middle of its eating time: against the schedule, 60 g and 6 U differ by ≤ 3 mg/dL of
 * plasma glucose over 6 h, 0.1 mg/dL on average (at the meal's start instead: 12 and 0.7; t1d-impulses.spec.ts).
 */
import type { T1dGlucoseComponent } from '@shuji/twin';

/** pmol of insulin per unit (UVA/Padova's insulin unit conversion). */
export const PMOL_PER_UNIT = 6000;
/** UVA/Padova's eating rate (the meal semantics of @shuji/models' registration). */
const EATING_RATE_G_PER_MIN = 5;

export interface T1dImpulseIndices {
  readonly Qsto1: number;
  readonly Qsto2: number;
  readonly Isc1: number;
  readonly D: number;
}

export function t1dImpulseIndices(component: T1dGlucoseComponent): T1dImpulseIndices {
  const model = component.model;
  return { Qsto1: model.stateIndex('Qsto1'), Qsto2: model.stateIndex('Qsto2'), Isc1: model.stateIndex('Isc1'), D: component.iD };
}

/** Gives `member` a meal of `carbsG` now. */
export function giveMeal(member: Float64Array, at: T1dImpulseIndices, carbsG: number): void {
  member[at.Qsto1] += carbsG * 1000;
  member[at.D] = member[at.Qsto1] + member[at.Qsto2];
}

/** Gives `member` a bolus of `units` now; `bodyWeightKg` is the member's BW parameter. */
export function giveBolus(member: Float64Array, at: T1dImpulseIndices, units: number, bodyWeightKg: number): void {
  member[at.Isc1] += (units * PMOL_PER_UNIT) / bodyWeightKg;
}

/** The minutes after its start at which a meal of `carbsG` is given at once: the middle of its eating at 5 g/min. */
export function mealImpulseDelayMin(carbsG: number): number {
  return carbsG / EATING_RATE_G_PER_MIN / 2;
}
