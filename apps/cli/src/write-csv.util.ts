/** A numeric table as CSV: header line, then one row per time; numbers with 10 significant digits. */
export function toCsv(columns: readonly string[], rows: number, value: (row: number, column: number) => number): string {
  const lines = [columns.join(',')];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < columns.length; c++) cells.push(String(Number(value(r, c).toPrecision(10))));
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}
