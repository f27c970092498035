/**
 * Linear extrapolation: the ordinary least-squares line through the readings of the last `windowMin` minutes
 * (inclusive), evaluated at the forecast time plus the horizon. With one reading in the window it degrades to
 * persistence.
 */
export interface TimedReading {
  /** Minutes (any origin). */
  readonly t: number;
  readonly v: number;
}

export function linearExtrapolation(readings: readonly TimedReading[], tRef: number, horizonMin: number, windowMin = 30): number {
  const window = readings.filter((r) => r.t <= tRef && r.t >= tRef - windowMin);
  if (window.length === 0) throw new RangeError(`no reading in the ${windowMin} min before the forecast time`);
  const n = window.length;
  const tMean = window.reduce((s, r) => s + r.t, 0) / n;
  const vMean = window.reduce((s, r) => s + r.v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const r of window) {
    sxy += (r.t - tMean) * (r.v - vMean);
    sxx += (r.t - tMean) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return vMean + slope * (tRef + horizonMin - tMean);
}
