/** Machine epsilon of float64. */
export const EPS = 2.220446049250313e-16;

/** Times equal up to a few ulps (a report grid t0 + k·Δ against an event time, say). */
export function sameTime(a: number, b: number): boolean {
  return Math.abs(a - b) <= 8 * EPS * Math.max(Math.abs(a), Math.abs(b));
}
