import { UnsupportedSbmlError } from '../errors/sbml-error';
import { AVOGADRO, type MathNode } from './math-ast';
import { arithmeticForm, relationPairs, unaryForms } from './shared-forms';

/** How symbols and model time appear in the generated code (e.g. `v[3]` and `t`). */
export interface JsNames {
  symbol(name: string): string;
  readonly time: string;
  /** Code for `delay(k, τ)` once the simulator numbered the delayed expressions (extractDelays); absent: refused. */
  delay?(index: string, tau: string): string;
}

/** Helpers the generated code calls as `H.<name>`; passed in when the code is turned into a function. */
export const JS_HELPERS = {
  factorial(n: number): number {
    if (n < 0 || !Number.isInteger(n)) return NaN;
    let r = 1;
    for (let k = 2; k <= n; k++) r *= k;
    return r;
  },
} as const;

const UNARY = unaryForms((fn, a) => `Math.${fn}(${a})`, {
  factorial: (a) => `H.factorial(${a})`,
  arcsec: (a) => `Math.acos(1 / (${a}))`,
  arccsc: (a) => `Math.asin(1 / (${a}))`,
  arccot: (a) => `Math.atan(1 / (${a}))`,
  arcsinh: (a) => `Math.asinh(${a})`,
  arccosh: (a) => `Math.acosh(${a})`,
  arctanh: (a) => `Math.atanh(${a})`,
  arcsech: (a) => `Math.acosh(1 / (${a}))`,
  arccsch: (a) => `Math.asinh(1 / (${a}))`,
  arccoth: (a) => `Math.atanh(1 / (${a}))`,
  not: (a) => `(!(${a}))`,
});

const RELATION: Readonly<Record<string, string>> = { eq: '===', neq: '!==', gt: '>', lt: '<', geq: '>=', leq: '<=' };

function num(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '(-Infinity)';
  return value < 0 || Object.is(value, -0) ? `(${String(value)})` : String(value);
}

/** Emit a JavaScript expression; SBML booleans are JS booleans, which coerce to 0/1 in arithmetic. */
export function astToJs(node: MathNode, names: JsNames): string {
  const go = (n: MathNode): string => astToJs(n, names);
  switch (node.kind) {
    case 'num':
      return num(node.value);
    case 'bool':
      return node.value ? 'true' : 'false';
    case 'sym':
      return names.symbol(node.name);
    case 'time':
      return names.time;
    case 'avogadro':
      return num(AVOGADRO);
    case 'piecewise': {
      let out = node.otherwise ? go(node.otherwise) : 'NaN';
      for (let i = node.pieces.length - 1; i >= 0; i--) out = `((${go(node.pieces[i].when)}) ? ${go(node.pieces[i].value)} : ${out})`;
      return out;
    }
    case 'call':
      throw new UnsupportedSbmlError('apply', node.fn, 'call of an undefined function');
    case 'op':
      if (node.op === 'delay') {
        if (!names.delay) throw new UnsupportedSbmlError('csymbol', 'delay', 'the delay csymbol needs the simulator\'s history');
        return names.delay(go(node.args[0]), go(node.args[1]));
      }
      return opToJs(node.op, node.args.map(go));
  }
}

function opToJs(op: string, a: readonly string[]): string {
  const unary = UNARY[op];
  if (unary) return unary(a[0]);
  const rel = RELATION[op];
  if (rel) {
    return a.length < 2 ? 'true' : `(${relationPairs(a, rel).join(' && ')})`;
  }
  const arithmetic = arithmeticForm(op, a);
  if (arithmetic !== undefined) return arithmetic;
  switch (op) {
    case 'power':
      return `Math.pow(${a[0]}, ${a[1]})`;
    case 'root':
      return a[0] === '2' ? `Math.sqrt(${a[1]})` : `Math.pow(${a[1]}, 1 / ${a[0]})`;
    case 'log':
      return a[0] === '10' ? `Math.log10(${a[1]})` : `(Math.log(${a[1]}) / Math.log(${a[0]}))`;
    case 'and':
      return a.length === 0 ? 'true' : `(${a.map((x) => `Boolean(${x})`).join(' && ')})`;
    case 'or':
      return a.length === 0 ? 'false' : `(${a.map((x) => `Boolean(${x})`).join(' || ')})`;
    case 'xor':
      return a.length === 0 ? 'false' : `(${a.map((x) => `Number(Boolean(${x}))`).join(' + ')}) % 2 === 1`;
    case 'implies':
      return `(!(${a[0]}) || Boolean(${a[1]}))`;
    case 'max':
      return `Math.max(${a.join(', ')})`;
    case 'min':
      return `Math.min(${a.join(', ')})`;
    // SBML rem is the truncated remainder, as JavaScript's %.
    case 'rem':
      return `(${a[0]} % ${a[1]})`;
    case 'quotient':
      return `Math.trunc(${a[0]} / ${a[1]})`;
    default:
      throw new UnsupportedSbmlError(op, undefined, 'operator not simulated');
  }
}
