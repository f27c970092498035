/**
 * Observation timeline → model inputs; the TypeScript twin of training/tokenizer.py (its docstring states the
 * rules). A test checks both give identical arrays on committed fixtures. Values are computed in float64 and
 * rounded once to float32, as numpy does.
 */
import type { TimelineObservation } from '../corpus/observation-codes';
import type { TokenizerSpec } from './tokenizer-spec';

export interface TokenizedTimeline {
  /** Code id per token (0 = padding), length T. */
  readonly code: Int32Array;
  /** T × slots normalised values (CGM patch readings; other codes use slot 0). */
  readonly values: Float32Array;
  readonly valueMask: Float32Array;
  /** Hours from the forecast time (≤ 0). */
  readonly time: Float32Array;
  readonly padMask: Float32Array;
  /** Last CGM reading and last value of each slow code, normalised; and whether each is present. */
  readonly anchor: Float32Array;
  readonly anchorMask: Float32Array;
}

interface Normaliser {
  readonly id: number;
  readonly mean: number;
  readonly std: number;
}

const byTime = (a: TimelineObservation, b: TimelineObservation): number => a.t - b.t;

/** Stable sort by time, skipped when already sorted (the usual case). */
function sortedByTime(items: TimelineObservation[]): TimelineObservation[] {
  for (let i = 1; i < items.length; i++) if (items[i].t < items[i - 1].t) return items.sort(byTime);
  return items;
}

/** First index whose time is > x (numpy searchsorted side="right") in an ascending array. */
function upperBound(items: readonly TimelineObservation[], x: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid].t <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class Tokenizer {
  private readonly codes: ReadonlyMap<string, Normaliser>;

  constructor(readonly spec: TokenizerSpec) {
    this.codes = new Map(spec.codes.map((c) => [c.code, { id: c.id, mean: c.mean, std: c.std }]));
  }

  get anchorSize(): number {
    return 1 + this.spec.slow_codes.length;
  }

  private normalise(code: string, value: number): number {
    const n = this.codes.get(code);
    if (n === undefined) throw new RangeError(`unknown code "${code}"`);
    return Math.fround((value - n.mean) / n.std);
  }

  tokenize(observations: readonly TimelineObservation[], tRef: number): TokenizedTimeline {
    const s = this.spec;
    const T = s.max_tokens;
    const S = s.patch_slots;
    const A = this.anchorSize;
    const out = {
      code: new Int32Array(T),
      values: new Float32Array(T * S),
      valueMask: new Float32Array(T * S),
      time: new Float32Array(T),
      padMask: new Float32Array(T),
      anchor: new Float32Array(A),
      anchorMask: new Float32Array(A),
    };
    const cgm = sortedByTime(observations.filter((o) => o.c === s.cgm_code));
    const events = sortedByTime(observations.filter((o) => o.c !== s.cgm_code && this.codes.has(o.c)));

    const P = s.cgm_context_patches;
    const W = s.patch_minutes;
    const lo = upperBound(cgm, tRef - P * W);
    const hi = upperBound(cgm, tRef);
    const patches = new Map<number, { values: Float32Array; mask: Float32Array }>();
    for (let i = lo; i < hi; i++) {
      const { t, v } = cgm[i];
      const k = Math.min(P - 1, Math.max(0, Math.floor((tRef - t) / W)));
      const slot = slotOf(t, tRef - W * (k + 1), W, S);
      let patch = patches.get(k);
      if (patch === undefined) {
        patch = { values: new Float32Array(S), mask: new Float32Array(S) };
        patches.set(k, patch);
      }
      patch.values[slot] = this.normalise(s.cgm_code, v);
      patch.mask[slot] = 1;
    }
    if (hi > lo) {
      out.anchor[0] = this.normalise(s.cgm_code, cgm[hi - 1].v);
      out.anchorMask[0] = 1;
    }

    let n = 0;
    const cgmId = this.codes.get(s.cgm_code)?.id ?? 0;
    for (const k of [...patches.keys()].sort((a, b) => b - a)) {
      const patch = patches.get(k);
      if (patch === undefined) continue;
      out.code[n] = cgmId;
      out.values.set(patch.values, n * S);
      out.valueMask.set(patch.mask, n * S);
      out.time[n] = Math.fround((-W * k) / 60);
      out.padMask[n] = 1;
      n++;
    }

    const elo = upperBound(events, tRef - s.event_context_days * 1440);
    const ehi = upperBound(events, tRef);
    s.slow_codes.forEach((slowCode, j) => {
      for (let i = ehi - 1; i >= elo; i--) {
        if (events[i].c === slowCode) {
          out.anchor[1 + j] = this.normalise(slowCode, events[i].v);
          out.anchorMask[1 + j] = 1;
          break;
        }
      }
    });
    for (const patch of this.slowPatches(events, tRef, T - n)) {
      out.code[n] = this.codes.get(patch.code)?.id ?? 0;
      out.values.set(patch.values, n * S);
      out.valueMask.set(patch.mask, n * S);
      out.time[n] = Math.fround((-(s.slow_patch_minutes ?? 0) * patch.k) / 60);
      out.padMask[n] = 1;
      n++;
    }
    for (const i of eventIndices(events, elo, ehi, T - n, s.pinned_codes ?? [], new Set(s.slow_patch_codes ?? []))) {
      const e = events[i];
      out.code[n] = this.codes.get(e.c)?.id ?? 0;
      out.values[n * S] = this.normalise(e.c, e.v);
      out.valueMask[n * S] = 1;
      out.time[n] = Math.fround((e.t - tRef) / 60);
      out.padMask[n] = 1;
      n++;
    }
    return out;
  }

  /**
   * The slow-code patch tokens in token order (training/tokenizer.py's slow_patches): oldest window first, ties in
   * code order; at most `budget`, the most recent windows kept.
   */
  private slowPatches(events: readonly TimelineObservation[], tRef: number, budget: number): SlowPatch[] {
    const s = this.spec;
    const codes = s.slow_patch_codes ?? [];
    const P = s.slow_context_patches ?? 0;
    const W = s.slow_patch_minutes ?? 0;
    const S = s.patch_slots;
    if (codes.length === 0 || P <= 0 || budget <= 0) return [];
    const lo = upperBound(events, tRef - P * W);
    const hi = upperBound(events, tRef);
    const patches = new Map<string, SlowPatch>();
    for (let i = lo; i < hi; i++) {
      const { c, t, v } = events[i];
      const j = codes.indexOf(c);
      if (j < 0) continue;
      const k = Math.min(P - 1, Math.max(0, Math.floor((tRef - t) / W)));
      const slot = slotOf(t, tRef - W * (k + 1), W, S);
      let patch = patches.get(`${k}:${j}`);
      if (patch === undefined) {
        patch = { code: c, j, k, values: new Float32Array(S), mask: new Float32Array(S) };
        patches.set(`${k}:${j}`, patch);
      }
      patch.values[slot] = this.normalise(c, v);
      patch.mask[slot] = 1;
    }
    const recentFirst = [...patches.values()].sort((a, b) => a.k - b.k || a.j - b.j);
    return recentFirst.slice(0, budget).sort((a, b) => b.k - a.k || a.j - b.j);
  }
}

