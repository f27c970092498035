/**
 * Naive forecasts the twins are scored against (issue 13, validation): the last reading, and a least-squares line
 * through the readings of a trailing window extrapolated to the target time (the "linear-trend" baseline; the
 * window is chosen on a tuning cohort, never on the held-out one).
 */

export interface TimedReading {
  /** Time in any unit, the same as the window's and the targets'. */
  readonly t: number;
  readonly value: number;
}

/**
 * The linear-trend forecast at each of `targets` from the readings with t in (origin − window, origin]: the ordinary
 * least-squares line through them. With fewer than two distinct times in the window it falls back to the last
 * reading at or before the origin (the last-value forecast); with none at all it returns undefined.
 */
export function linearTrendForecast(readings: readonly TimedReading[], origin: number, window: number, targets: readonly number[]): number[] | undefined {
  if (!(window > 0)) throw new RangeError('window: must be positive');
  const past = readings.filter((r) => r.t <= origin);
  const last = past.reduce<TimedReading | undefined>((a, r) => (a === undefined || r.t >= a.t ? r : a), undefined);
  if (last === undefined) return undefined;
  const inWindow = past.filter((r) => r.t > origin - window);
  const n = inWindow.length;
  const meanT = inWindow.reduce((s, r) => s + r.t, 0) / Math.max(1, n);
  const meanY = inWindow.reduce((s, r) => s + r.value, 0) / Math.max(1, n);
  const sxx = inWindow.reduce((s, r) => s + (r.t - meanT) ** 2, 0);
  if (n < 2 || !(sxx > 0)) return targets.map(() => last.value);
  const slope = inWindow.reduce((s, r) => s + (r.t - meanT) * (r.value - meanY), 0) / sxx;
  return targets.map((t) => meanY + slope * (t - meanT));
}

/** Sums of squared errors of the twin and the two baselines, and the count inside the twin's 10–90 % interval. */
export interface ForecastErrorSums {
  n: number;
  se: number;
  seLast: number;
  seTrend: number;
  inside: number;
}

export const emptyErrorSums = (): ForecastErrorSums => ({ n: 0, se: 0, seLast: 0, seTrend: 0, inside: 0 });

/** RMSE of the twin and of each baseline, and the 10–90 % coverage, over the summed forecasts. */
export function errorSumsSummary(a: ForecastErrorSums): { n: number; rmse: number; lastValueRmse: number; trendRmse: number; coverage80: number } {
  return { n: a.n, rmse: Math.sqrt(a.se / a.n), lastValueRmse: Math.sqrt(a.seLast / a.n), trendRmse: Math.sqrt(a.seTrend / a.n), coverage80: a.inside / a.n };
}
