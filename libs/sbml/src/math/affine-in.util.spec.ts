import { describe, expect, it } from 'vitest';
import type { MathNode } from './math-ast';
import { affineIn } from './affine-in.util';

const sym = (name: string): MathNode => ({ kind: 'sym', name });
const num = (value: number): MathNode => ({ kind: 'num', value });
const op = (o: string, ...args: MathNode[]): MathNode => ({ kind: 'op', op: o, args });

describe(affineIn.name, () => {
  it('should accept sums, scaled terms and quotients by x-free denominators when x enters linearly', () => {
    expect(affineIn(op('minus', op('rateOf', sym('S')), sym('x')), 'x')).toBe(true);
    expect(affineIn(op('plus', op('times', num(2), sym('k'), sym('x')), op('divide', sym('x'), sym('V'))), 'x')).toBe(true);
    expect(affineIn(op('minus', sym('x'), { kind: 'piecewise', pieces: [{ value: num(1), when: op('and') }], otherwise: num(0) }), 'x')).toBe(true);
  });

  it('should refuse products of x, x in a denominator and x inside other functions when not provably affine', () => {
    expect(affineIn(op('times', sym('x'), sym('x')), 'x')).toBe(false);
    expect(affineIn(op('divide', num(1), sym('x')), 'x')).toBe(false);
    expect(affineIn(op('exp', sym('x')), 'x')).toBe(false);
  });
});
