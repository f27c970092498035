import type { SbmlSimulationResult } from './simulate-sbml';

/** `time,<columns…>` then one row per report time, full double precision (the SBML Test Suite's layout). */
export function formatSimulationCsv(result: SbmlSimulationResult): string {
  const lines = [['time', ...result.columns].join(',')];
  result.time.forEach((t, k) => lines.push([t, ...result.values[k]].map((x) => String(x)).join(',')));
  return `${lines.join('\n')}\n`;
}
