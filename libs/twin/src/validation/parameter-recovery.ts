/**
 * Parameter recovery on virtual people (issue 13, validation): how close the twin's posterior estimate of a personal
 * quantity comes to the truth the generator drew, beside the prior's estimate (what the twin knew before any data).
 */

export interface RecoveryRow {
  /** The twin's posterior estimate (e.g. the ensemble mean). */
  readonly estimate: number;
  /** The estimate before any data (the prior's mean). */
  readonly prior: number;
  readonly truth: number;
}

export interface RecoveryScore {
  readonly n: number;
  /** Pearson correlation of the estimates with the truth (NaN when either is constant). */
  readonly correlation: number;
  readonly rmse: number;
  readonly priorRmse: number;
  /** rmse / priorRmse: below 1 when the data taught the twin something about the person. */
  readonly relativeRmse: number;
}

/**
 * Scores the rows; pass log values to score a log-normal quantity on its natural scale of relative error. No rows
 * (a group empty in a small cohort) give n 0 and NaN figures, as an empty forecast score does.
 */
export function recoveryScore(rows: readonly RecoveryRow[]): RecoveryScore {
  const n = rows.length;
  if (n === 0) return { n, correlation: NaN, rmse: NaN, priorRmse: NaN, relativeRmse: NaN };
  const rms = (f: (r: RecoveryRow) => number): number => Math.sqrt(rows.reduce((s, r) => s + f(r) ** 2, 0) / n);
  const rmse = rms((r) => r.estimate - r.truth);
  const priorRmse = rms((r) => r.prior - r.truth);
  const me = rows.reduce((s, r) => s + r.estimate, 0) / n;
  const mt = rows.reduce((s, r) => s + r.truth, 0) / n;
  const cov = rows.reduce((s, r) => s + (r.estimate - me) * (r.truth - mt), 0);
  const ve = rows.reduce((s, r) => s + (r.estimate - me) ** 2, 0);
  const vt = rows.reduce((s, r) => s + (r.truth - mt) ** 2, 0);
  return { n, correlation: cov / Math.sqrt(ve * vt), rmse, priorRmse, relativeRmse: rmse / priorRmse };
}

/** The mean of entry `index` over an ensemble's members, optionally transformed first (e.g. Math.exp). */
export function ensembleMean(members: readonly Float64Array[], index: number, transform: (x: number) => number = (x) => x): number {
  if (members.length === 0) throw new RangeError('members: the ensemble is empty');
  return members.reduce((s, m) => s + transform(m[index]), 0) / members.length;
}
