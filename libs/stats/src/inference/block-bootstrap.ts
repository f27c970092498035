/**
 * Percentile bootstrap over independent blocks (Efron & Tibshirani 1993, An Introduction to the Bootstrap, ch. 13;
 * resampling whole clusters: Davison & Hinkley 1997, Bootstrap Methods and their Application, §3.8). A block is
 * everything one unit contributed, e.g. all forecasts of one patient: resampling patients, not forecasts, keeps
 * the within-patient correlation of the errors, which is hours long, inside each replicate.
 */
import { quantileOfSorted } from '../quantile';
import { randomStream } from '../random/seeded-random';

export interface BlockBootstrapOptions {
  /** Replicates (default 2000). */
  readonly replicates?: number;
  /** Two-sided confidence level (default 0.95). */
  readonly level?: number;
  /** Seed of the resampling (default 1): the interval is reproducible. */
  readonly seed?: number;
}

export interface BootstrapInterval {
  /** The statistic on the blocks as given. */
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
  readonly replicates: number;
}

export function blockBootstrap<T>(blocks: readonly T[], statistic: (sample: readonly T[]) => number, options: BlockBootstrapOptions = {}): BootstrapInterval {
  const replicates = options.replicates ?? 2000;
  const level = options.level ?? 0.95;
  if (blocks.length < 2) throw new RangeError('blockBootstrap: needs at least 2 blocks');
  if (!Number.isInteger(replicates) || replicates < 10) throw new RangeError('replicates: must be an integer ≥ 10');
  if (!(level > 0 && level < 1)) throw new RangeError('level: must be in (0, 1)');
  const rng = randomStream(options.seed ?? 1);
  const values = new Float64Array(replicates);
  const sample: T[] = new Array<T>(blocks.length);
  for (let r = 0; r < replicates; r++) {
    for (let i = 0; i < blocks.length; i++) sample[i] = blocks[Math.floor(rng.uniform() * blocks.length)];
    values[r] = statistic(sample);
  }
  values.sort();
  const alpha = (1 - level) / 2;
  return { estimate: statistic(blocks), lower: quantileOfSorted(values, alpha), upper: quantileOfSorted(values, 1 - alpha), level, replicates };
}

/** Per-block sums of squared errors of two methods on the same targets. */
export interface PairedSquaredErrors {
  readonly seA: number;
  readonly seB: number;
  readonly n: number;
}

/** RMSE(A) / RMSE(B) over blocks that hold the same targets: √(Σ se_A / Σ se_B). */
export function rmseRatio(blocks: readonly PairedSquaredErrors[]): number {
  return Math.sqrt(lossRatio(blocks));
}

/** Σ loss_A / Σ loss_B over blocks that hold the same targets: the ratio of mean losses, e.g. of the CRPS. */
export function lossRatio(blocks: readonly PairedSquaredErrors[]): number {
  let a = 0;
  let b = 0;
  for (const x of blocks) {
    a += x.seA;
    b += x.seB;
  }
  return a / b;
}
