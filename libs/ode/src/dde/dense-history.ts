/**
 * The past of a delay differential equation's solution: the given initial history for t < t0, then one dense
 * segment per integration (method of steps; Bellen & Zennaro, Numerical Methods for Delay Differential
 * Equations, OUP 2003, §3.1 and §4.1: the continuous extension of each step is the history read by later steps).
 */
export interface DenseSegment {
  readonly t0: number;
  readonly t1: number;
  /** The continuous extension on [t0, t1]. */
  at(t: number, out: Float64Array): Float64Array;
}

export class DenseHistory {
  private readonly segments: DenseSegment[] = [];

  constructor(
    readonly dimension: number,
    /** y(t) for t ≤ t0, the start of the first segment. */
    private readonly initial: (t: number, out: Float64Array) => void,
    readonly start: number,
  ) {}

  /** The end of the stored solution (the start before any segment). */
  get end(): number {
    return this.segments.length === 0 ? this.start : this.segments[this.segments.length - 1].t1;
  }

  push(segment: DenseSegment): void {
    if (segment.t1 < segment.t0) throw new RangeError(`segment [${segment.t0}, ${segment.t1}] runs backwards`);
    if (this.segments.length > 0 && segment.t0 < this.end - 1e-12 * Math.max(1, Math.abs(this.end))) {
      throw new RangeError(`segment starts at ${segment.t0}, before the stored history ends (${this.end})`);
    }
    this.segments.push(segment);
  }

  /**
   * y(t) for t ≤ end. At a time shared by two segments (a discontinuity), the later one answers: the value after
   * an event. Before the start, the initial history.
   */
  at(t: number, out: Float64Array = new Float64Array(this.dimension)): Float64Array {
    if (t < this.start || this.segments.length === 0) {
      this.initial(t, out);
      return out;
    }
    if (t > this.end) throw new RangeError(`t = ${t} lies after the stored history (ends at ${this.end})`);
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.segments[mid].t0 <= t) lo = mid;
      else hi = mid - 1;
    }
    const s = this.segments[lo];
    return s.at(Math.min(Math.max(t, s.t0), s.t1), out);
  }
}

/**
 * Breakpoints of a DDE with constant lags τ_i (Bellen & Zennaro 2003, §4.1.1): a discontinuity at d (the
 * start, or an event) propagates to d + Σ n_i τ_i, where the solution's derivatives jump; stepping onto them
 * keeps the method's order. Levels up to `depth` lag sums, times in (d, until].
 */
export function propagateBreakpoints(from: readonly number[], lags: readonly number[], until: number, depth = 5): number[] {
  const positive = [...new Set(lags.filter((l) => l > 0 && Number.isFinite(l)))];
  const out = new Set<number>();
  let frontier = [...from];
  for (let level = 0; level < depth && frontier.length > 0; level++) {
    const next: number[] = [];
    for (const d of frontier) {
      for (const tau of positive) {
        const b = d + tau;
        if (b <= until && !out.has(b)) {
          out.add(b);
          next.push(b);
        }
      }
    }
    frontier = next;
  }
  return [...out].sort((a, b) => a - b);
}
