/**
 * Empirical quantile at q in [0, 1] by linear interpolation between order statistics (Hyndman & Fan 1996, Am. Stat.
 * 50:361, type 7; R's and NumPy's default). `sorted` must be in ascending order.
 */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** The type-7 quantile of unsorted values (copied, then sorted). */
export function quantile(values: readonly number[] | Float64Array, q: number): number {
  return quantileOfSorted(Float64Array.from(values).sort(), q);
}
