import { choleskyFactor } from '@shuji/ode';
import type { SeededRandom } from '@shuji/stats';
import type { ParameterPriorEntry } from '../state/twin-event';

/** One member entry to redraw: its prior entry, the entry's place in the prior, its member index and its bounds. */
export interface RedrawTarget {
  readonly entry: ParameterPriorEntry;
  readonly at: number;
  readonly index: number;
  readonly clip: (x: number) => number;
}

/**
 * Redraws the targets of every member from N(logMean, logSd²) in log space, within their bounds: independently, or
 * jointly with `correlation` (n×n over the whole prior, row-major) by the Cholesky factor of the targets' block, a
 * principal submatrix of a positive definite matrix and so one itself (x = L·z, z standard normal).
 */
export function redrawCorrelated(
  members: readonly Float64Array[],
  targets: readonly RedrawTarget[],
  priorLength: number,
  rng: SeededRandom,
  correlation?: readonly number[],
): void {
  if (correlation === undefined) {
    for (const t of targets) for (const member of members) member[t.index] = t.clip(t.entry.logMean + t.entry.logSd * rng.normal());
    return;
  }
  if (correlation.length !== priorLength * priorLength) {
    throw new RangeError(`correlation: expected ${priorLength}×${priorLength} values, got ${correlation.length}`);
  }
  const n = targets.length;
  const sub = Float64Array.from({ length: n * n }, (_, ab) => correlation[targets[Math.floor(ab / n)].at * priorLength + targets[ab % n].at]);
  const L = choleskyFactor(sub, n);
  if (L === null) throw new RangeError('correlation: not positive definite');
  const z = new Float64Array(n);
  for (const member of members) {
    for (let a = 0; a < n; a++) z[a] = rng.normal();
    targets.forEach((t, a) => {
      let x = 0;
      for (let b = 0; b <= a; b++) x += L[a * n + b] * z[b];
      member[t.index] = t.clip(t.entry.logMean + t.entry.logSd * x);
    });
  }
}
