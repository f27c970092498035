import { UnsupportedSbmlError } from '../errors/sbml-error';
import { AVOGADRO, type MathNode } from './math-ast';
import { arithmeticForm, relationPairs, unaryForms } from './shared-forms';

/**
 * mathjs forms of the MathML unary functions, kept inside the function set that @shuji/models' compiler
 * accepts (exp, log, sqrt, abs, sign, floor, ceil, trig and hyperbolic basics), so an imported SBML model
 * compiles there; reciprocal and inverse-hyperbolic functions are written out (Abramowitz & Stegun 4.6).
 */
const UNARY = unaryForms((fn, a) => `${fn}(${a})`, {
  factorial: (a) => `factorial(${a})`,
  arcsec: (a) => `acos(1 / ${a})`,
  arccsc: (a) => `asin(1 / ${a})`,
  arccot: (a) => `atan(1 / ${a})`,
  arcsinh: (a) => `log(${a} + sqrt(${a} ^ 2 + 1))`,
  arccosh: (a) => `log(${a} + sqrt(${a} ^ 2 - 1))`,
  arctanh: (a) => `(0.5 * log((1 + ${a}) / (1 - ${a})))`,
  arcsech: (a) => `log(1 / ${a} + sqrt(1 / ${a} ^ 2 - 1))`,
  arccsch: (a) => `log(1 / ${a} + sqrt(1 / ${a} ^ 2 + 1))`,
  arccoth: (a) => `(0.5 * log((${a} + 1) / (${a} - 1)))`,
  not: (a) => `(not ${a})`,
});

const RELATION: Readonly<Record<string, string>> = { eq: '==', neq: '!=', gt: '>', lt: '<', geq: '>=', leq: '<=' };

function num(value: number): string {
  if (Number.isNaN(value)) return '(0 / 0)';
  if (!Number.isFinite(value)) return value > 0 ? '(1 / 0)' : '(-1 / 0)';
  return value < 0 ? `(${String(value)})` : String(value);
}

/** Binary nesting, so every consumer sees two-argument operators. */
function nest(args: readonly string[], join: (a: string, b: string) => string): string {
  return args.reduce((a, b) => join(a, b));
}

/**
 * Emit mathjs expression text (the ModelSpec's language). Time is `t`, as in ModelSpec expressions;
 * `symbol` may rename SBML ids that clash with mathjs names. Booleans are written 1 and 0.
 */
export function astToMathjs(node: MathNode, symbol: (name: string) => string = (n) => n): string {
  const go = (n: MathNode): string => astToMathjs(n, symbol);
  switch (node.kind) {
    case 'num':
      return num(node.value);
    case 'bool':
      return node.value ? '1' : '0';
    case 'sym':
      return symbol(node.name);
    case 'time':
      return 't';
    case 'avogadro':
      return num(AVOGADRO);
    case 'piecewise': {
      let out = node.otherwise ? go(node.otherwise) : num(NaN);
      for (let i = node.pieces.length - 1; i >= 0; i--) out = `((${go(node.pieces[i].when)}) ? ${go(node.pieces[i].value)} : ${out})`;
      return out;
    }
    case 'call':
      return `${node.fn}(${node.args.map(go).join(', ')})`;
    case 'op': {
      const a = node.args.map(go);
      const fn = UNARY[node.op];
      if (fn) return fn(a[0]);
      const rel = RELATION[node.op];
      if (rel) {
        const pairs = relationPairs(a, rel);
        return pairs.length === 0 ? '1' : nest(pairs, (x, y) => `(${x} and ${y})`);
      }
      const arithmetic = arithmeticForm(node.op, a);
      if (arithmetic !== undefined) return arithmetic;
      switch (node.op) {
        case 'power':
          return `(${a[0]} ^ ${a[1]})`;
        case 'root':
          return a[0] === '2' ? `sqrt(${a[1]})` : `(${a[1]} ^ (1 / ${a[0]}))`;
        case 'log':
          return a[0] === '10' ? `log10(${a[1]})` : `log(${a[1]}, ${a[0]})`;
        case 'and':
          return a.length === 0 ? '1' : nest(a, (x, y) => `(${x} and ${y})`);
        case 'or':
          return a.length === 0 ? '0' : nest(a, (x, y) => `(${x} or ${y})`);
        case 'xor':
          return a.length === 0 ? '0' : nest(a, (x, y) => `((${x}) != (${y}))`);
        case 'implies':
          return `((not ${a[0]}) or ${a[1]})`;
        case 'max':
        case 'min':
          return nest(a, (x, y) => `${node.op}(${x}, ${y})`);
        // SBML rem and quotient truncate towards zero: trunc(q) = sign(q)·floor(|q|).
        case 'rem':
          return `(${a[0]} - ${a[1]} * sign(${a[0]} / ${a[1]}) * floor(abs(${a[0]} / ${a[1]})))`;
        case 'quotient':
          return `(sign(${a[0]} / ${a[1]}) * floor(abs(${a[0]} / ${a[1]})))`;
        default:
          throw new UnsupportedSbmlError(node.op, undefined, 'operator has no mathjs form here');
      }
    }
  }
}
