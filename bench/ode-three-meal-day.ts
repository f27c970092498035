/**
 * bench:ode's scenario, shared by bench/ode.bench.ts and bench/ode-fingerprint.ts: a UVA/Padova S2008 subject's day
 * with meals of 50/70/80 g at 07:00, 12:00 and 18:00 and carbs/CR boluses at each.
 */
import { uvaPadovaTherapy, type Scenario } from '@shuji/models';

export const MEALS = [
  { t_min: 420, carbs_g: 50 },
  { t_min: 720, carbs_g: 70 },
  { t_min: 1080, carbs_g: 80 },
];

export const threeMealDay = (name: string): Scenario => {
  const { CR } = uvaPadovaTherapy(name);
  return { duration_min: 1440, meals: MEALS, boluses: MEALS.map((m) => ({ t_min: m.t_min, units: m.carbs_g / CR })), doses: [] };
};
