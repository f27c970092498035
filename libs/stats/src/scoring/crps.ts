/**
 * The continuous ranked probability score CRPS(F, y) = ∫ (F(x) − 1{y ≤ x})² dx (Matheson & Winkler 1976; Gneiting &
 * Raftery 2007, J Am Stat Assoc 102:359, §4.2: CRPS(F, y) = E|X − y| − ½·E|X − X′|), lower is better, in the units
 * of y; for a point forecast it is the absolute error. (Section and equation numbers here are from memory.)
 *
 * - `crpsSample`: F the empirical distribution of `values` (an ensemble or a residual distribution taken as the
 *   forecast itself). `fair: true` gives Ferro's (2014, Q J R Meteorol Soc 140:1917, eq. 3) fair ensemble CRPS,
 *   the spread term ½·ΣΣ|x_i − x_j| / (M(M − 1)) instead of / M²: unbiased for the CRPS of the distribution the M members are drawn
 *   from, so a 64-member ensemble is not penalised for being finite.
 * - `crpsNormal`: closed form for N(μ, σ²) (Gneiting, Raftery, Westveld & Goldman 2005, Mon Weather Rev 133:1098,
 *   eq. 5): σ·[z(2Φ(z) − 1) + 2φ(z) − 1/√π], z = (y − μ)/σ.
 * - `crpsFromQuantiles`: for a forecast given only by quantiles, CRPS = 2∫₀¹ QS_τ(q_τ, y) dτ with the quantile
 *   (pinball) score QS_τ(q, y) = (1{y < q} − τ)(q − y) (Gneiting & Raftery 2007, §6.2; Laio & Tamea 2007), the integral
 *   taken as the mean over the given levels: an approximation, coarse for 3 levels, that is comparable only with
 *   the same approximation at the same levels.
 */
import { normalCdf } from '../inference/diebold-mariano';

/** CRPS of the empirical distribution of `sorted` (ascending) at y. O(M). */
export function crpsSample(sorted: ArrayLike<number>, y: number, options: { fair?: boolean } = {}): number {
  const m = sorted.length;
  if (m === 0) throw new RangeError('crpsSample: needs at least one value');
  if (options.fair === true && m < 2) throw new RangeError('crpsSample: the fair CRPS needs at least two members');
  let absErr = 0;
  // Σ_{i<j} (x_(j) − x_(i)) = Σ_i (2i − m + 1)·x_(i) for 0-based i over the sorted values
  let pairSum = 0;
  for (let i = 0; i < m; i++) {
    const x = sorted[i];
    if (i > 0 && x < sorted[i - 1]) throw new RangeError('crpsSample: values must be sorted ascending');
    absErr += Math.abs(x - y);
    pairSum += (2 * i - m + 1) * x;
  }
  // ½·E|X − X′| = ½ · 2·pairSum / denominator
  const spread = options.fair === true ? pairSum / (m * (m - 1)) : pairSum / (m * m);
  return absErr / m - spread;
}

const INV_SQRT_PI = 1 / Math.sqrt(Math.PI);

export function crpsNormal(mean: number, sd: number, y: number): number {
  if (!(sd > 0)) throw new RangeError('crpsNormal: sd must be positive');
  const z = (y - mean) / sd;
  const pdf = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  return sd * (z * (2 * normalCdf(z) - 1) + 2 * pdf - INV_SQRT_PI);
}

/** The quantile (pinball) score of quantile q at level τ for the outcome y. */
export function quantileScore(q: number, tau: number, y: number): number {
  return ((y < q ? 1 : 0) - tau) * (q - y);
}

/** 2 × the mean quantile score over the levels: the quantile-score approximation of the CRPS. */
export function crpsFromQuantiles(levels: readonly number[], quantiles: readonly number[], y: number): number {
  if (levels.length === 0 || levels.length !== quantiles.length) throw new RangeError('crpsFromQuantiles: one quantile per level');
  let s = 0;
  for (let k = 0; k < levels.length; k++) s += quantileScore(quantiles[k], levels[k], y);
  return (2 * s) / levels.length;
}
