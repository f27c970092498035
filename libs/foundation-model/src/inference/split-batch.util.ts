/**
 * Splits a batch of n forecasts over up to `parts` sessions that run side by side (one core each), in contiguous
 * ranges of nearly equal size, none smaller than `minPart`: a small batch stays whole, because a second session's
 * run costs a fixed overhead (feeds, output tensors) that a few forecasts do not repay.
 */
export interface BatchRange {
  readonly start: number;
  readonly end: number;
}

export function splitBatch(n: number, parts: number, minPart: number): BatchRange[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('n: must be a non-negative integer');
  if (!Number.isInteger(parts) || parts < 1) throw new RangeError('parts: must be a positive integer');
  if (!Number.isInteger(minPart) || minPart < 1) throw new RangeError('minPart: must be a positive integer');
  const count = Math.max(1, Math.min(parts, Math.floor(n / minPart)));
  const ranges: BatchRange[] = [];
  for (let i = 0; i < count; i++) ranges.push({ start: Math.floor((i * n) / count), end: Math.floor(((i + 1) * n) / count) });
  return ranges;
}
