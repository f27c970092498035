/**
 * The split-conformal quantile of calibration scores: the ⌈(n + 1)·level⌉-th smallest of n scores (Vovk,
 * Gammerman & Shafer 2005; Lei, G'Sell, Rinaldo, Tibshirani & Wasserman 2018, JASA 113:1094, §2.2). A new
 * exchangeable score falls at or below it with probability ≥ level. Returns +∞ when n is too small for the level.
 */
export function conformalQuantile(scores: readonly number[], level: number): number {
  if (!(level > 0 && level < 1)) throw new RangeError('level: must be within (0, 1)');
  const n = scores.length;
  const k = Math.ceil((n + 1) * level);
  if (k > n) return Number.POSITIVE_INFINITY;
  return [...scores].sort((a, b) => a - b)[k - 1];
}
