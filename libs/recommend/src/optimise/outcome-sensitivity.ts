/**
 * How much a recommendation's predicted effect rests on each personal parameter: over the twin's posterior members,
 * Spearman's rank correlation between a parameter's member values and the members' effect (option − current plan,
 * paired under common random numbers). A rank correlation coefficient is the simple global, sampling-based
 * sensitivity measure for monotone relations (Saltelli et al., Global Sensitivity Analysis: The Primer, Wiley 2008,
 * §1.2; Marino et al., J Theor Biol 2008;254:178–196). It measures sensitivity to the posterior's own uncertainty:
 * a parameter the data pinned down shows little, however much the model's output depends on it.
 */
import { normalCdf, spearmanRho } from '@shuji/stats';
import type { WhatIfTwin } from '../whatif/what-if-plugin';

export interface ParameterSensitivity {
  readonly parameter: string;
  readonly unit: string;
  /** Spearman's ρ between the parameter and the effect over the members (3 decimals). */
  readonly rank_correlation: number;
  /** The parameter's posterior mean and standard deviation over the members (natural scale). */
  readonly mean: number;
  readonly sd: number;
}

export interface OutcomeSensitivity {
  readonly effect: string;
  readonly method: string;
  /**
   * |ρ| below this is within what members with no relation give: z / √(n − 1) (ρ's large-sample SD under no relation),
   * z two-sided at 5 % with Bonferroni's correction for the m parameters tested (z = Φ⁻¹(1 − 0.025 / m)), so that by
   * chance alone any parameter passes it at most 5 % of the time.
   */
  readonly noise_level: number;
  /** The parameters with the largest |ρ|, largest first (those that vary over the members). */
  readonly parameters: readonly ParameterSensitivity[];
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The `top` parameters of the twin's component that the per-member `effect` moves with most. */
export function outcomeSensitivity(twin: Pick<WhatIfTwin, 'component' | 'ensemble'>, effect: ArrayLike<number>, effectName: string, top = 5): OutcomeSensitivity {
  const members = twin.ensemble;
  if (effect.length !== members.length) throw new RangeError(`one effect per member: ${effect.length} for ${members.length}`);
  const ranked: ParameterSensitivity[] = [];
  for (const v of twin.component.variables) {
    if (v.kind !== 'log-parameter') continue;
    const values = Float64Array.from(members, (m) => Math.exp(m[v.index]));
    const rho = spearmanRho(values, effect);
    if (Number.isNaN(rho)) continue; // a parameter every member shares (or an effect every member shares)
    const mean = values.reduce((s, x) => s + x, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, values.length - 1));
    ranked.push({ parameter: v.name, unit: v.unit, rank_correlation: round3(rho), mean, sd });
  }
  const tested = ranked.length;
  ranked.sort((a, b) => Math.abs(b.rank_correlation) - Math.abs(a.rank_correlation) || (a.parameter < b.parameter ? -1 : 1));
  return {
    effect: effectName,
    method: 'Spearman rank correlation over the posterior members (Saltelli et al. 2008)',
    noise_level: round3(upperNormalQuantile(0.025 / Math.max(1, tested)) / Math.sqrt(Math.max(1, members.length - 1))),
    parameters: ranked.slice(0, top),
  };
}

/** z with P(Z > z) = p for a standard normal Z (bisection on the CDF; p in (0, 0.5]). */
function upperNormalQuantile(p: number): number {
  let lo = 0;
  let hi = 10;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (1 - normalCdf(mid) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
