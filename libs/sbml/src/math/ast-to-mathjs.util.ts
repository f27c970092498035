import { UnsupportedSbmlError } from '../errors/sbml-error';
import { AVOGADRO, type MathNode } from './math-ast';

/** mathjs names of the MathML unary functions (mathjs `log` is natural, as MathML `ln`). */
const UNARY: Readonly<Record<string, string>> = {
  abs: 'abs', exp: 'exp', ln: 'log', floor: 'floor', ceiling: 'ceil', factorial: 'factorial',
  sin: 'sin', cos: 'cos', tan: 'tan', sec: 'sec', csc: 'csc', cot: 'cot',
  sinh: 'sinh', cosh: 'cosh', tanh: 'tanh', sech: 'sech', csch: 'csch', coth: 'coth',
  arcsin: 'asin', arccos: 'acos', arctan: 'atan', arcsec: 'asec', arccsc: 'acsc', arccot: 'acot',
  arcsinh: 'asinh', arccosh: 'acosh', arctanh: 'atanh', arcsech: 'asech', arccsch: 'acsch', arccoth: 'acoth',
};

const RELATION: Readonly<Record<string, string>> = { eq: '==', neq: '!=', gt: '>', lt: '<', geq: '>=', leq: '<=' };

function num(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '(-Infinity)';
  return value < 0 ? `(${String(value)})` : String(value);
}

/**
 * Emit mathjs expression text (the ModelSpec's language). Time is `t`, as in ModelSpec expressions;
 * `symbol` may rename SBML ids that clash with mathjs names.
 */
export function astToMathjs(node: MathNode, symbol: (name: string) => string = (n) => n): string {
  const go = (n: MathNode): string => astToMathjs(n, symbol);
  switch (node.kind) {
    case 'num':
      return num(node.value);
    case 'bool':
      return node.value ? 'true' : 'false';
    case 'sym':
      return symbol(node.name);
    case 'time':
      return 't';
    case 'avogadro':
      return num(AVOGADRO);
    case 'piecewise': {
      let out = node.otherwise ? go(node.otherwise) : 'NaN';
      for (let i = node.pieces.length - 1; i >= 0; i--) out = `((${go(node.pieces[i].when)}) ? ${go(node.pieces[i].value)} : ${out})`;
      return out;
    }
    case 'call':
      return `${node.fn}(${node.args.map(go).join(', ')})`;
    case 'op': {
      const a = node.args.map(go);
      const fn = UNARY[node.op];
      if (fn) return `${fn}(${a[0]})`;
      const rel = RELATION[node.op];
      if (rel) {
        const pairs: string[] = [];
        for (let i = 0; i + 1 < a.length; i++) pairs.push(`(${a[i]} ${rel} ${a[i + 1]})`);
        return pairs.length === 0 ? 'true' : `(${pairs.join(' and ')})`;
      }
      switch (node.op) {
        case 'plus':
          return a.length === 0 ? '0' : `(${a.join(' + ')})`;
        case 'times':
          return a.length === 0 ? '1' : `(${a.join(' * ')})`;
        case 'minus':
          return a.length === 1 ? `(-${a[0]})` : `(${a[0]} - ${a[1]})`;
        case 'divide':
          return `(${a[0]} / ${a[1]})`;
        case 'power':
          return `(${a[0]} ^ ${a[1]})`;
        case 'root':
          return a[0] === '2' ? `sqrt(${a[1]})` : `(${a[1]} ^ (1 / ${a[0]}))`;
        case 'log':
          return a[0] === '10' ? `log10(${a[1]})` : `log(${a[1]}, ${a[0]})`;
        case 'and':
        case 'or':
        case 'xor':
          return a.length === 0 ? (node.op === 'and' ? 'true' : 'false') : `(${a.join(` ${node.op} `)})`;
        case 'not':
          return `(not ${a[0]})`;
        case 'implies':
          return `((not ${a[0]}) or ${a[1]})`;
        case 'max':
        case 'min':
          return `${node.op}(${a.join(', ')})`;
        case 'rem':
          return `(${a[0]} - ${a[1]} * fix(${a[0]} / ${a[1]}))`;
        case 'quotient':
          return `fix(${a[0]} / ${a[1]})`;
        default:
          throw new UnsupportedSbmlError(node.op, undefined, 'operator has no mathjs form here');
      }
    }
  }
}
