/**
 * Time in therapeutic range by linear interpolation (Rosendaal FR, Cannegieter SC, van der Meer FJ, Briët E. A method
 * to determine the optimal intensity of oral anticoagulant therapy. Thromb Haemost 1993;69:236–239): the INR is taken
 * to change linearly between consecutive measurements, and the share of the time it spends in the range is counted
 * exactly on that piecewise-linear line. The same count gives the time above or below a threshold (an open bound).
 */

/** One INR and when it was measured (any time unit: the share does not depend on it). */
export interface InrPoint {
  readonly t: number;
  readonly inr: number;
}

/** The part of the unit interval s ∈ [0, 1] where a + (b − a)·s lies in [low, high]. */
function fractionInRange(a: number, b: number, low: number, high: number): number {
  if (a === b) return a >= low && a <= high ? 1 : 0;
  const s1 = (low - a) / (b - a);
  const s2 = (high - a) / (b - a);
  const lo = Math.max(0, Math.min(s1, s2));
  const hi = Math.min(1, Math.max(s1, s2));
  return Math.max(0, hi - lo);
}

/**
 * Share (%) of the time from the first point to the last that the linearly interpolated INR spends in [low, high]
 * (±Infinity for an open bound); null with fewer than two points or no time between them. Points in time order.
 */
export function rosendaalShare(points: readonly InrPoint[], low: number, high: number): number | null {
  let inRange = 0;
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const dt = points[i].t - points[i - 1].t;
    if (!(dt > 0)) continue;
    inRange += dt * fractionInRange(points[i - 1].inr, points[i].inr, low, high);
    total += dt;
  }
  return total > 0 ? (100 * inRange) / total : null;
}

/**
 * The points of `points` clipped to [from, to]: the interpolated INR at the window's edges, the points inside; the
 * segment before the first point in the window counts only from `from` (null edges where no point lies before or after).
 */
export function clipToWindow(points: readonly InrPoint[], from: number, to: number): InrPoint[] {
  const at = (t: number): number | null => {
    for (let i = 1; i < points.length; i++) {
      const [p, q] = [points[i - 1], points[i]];
      if (p.t <= t && t <= q.t) return q.t === p.t ? q.inr : p.inr + ((q.inr - p.inr) * (t - p.t)) / (q.t - p.t);
    }
    return null;
  };
  const inside = points.filter((p) => p.t > from && p.t < to);
  const [start, end] = [at(from), at(to)];
  return [...(start === null ? [] : [{ t: from, inr: start }]), ...inside, ...(end === null ? [] : [{ t: to, inr: end }])];
}
