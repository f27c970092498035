/**
 * What the JavaScript and the mathjs emitters write alike, in one place: the MathML functions that are one named
 * function in both (JavaScript's `Math.<name>`, mathjs' `<name>`: the same names), the reciprocal ones as
 * `1 / f(x)`, the four arithmetic operators, and an n-ary relation as its adjacent pairs.
 */
const NAMED: Readonly<Record<string, string>> = {
  abs: 'abs',
  exp: 'exp',
  ln: 'log',
  floor: 'floor',
  ceiling: 'ceil',
  sin: 'sin',
  cos: 'cos',
  tan: 'tan',
  sinh: 'sinh',
  cosh: 'cosh',
  tanh: 'tanh',
  arcsin: 'asin',
  arccos: 'acos',
  arctan: 'atan',
};

/** sec = 1/cos and the like (Abramowitz & Stegun 4.3.5, 4.5.4). */
const RECIPROCAL_OF: Readonly<Record<string, string>> = { sec: 'cos', csc: 'sin', cot: 'tan', sech: 'cosh', csch: 'sinh', coth: 'tanh' };

export type UnaryForms = Readonly<Record<string, (a: string) => string>>;

/** An emitter's unary functions: the shared ones written through `call` (its spelling of a function call), then its own. */
export function unaryForms(call: (fn: string, a: string) => string, own: UnaryForms): UnaryForms {
  const forms: Record<string, (a: string) => string> = {};
  for (const [op, fn] of Object.entries(NAMED)) forms[op] = (a) => call(fn, a);
  for (const [op, fn] of Object.entries(RECIPROCAL_OF)) forms[op] = (a) => `(1 / ${call(fn, a)})`;
  return { ...forms, ...own };
}

/** plus and times (n-ary, empty: their identity), minus (unary or binary) and divide; undefined for any other op. */
export function arithmeticForm(op: string, a: readonly string[]): string | undefined {
  switch (op) {
    case 'plus':
      return a.length === 0 ? '0' : `(${a.join(' + ')})`;
    case 'times':
      return a.length === 0 ? '1' : `(${a.join(' * ')})`;
    case 'minus':
      return a.length === 1 ? `(-${a[0]})` : `(${a[0]} - ${a[1]})`;
    case 'divide':
      return `(${a[0]} / ${a[1]})`;
    default:
      return undefined;
  }
}

/** MathML's n-ary relation a₀ R a₁ R a₂ … as the pairs (a₀ R a₁), (a₁ R a₂), … that must all hold. */
export function relationPairs(a: readonly string[], rel: string): string[] {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < a.length; i++) pairs.push(`(${a[i]} ${rel} ${a[i + 1]})`);
  return pairs;
}
