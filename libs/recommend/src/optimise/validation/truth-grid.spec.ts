import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseOnTruth, pairedSuccessShare, TRUTH_GRID_FACTORS, truthGrid, withinStep } from './truth-grid';

const start = { basalUnitsPerHour: 0.83, carbRatio: 10.3, correctionFactor: 42 };

describe('truthGrid', () => {
  it('should give the start first and every pair of the five factors once, within ±50 % and at the pump resolution', () => {
    const grid = truthGrid(start, [0.5, 0.75, 1, 1.25, 1.5], 0.5);
    expect(grid[0]).toEqual(start);
    expect(grid).toHaveLength(25);
    expect(grid.map((s) => s.basalUnitsPerHour)).toContain(1.24); // 0.83 × 1.5 = 1.245, rounded towards the start
    expect(grid.map((s) => s.carbRatio)).toContain(15.4); // 10.3 × 1.5 = 15.45
    expect(grid.map((s) => s.carbRatio)).toContain(5.2); // 10.3 × 0.5 = 5.15, rounded towards the start
  });

  it('should leave out factors beyond the step and extra settings outside it', () => {
    const grid = truthGrid(start, [0.5, 0.75, 1, 1.25, 1.5], 0.3, [
      { basalUnitsPerHour: 1.2, carbRatio: 10.3, correctionFactor: 42 },
      { basalUnitsPerHour: 1.0, carbRatio: 12, correctionFactor: 42 },
      { basalUnitsPerHour: 1.0, carbRatio: 12, correctionFactor: 40 },
    ]);
    expect(grid).toHaveLength(10); // 3 × 3 factors, and the one extra within the step
    expect(grid).toContainEqual({ basalUnitsPerHour: 1.0, carbRatio: 12, correctionFactor: 42 });
    expect(grid.some((s) => s.basalUnitsPerHour === 1.2 || s.correctionFactor === 40)).toBe(false);
  });

  it('should keep every setting within the step for any start and step (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 3, noNaN: true }), fc.double({ min: 3, max: 30, noNaN: true }), fc.double({ min: 0.05, max: 0.5, noNaN: true }), (b, r, step) => {
        const s0 = { basalUnitsPerHour: Math.round(b * 100) / 100, carbRatio: Math.round(r * 10) / 10, correctionFactor: 50 };
        for (const s of truthGrid(s0, TRUTH_GRID_FACTORS, step)) expect(withinStep(s0, s, step)).toBe(true);
      }),
    );
  });
});

describe('pairedSuccessShare', () => {
  it('should count the lives in which TIR rises and TBR<70 does not, against the same life of the start', () => {
    expect(pairedSuccessShare([{ tir: 60, tbr70: 2 }, { tir: 40, tbr70: 1 }, { tir: 70, tbr70: 0 }], [{ tir: 61, tbr70: 2 }, { tir: 80, tbr70: 1.1 }, { tir: 70, tbr70: 0 }])).toBeCloseTo(1 / 3);
  });
});

describe('chooseOnTruth', () => {
  const now = [
    { tir: 60, tbr70: 2 },
    { tir: 50, tbr70: 4 },
  ];

  it('should choose, for success, the candidate meeting the criterion in most paired lives, ties to the higher mean TIR', () => {
    const candidates = [
      now,
      [{ tir: 90, tbr70: 2.1 }, { tir: 80, tbr70: 3 }], // one life of two, mean TIR 85
      [{ tir: 61, tbr70: 2 }, { tir: 51, tbr70: 4 }], // both lives, mean TIR 56
      [{ tir: 70, tbr70: 1 }, { tir: 52, tbr70: 0 }], // both lives, mean TIR 61
    ];
    expect(chooseOnTruth(now, candidates, 'success')).toBe(3);
  });

  it('should choose, for tir, the highest mean TIR whose mean TBR<70 is not above the start', () => {
    const candidates = [[{ tir: 95, tbr70: 5 }, { tir: 95, tbr70: 5 }], [{ tir: 90, tbr70: 2.1 }, { tir: 80, tbr70: 3 }], [{ tir: 70, tbr70: 1 }, { tir: 52, tbr70: 0 }]];
    expect(chooseOnTruth(now, candidates, 'tir')).toBe(1);
  });

  it('should keep the start (null) when no candidate raises the mean TIR, or meets the criterion in no life', () => {
    expect(chooseOnTruth(now, [now, [{ tir: 59, tbr70: 0 }, { tir: 50, tbr70: 0 }]], 'success')).toBeNull();
    expect(chooseOnTruth(now, [[{ tir: 90, tbr70: 3 }, { tir: 90, tbr70: 5 }]], 'success')).toBeNull();
    expect(chooseOnTruth(now, [[{ tir: 90, tbr70: 3 }, { tir: 90, tbr70: 5 }]], 'tir')).toBeNull();
  });

  it('should refuse outcomes that are not paired with the start life by life', () => {
    expect(() => chooseOnTruth(now, [[{ tir: 90, tbr70: 0 }]])).toThrow(RangeError);
  });
});
