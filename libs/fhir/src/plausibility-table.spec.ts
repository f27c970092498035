import { describe, expect, it } from 'vitest';
import { LOINC_TABLE } from './loinc-table';
import { PLAUSIBILITY_TABLE } from './plausibility-table';

describe('PLAUSIBILITY_TABLE', () => {
  it('should give every LOINC row the canonical unit of its code, every row a non-empty range and a source', () => {
    for (const [code, range] of Object.entries(PLAUSIBILITY_TABLE)) {
      if (!code.includes('|')) expect(LOINC_TABLE[code]?.unit, code).toBe(range.unit);
      expect(range.min < range.max, code).toBe(true);
      expect(range.source.length, code).toBeGreaterThan(20);
    }
  });

  it('should bound every measured LOINC code Shuji converts (all but panels and the meal, bounded with its rule)', () => {
    const unbounded = Object.entries(LOINC_TABLE).filter(([code, e]) => e.panel !== true && code !== '9059-7' && PLAUSIBILITY_TABLE[code] === undefined);
    expect(unbounded.map(([code]) => code)).toEqual([]);
  });

  it('should keep the same limit for glucose in mg/dL and in mmol/L (18.0156 mg/dL per mmol/L)', () => {
    expect(PLAUSIBILITY_TABLE['15074-8']!.max * 18.0156).toBeCloseTo(PLAUSIBILITY_TABLE['2339-0']!.max, -1);
  });
});
