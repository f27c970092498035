import { describe, expect, it } from 'vitest';
import { choleskyFactor, choleskyInverse, choleskySolve } from '../src/index';

describe(choleskySolve.name, () => {
  it('should solve an SPD system and refuse an indefinite one', () => {
    const x = choleskySolve(Float64Array.of(4, 2, 2, 3), Float64Array.of(2, 1), 2);
    expect(x?.[0]).toBeCloseTo(0.5, 12);
    expect(x?.[1]).toBeCloseTo(0, 12);
    expect(choleskySolve(Float64Array.of(1, 2, 2, 1), Float64Array.of(1, 1), 2)).toBeNull();
  });
});

describe(choleskyFactor.name, () => {
  it('should give L with L·Lᵀ = A when A is SPD', () => {
    const A = [4, 12, -16, 12, 37, -43, -16, -43, 98]; // the textbook example: L = [2 0 0; 6 1 0; -8 5 3]
    expect(Array.from(choleskyFactor(A, 3) ?? [])).toEqual([2, 0, 0, 6, 1, 0, -8, 5, 3]);
  });
});

describe(choleskyInverse.name, () => {
  it('should give A⁻¹ when A is SPD, and +∞ everywhere when it is not', () => {
    // [4 2; 2 3]⁻¹ = [3 −2; −2 4] / 8
    expect(Array.from(choleskyInverse(Float64Array.of(4, 2, 2, 3), 2))).toEqual([0.375, -0.25, -0.25, 0.5].map((x) => expect.closeTo(x, 14)));
    expect(Array.from(choleskyInverse(Float64Array.of(1, 2, 2, 1), 2))).toEqual([Infinity, Infinity, Infinity, Infinity]);
  });
});
