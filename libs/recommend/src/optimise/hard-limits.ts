/**
 * The hard limits every optimiser output passes through: each dimension's absolute caps, largest step from the
 * current plan and the directions it may not move in (PlanDimension.forbidden), the plug-in's own plan limits, and
 * the ceilings on predicted outcomes over the posterior ensemble.
 * Nothing is clamped: a plan that breaks a limit is dropped, with every reason it breaks one, so a clinician sees
 * what was not offered and why.
 */
import type { OutcomeCeiling, PlanSpace } from './optimise-plugin';

/** Relative slack on comparisons, so a plan exactly at a cap (after floating-point arithmetic) is within it. */
const SLACK = 1e-9;

export interface CeilingCheck {
  readonly key: string;
  readonly value: number;
  readonly limit: number;
}

export class HardLimits {
  private readonly outcomeIndex: ReadonlyMap<string, number>;

  constructor(
    private readonly space: PlanSpace,
    outcomeNames: readonly string[],
  ) {
    this.outcomeIndex = new Map(outcomeNames.map((name, i) => [name, i]));
    for (const c of space.ceilings) if (!this.outcomeIndex.has(c.outcome)) throw new RangeError(`ceiling ${c.key}: no outcome "${c.outcome}"`);
  }

  /** Why a plan's settings break a limit (empty: none). */
  planReasons(values: readonly number[]): string[] {
    const reasons = this.space.dimensions.flatMap((d, i) => {
      const v = values[i];
      if (!Number.isFinite(v)) return [`${d.key}: not a finite number`];
      const out: string[] = [];
      if (v < d.min * (1 - SLACK) || v > d.max * (1 + SLACK)) out.push(`${d.key} ${round(v)} ${d.unit} is outside the caps [${d.min}, ${d.max}]`);
      if (Math.abs(v - d.current) > d.maxStepFraction * Math.abs(d.current) * (1 + SLACK) + SLACK) {
        out.push(`${d.key} ${round(v)} ${d.unit} changes ${round((100 * (v - d.current)) / d.current)} % from ${round(d.current)}, more than ±${round(100 * d.maxStepFraction)} %`);
      }
      for (const f of d.forbidden ?? []) {
        const moved = f.direction === 'increase' ? v - d.current : d.current - v;
        if (moved > SLACK * Math.abs(d.current) + SLACK) out.push(`${d.key} ${round(v)} ${d.unit} ${f.direction}s from ${round(d.current)}, which the data forbid: ${f.reason}`);
      }
      return out;
    });
    return [...reasons, ...this.space.planViolations(values)];
  }

  /**
   * The statistic a ceiling bounds, over the members' values of its outcome (`perMember[j][outcome]`); a
   * `share-rising` one compares each member with the same member under the current plan (`current`; without it, 0).
   */
  statistic(ceiling: OutcomeCeiling, perMember: readonly Float64Array[], current?: readonly Float64Array[]): number {
    const k = this.outcomeIndex.get(ceiling.outcome)!;
    if (ceiling.statistic === 'mean') return perMember.reduce((s, m) => s + m[k], 0) / perMember.length;
    const threshold = ceiling.threshold ?? 0;
    if (ceiling.statistic === 'share-rising') {
      if (current === undefined) return 0;
      if (current.length !== perMember.length) throw new RangeError('share-rising: the plan and the current plan need the same members');
      return perMember.filter((m, j) => m[k] - current[j][k] > threshold).length / perMember.length;
    }
    return perMember.filter((m) => m[k] > threshold).length / perMember.length;
  }

  /**
   * The ceiling's limit for a plan compared with the current plan: min(max, current + maxRiseOverCurrent), and where
   * the current plan already breaks that, the current plan's value plus `riseWhenAbove` (default 0).
   */
  limit(ceiling: OutcomeCeiling, current: readonly Float64Array[]): number {
    const now = this.statistic(ceiling, current, current);
    const limit = Math.min(ceiling.max, now + (ceiling.maxRiseOverCurrent ?? Number.POSITIVE_INFINITY));
    return Math.max(limit, now + (ceiling.riseWhenAbove ?? 0));
  }

  /** Each ceiling's value and limit for a plan simulated beside the current plan on the same members. */
  ceilings(perMember: readonly Float64Array[], current: readonly Float64Array[]): CeilingCheck[] {
    return this.space.ceilings.map((c) => ({ key: c.key, value: this.statistic(c, perMember, current), limit: this.limit(c, current) }));
  }

  /** Why a simulated plan breaks a ceiling (empty: none). */
  outcomeReasons(perMember: readonly Float64Array[], current: readonly Float64Array[]): string[] {
    return this.ceilings(perMember, current)
      .filter((c) => !(c.value <= c.limit + SLACK))
      .map((c) => `${c.key} ${round(c.value)} is above its limit ${round(c.limit)} (${this.space.ceilings.find((x) => x.key === c.key)!.description})`);
  }

  /** Every reason a simulated plan may not be offered. */
  reasons(values: readonly number[], perMember: readonly Float64Array[], current: readonly Float64Array[]): string[] {
    return [...this.planReasons(values), ...this.outcomeReasons(perMember, current)];
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
