import { describe, expect, it } from 'vitest';
import { parseResultsCsv } from '../suite/suite-results.util';
import { formatSimulationCsv } from './simulation-csv.util';

describe(formatSimulationCsv.name, () => {
  it('should round-trip through the suite CSV reader without losing precision', () => {
    const result = { columns: ['S1', 'k'], time: Float64Array.of(0, 0.1), values: [Float64Array.of(1 / 3, 2), Float64Array.of(1e-300, NaN)], stats: { steps: 0, events: 0 } };
    const sut = parseResultsCsv(formatSimulationCsv(result));
    expect(sut.columns).toEqual(['time', 'S1', 'k']);
    expect(sut.rows).toEqual([[0, 1 / 3, 2], [0.1, 1e-300, NaN]]);
  });
});
