/**
 * CGM series as GlucoBench prepares them (Sergazinov et al. 2023, "GlucoBench", its config for the Hall 2018 set:
 * gaps up to 30 min interpolated, longer gaps end a segment, segments under 192 points (16 h) dropped): readings
 * on a regular grid of `stepMin`, linearly interpolated across short gaps.
 */
export interface CgmReading {
  /** Epoch milliseconds. */
  readonly timeMs: number;
  readonly value: number;
}

export interface CgmSegment {
  readonly startMs: number;
  readonly stepMin: number;
  readonly values: Float64Array;
}

export interface SegmentOptions {
  readonly stepMin: number;
  readonly maxGapMin: number;
  readonly minPoints: number;
}

export const GLUCOBENCH_HALL_SEGMENTS: SegmentOptions = { stepMin: 5, maxGapMin: 30, minPoints: 192 };

/** Splits time-ordered readings into gridded segments; readings closer than half a step to the grid point before are merged. */
export function segmentCgm(readings: readonly CgmReading[], options: SegmentOptions = GLUCOBENCH_HALL_SEGMENTS): CgmSegment[] {
  const stepMs = options.stepMin * 60_000;
  const segments: CgmSegment[] = [];
  let run: CgmReading[] = [];
  const close = (): void => {
    if (run.length > 0) {
      const grid = toGrid(run, stepMs);
      if (grid.length >= options.minPoints) segments.push({ startMs: run[0].timeMs, stepMin: options.stepMin, values: grid });
    }
    run = [];
  };
  for (const r of readings) {
    const last = run.at(-1);
    if (last !== undefined && r.timeMs < last.timeMs) throw new RangeError('readings must be in time order');
    if (last !== undefined && r.timeMs - last.timeMs > options.maxGapMin * 60_000) close();
    run.push(r);
  }
  close();
  return segments;
}

function toGrid(run: readonly CgmReading[], stepMs: number): Float64Array {
  const t0 = run[0].timeMs;
  const n = Math.floor((run.at(-1)!.timeMs - t0) / stepMs + 0.5) + 1;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const t = t0 + i * stepMs;
    while (k + 1 < run.length && run[k + 1].timeMs <= t) k++;
    const a = run[k];
    const b = run[Math.min(k + 1, run.length - 1)];
    out[i] = b.timeMs === a.timeMs || t <= a.timeMs ? a.value : a.value + ((b.value - a.value) * (t - a.timeMs)) / (b.timeMs - a.timeMs);
  }
  return out;
}
