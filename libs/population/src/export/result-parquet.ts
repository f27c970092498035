/**
 * The result table as Apache Parquet, written by hyparquet-writer (MIT, hyparam; pure JavaScript, one
 * dependency). Strings as UTF8 byte arrays, numbers as DOUBLE (n as INT64), Snappy-compressed.
 */
import type { PopulationResult } from '../aggregate/summarise-population';
import { resultRows } from './result-rows';

export async function resultParquet(result: PopulationResult): Promise<Uint8Array> {
  // an ES module: loaded on first export only
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const rows = resultRows(result);
  const text = (k: 'arm' | 'versus' | 'metric' | 'unit') => ({ name: k, data: rows.map((r) => r[k]), type: 'STRING' as const, nullable: false });
  const double = (k: 'day_from' | 'day_to' | 'mean' | 'sd' | 'ci95_low' | 'ci95_high') => ({
    name: k,
    data: Float64Array.from(rows, (r) => r[k]),
    type: 'DOUBLE' as const,
    nullable: false,
  });
  const buffer = parquetWriteBuffer({
    columnData: [
      text('arm'),
      text('versus'),
      text('metric'),
      text('unit'),
      double('day_from'),
      double('day_to'),
      { name: 'n', data: BigInt64Array.from(rows, (r) => BigInt(r.n)), type: 'INT64', nullable: false },
      double('mean'),
      double('sd'),
      double('ci95_low'),
      double('ci95_high'),
    ],
    kvMetadata: [
      { key: 'shuji.scenario', value: result.scenario },
      { key: 'shuji.seed', value: String(result.seed) },
    ],
    createdBy: 'shuji population',
  });
  return new Uint8Array(buffer);
}
