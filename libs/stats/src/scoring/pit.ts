/**
 * The probability integral transform of an outcome under a forecast, u = F(y) (Dawid 1984; Gneiting, Balabdaoui &
 * Raftery 2007, J R Stat Soc B 69:243): uniform on [0, 1] when the forecasts are calibrated, so a histogram that is
 * U-shaped says too narrow, hump-shaped too wide, sloped biased.
 *
 * For an ensemble or any finite sample, F is a step function: the randomised PIT (Czado, Gneiting & Held 2009,
 * Biometrics 65:1254) u = (r + V·(t + 1)) / (M + 1), with r members below y, t equal to it and V ~ U(0, 1), is exactly
 * uniform when y and the M members are exchangeable (the rank histogram of Anderson 1996 and Talagrand, spread over
 * [0, 1]). `v` is the caller's uniform draw so the result is reproducible.
 */
export function pitSample(sorted: ArrayLike<number>, y: number, v: number): number {
  const m = sorted.length;
  if (m === 0) throw new RangeError('pitSample: needs at least one value');
  let below = 0;
  let equal = 0;
  for (let i = 0; i < m; i++) {
    if (sorted[i] < y) below++;
    else if (sorted[i] === y) equal++;
  }
  return (below + v * (equal + 1)) / (m + 1);
}

/** Shares of PIT values in `bins` equal bins of [0, 1] (the last bin closed). */
export function pitHistogram(values: ArrayLike<number>, bins = 10): number[] {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError('bins: must be a positive integer');
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const u = values[i];
    if (!(u >= 0 && u <= 1)) throw new RangeError(`pitHistogram: ${u} is not in [0, 1]`);
    counts[Math.min(bins - 1, Math.floor(u * bins))]++;
  }
  return counts.map((c) => (values.length > 0 ? c / values.length : Number.NaN));
}
