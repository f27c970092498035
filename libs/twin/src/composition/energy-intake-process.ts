import type { KnownActivity } from './known-inputs';

/**
 * The unknown energy intake of a person, relative to the intake that kept the baseline weight (kJ/d), as an
 * Ornstein–Uhlenbeck process: x(t+Δ) = a·x(t) + σ·√(1 − a²)·z, a = exp(−Δ/τ) (the exact discretisation, Gillespie
 * DT, Phys Rev E 1996;54:2084). Stationary SD σ; correlation time τ. The reversion towards the old intake is the prior
 * the data overrule: diet adherence wanes over months and appetite rises by about 100 kcal/d per kg lost (Polidori D,
 * Sanghvi A, Seeley RJ, Hall KD. How strongly does appetite counter weight loss? Obesity 2016;24(11):2289–2295; Hall
 * KD, Kahan S. Maintenance of lost weight and long-term management of obesity. Med Clin North Am 2018;102(1):183–197).
 */
export interface IntakeProcess {
  readonly tauDays: number;
  readonly sdKjPerDay: number;
}

/** One step of the intake process over `dtDays` with the standard normal draw `z` (0: the conditional mean). */
export function advanceIntake(process: IntakeProcess, x: number, dtDays: number, z: number): number {
  const a = Math.exp(-dtDays / process.tauDays);
  return a * x + process.sdKjPerDay * Math.sqrt(1 - a * a) * z;
}

/**
 * The change of physical activity level in force at `tMin` relative to the first logged level: 0 before or without
 * any (the baseline PAL itself is a personal parameter, from the `pal` option or the population prior).
 */
export function activityChangeAt(activity: readonly KnownActivity[] | undefined, tMin: number): number {
  if (activity === undefined || activity.length === 0) return 0;
  let first = activity[0];
  let current: KnownActivity | undefined;
  for (const a of activity) {
    if (a.tMin < first.tMin) first = a;
    if (a.tMin <= tMin && (current === undefined || a.tMin >= current.tMin)) current = a;
  }
  return current === undefined ? 0 : current.pal - first.pal;
}

/** Times of activity changes strictly inside (ta, tb), ascending (integration chunks end there). */
export function activityChangesWithin(activity: readonly KnownActivity[] | undefined, ta: number, tb: number): number[] {
  return (activity ?? [])
    .map((a) => a.tMin)
    .filter((t) => t > ta && t < tb)
    .sort((x, y) => x - y);
}