interface SlowPatch {
  readonly code: string;
  /** Index in slow_patch_codes. */
  readonly j: number;
  /** Window: (tRef − W(k+1), tRef − Wk]. */
  readonly k: number;
  readonly values: Float32Array;
  readonly mask: Float32Array;
}

/** Slot of a reading at t in a patch window starting at `start`: ceil(x / (window / slots)) − 1, clamped. */
function slotOf(t: number, start: number, window: number, slots: number): number {
  return Math.min(slots - 1, Math.max(0, Math.ceil((t - start) / (window / slots)) - 1));
}

/**
 * Which of the events elo..ehi-1 get a token, oldest first (training/tokenizer.py's event_indices): the most recent
 * event of each pinned code (the most recent of those if they are more than the budget), then the most recent others
 * up to the budget. Without pinned codes: the `budget` most recent. Events of `skip` (the slow-patch codes) are left out.
 */
function eventIndices(
  events: readonly TimelineObservation[],
  elo: number,
  ehi: number,
  budget: number,
  pinnedCodes: readonly string[],
  skip: ReadonlySet<string>,
): number[] {
  const pinned: number[] = [];
  for (const code of pinnedCodes) {
    if (skip.has(code)) continue;
    for (let i = ehi - 1; i >= elo; i--) {
      if (events[i].c === code) {
        pinned.push(i);
        break;
      }
    }
  }
  pinned.sort((a, b) => a - b);
  const keep = new Set(pinned.slice(Math.max(0, pinned.length - budget)));
  for (let i = ehi - 1; i >= elo && keep.size < budget; i--) if (!skip.has(events[i].c)) keep.add(i);
  return [...keep].sort((a, b) => a - b);
}
