/**
 * What an interval from an M-member ensemble's empirical quantiles covers. For M members and a new outcome, all
 * exchangeable (a calibrated ensemble), the outcome falls below the k-th smallest member with probability
 * k/(M + 1), so [x_(k), x_(l)] covers it with probability (l − k)/(M + 1) (order statistics: David & Nagaraja 2003,
 * Order Statistics, §2.1; the rank histogram's premise). The type-7 quantile (Hyndman & Fan 1996; R's, NumPy's and
 * `quantile` of this lib) puts level p at the 1-based rank 1 + (M − 1)p, so its p_lo–p_hi interval covers
 * (M − 1)(p_hi − p_lo)/(M + 1) (exact where the ranks are integers, linear between them otherwise): for M = 64 the
 * 10–90 % interval is a 77.5 % interval and the 5–95 % one an 87.2 % interval, not 80 % and 90 %.
 * Hyndman & Fan's type 6 puts p at rank (M + 1)p, which makes the p_lo–p_hi interval cover exactly p_hi − p_lo
 * (`quantileOfSortedType6`; where (M + 1)p falls outside 1…M the interval cannot reach the level and the extreme
 * member is returned).
 */
export function ensembleIntervalCoverage(members: number, pLo: number, pHi: number): number {
  if (!Number.isInteger(members) || members < 2) throw new RangeError('members: must be an integer ≥ 2');
  if (!(pLo >= 0 && pLo < pHi && pHi <= 1)) throw new RangeError('levels: need 0 ≤ pLo < pHi ≤ 1');
  return ((members - 1) * (pHi - pLo)) / (members + 1);
}

/** Hyndman & Fan (1996) type-6 quantile of ascending `sorted`: rank (M + 1)p, linear between order statistics. */
export function quantileOfSortedType6(sorted: ArrayLike<number>, p: number): number {
  const m = sorted.length;
  if (m === 0) throw new RangeError('quantileOfSortedType6: needs at least one value');
  const h = (m + 1) * p;
  if (h <= 1) return sorted[0];
  if (h >= m) return sorted[m - 1];
  const lo = Math.floor(h);
  return sorted[lo - 1] + (h - lo) * (sorted[lo] - sorted[lo - 1]);
}
