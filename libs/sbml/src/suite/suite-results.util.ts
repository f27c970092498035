/** A results table: a header row (`time,S1,S2`) and numeric rows. */
export interface ResultsTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly number[])[];
}

export function parseResultsCsv(text: string): ResultsTable {
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  const columns = (lines[0] ?? '').split(',').map((s) => s.trim());
  const rows = lines.slice(1).map((l) =>
    l.split(',').map((cell) => {
      const s = cell.trim();
      if (s === 'INF' || s === 'inf') return Infinity;
      if (s === '-INF' || s === '-inf') return -Infinity;
      return Number(s);
    }),
  );
  return { columns, rows };
}

export interface Mismatch {
  readonly column: string;
  readonly time: number;
  readonly expected: number;
  readonly actual: number;
}

/**
 * The suite's acceptance rule at every reported point: |expected − actual| ≤ absolute + relative·|expected|
 * (sbml-test-suite, "cases/README": tolerances). NaN matches NaN; infinities must match exactly.
 */
export function withinTolerance(expected: number, actual: number, absolute: number, relative: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return expected === actual;
  return Math.abs(expected - actual) <= absolute + relative * Math.abs(expected);
}

/** The first point where `actual` misses `expected`, or undefined when every point is within tolerance. */
export function firstMismatch(
  expected: ResultsTable,
  actual: { readonly time: ArrayLike<number>; readonly columns: readonly string[]; readonly values: readonly ArrayLike<number>[] },
  absolute: number,
  relative: number,
): Mismatch | { readonly reason: string } | undefined {
  if (expected.rows.length !== actual.time.length) return { reason: `expected ${expected.rows.length} rows, simulated ${actual.time.length}` };
  const timeCol = expected.columns.findIndex((c) => c.toLowerCase() === 'time');
  for (let j = 0; j < expected.columns.length; j++) {
    if (j === timeCol) continue;
    const column = expected.columns[j];
    const a = actual.columns.indexOf(column);
    if (a < 0) return { reason: `no simulated column "${column}"` };
    for (let k = 0; k < expected.rows.length; k++) {
      const exp = expected.rows[k][j];
      const act = actual.values[k][a];
      if (!withinTolerance(exp, act, absolute, relative)) return { column, time: actual.time[k], expected: exp, actual: act };
    }
  }
  return undefined;
}
