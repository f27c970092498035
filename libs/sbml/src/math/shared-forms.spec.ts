import { describe, expect, it } from 'vitest';
import { arithmeticForm, relationPairs, unaryForms } from './shared-forms';

describe(unaryForms.name, () => {
  it('should call the shared functions in the emitter\'s spelling, write reciprocals as 1 / f, and let its own forms win', () => {
    const sut = unaryForms((fn, a) => `M.${fn}(${a})`, { abs: (a) => `|${a}|` });
    expect([sut['ln']('x'), sut['ceiling']('x'), sut['sech']('x'), sut['abs']('x')]).toEqual(['M.log(x)', 'M.ceil(x)', '(1 / M.cosh(x))', '|x|']);
  });
});

describe(arithmeticForm.name, () => {
  it('should give the identities for empty sums and products, unary minus, and nothing for other operators', () => {
    expect([arithmeticForm('plus', []), arithmeticForm('times', []), arithmeticForm('minus', ['x']), arithmeticForm('divide', ['x', 'y'])]).toEqual(['0', '1', '(-x)', '(x / y)']);
    expect(arithmeticForm('power', ['x', 'y'])).toBeUndefined();
  });
});

describe(relationPairs.name, () => {
  it('should split an n-ary relation into its adjacent pairs', () => {
    expect(relationPairs(['a', 'b', 'c'], '<')).toEqual(['(a < b)', '(b < c)']);
    expect(relationPairs(['a'], '<')).toEqual([]);
  });
});
