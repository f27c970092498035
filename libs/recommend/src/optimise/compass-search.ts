/**
 * Compass search (Kolda TG, Lewis RM, Torczon V. Optimization by direct search: new perspectives on some classical
 * and modern methods. SIAM Review 2003;45:385-482, §3, Algorithm 3.2): poll ±step along each coordinate, move to the
 * best poll that improves the score, else halve the steps; stop when every step is below its minimum or the
 * evaluation budget is spent. Derivative-free, so it suits a score that is a Monte Carlo simulation with common
 * random numbers (piecewise smooth in the settings); the polls of one iteration are scored as one batch (the arms of
 * one what-if). Points are kept inside a box; a point the caller's `normalise` maps onto one already scored is not
 * scored again.
 */

export interface CompassBox {
  readonly start: readonly number[];
  readonly lower: readonly number[];
  readonly upper: readonly number[];
  readonly initialStep: readonly number[];
  readonly minStep: readonly number[];
}

/** Scores of a batch of points, higher is better; null: the point may not be chosen (it breaks a constraint). */
export type BatchScore = (points: readonly (readonly number[])[]) => Promise<readonly (number | null)[]>;

export interface CompassOptions {
  readonly maxEvaluations: number;
  /** Smallest score gain that counts as an improvement (the score's noise floor). */
  readonly minGain?: number;
  /** Maps a point to the one actually evaluated (e.g. the settings' resolution); default: as it is. */
  readonly normalise?: (point: readonly number[]) => number[];
}

export interface ScoredPoint {
  readonly point: readonly number[];
  readonly score: number | null;
}

export interface CompassResult {
  /** Every point scored, in order; the start first. */
  readonly evaluated: readonly ScoredPoint[];
  readonly best: ScoredPoint;
  readonly iterations: number;
}

export async function compassSearch(box: CompassBox, score: BatchScore, options: CompassOptions): Promise<CompassResult> {
  const n = box.start.length;
  const normalise = options.normalise ?? ((p: readonly number[]) => [...p]);
  const minGain = options.minGain ?? 0;
  const seen = new Map<string, ScoredPoint>();
  const evaluated: ScoredPoint[] = [];
  const keyOf = (p: readonly number[]): string => p.map((x) => x.toPrecision(12)).join(',');

  const scoreAll = async (points: readonly (readonly number[])[]): Promise<ScoredPoint[]> => {
    const fresh = points.filter((p, i) => !seen.has(keyOf(p)) && points.findIndex((q) => keyOf(q) === keyOf(p)) === i);
    const budget = fresh.slice(0, Math.max(0, options.maxEvaluations - evaluated.length));
    const scores = budget.length === 0 ? [] : await score(budget);
    budget.forEach((point, i) => {
      const s = { point, score: scores[i] };
      seen.set(keyOf(point), s);
      evaluated.push(s);
    });
    return points.flatMap((p) => seen.get(keyOf(p)) ?? []);
  };

  const clampToBox = (p: readonly number[]): number[] => p.map((x, i) => Math.min(box.upper[i], Math.max(box.lower[i], x)));
  let [best] = await scoreAll([normalise(clampToBox(box.start))]);
  const step = [...box.initialStep];
  let iterations = 0;
  while (evaluated.length < options.maxEvaluations && step.some((s, i) => s >= box.minStep[i])) {
    iterations++;
    const polls = [];
    for (let i = 0; i < n; i++) {
      if (step[i] < box.minStep[i]) continue;
      for (const sign of [1, -1]) {
        const p = [...best.point];
        p[i] += sign * step[i];
        polls.push(normalise(clampToBox(p)));
      }
    }
    const scored = await scoreAll(polls);
    const better = scored.filter((s) => s.score !== null && (best.score === null || s.score > best.score + minGain));
    if (better.length === 0) {
      for (let i = 0; i < n; i++) step[i] /= 2;
      continue;
    }
    best = better.reduce((a, b) => (b.score! > a.score! ? b : a));
  }
  return { evaluated, best, iterations };
}
