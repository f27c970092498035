/** The result table as CSV (RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled). */
import type { PopulationResult } from '../aggregate/summarise-population';
import { RESULT_COLUMNS, resultRows } from './result-rows';

const field = (value: string | number): string => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function resultCsv(result: PopulationResult): string {
  const lines = resultRows(result).map((row) => RESULT_COLUMNS.map((c) => field(row[c])).join(','));
  return `${RESULT_COLUMNS.join(',')}\n${lines.join('\n')}\n`;
}
