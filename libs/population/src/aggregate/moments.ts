/**
 * Count, mean and sum of squared deviations (M2) of a stream, in cells of 3 numbers in a Float64Array.
 * Adding one value: Welford BP. Note on a method for calculating corrected sums of squares and products.
 * Technometrics 1962;4:419. Merging two cells: Chan TF, Golub GH, LeVeque RJ. Algorithms for computing the
 * sample variance: analysis and recommendations. Am Stat 1983;37:242 (eq. 2.1b). Both are deterministic, so
 * folding the same shards in the same order gives the same bits on any machine.
 */
export const CELL = 3;

export function addValue(cells: Float64Array, cell: number, x: number): void {
  const i = cell * CELL;
  const n = cells[i] + 1;
  const delta = x - cells[i + 1];
  const mean = cells[i + 1] + delta / n;
  cells[i] = n;
  cells[i + 1] = mean;
  cells[i + 2] += delta * (x - mean);
}

/** Merges every cell of `from` into `into` (same layout). */
export function mergeCells(into: Float64Array, from: Float64Array): void {
  if (into.length !== from.length) throw new RangeError(`mergeCells: layouts differ (${into.length} vs ${from.length} numbers)`);
  for (let i = 0; i < into.length; i += CELL) {
    const nb = from[i];
    if (nb === 0) continue;
    const na = into[i];
    if (na === 0) {
      into[i] = nb;
      into[i + 1] = from[i + 1];
      into[i + 2] = from[i + 2];
      continue;
    }
    const n = na + nb;
    const delta = from[i + 1] - into[i + 1];
    into[i + 1] += (delta * nb) / n;
    into[i + 2] += from[i + 2] + (delta * delta * na * nb) / n;
    into[i] = n;
  }
}
