import { readdirSync, readFileSync } from 'node:fs';
import { sharedPath } from '@shuji/testing';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValidLoincCode } from './is-valid-loinc-code.util';
import { LOINC_TABLE } from './loinc-table';

describe(isValidLoincCode.name, () => {
  it.each(['2339-0', '8480-6', '8462-4', '85354-9', '55284-4', '4548-4', '29463-7', '99504-3', '718-7', '1-8'])('should accept %s', (code) => {
    expect(isValidLoincCode(code)).toBe(true);
  });

  it.each(['2339-1', '8480-5', '2393-0', '85345-9', '2339', '2339-', 'A339-0', '12345678-9', ' 2339-0'])('should refuse %s', (code) => {
    expect(isValidLoincCode(code)).toBe(false);
  });

  it('should accept every code of the LOINC table', () => {
    expect(Object.keys(LOINC_TABLE).filter((c) => !isValidLoincCode(c))).toEqual([]);
  });

  it('should accept every LOINC code in the Synthea fixtures (an independent source of real codes)', () => {
    const dir = sharedPath('fixtures', 'synthea-r4');
    const codes = new Set<string>();
    for (const f of readdirSync(dir)) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/"system": "http:\/\/loinc\.org",\s*"code": "([^"]+)"/g)) codes.add(m[1]!);
    }
    expect(codes.size).toBeGreaterThan(50);
    expect([...codes].filter((c) => !isValidLoincCode(c))).toEqual([]);
  });
});
