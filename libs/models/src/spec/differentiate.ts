/**
 * Symbolic partial derivatives over the expression tree, with simplifying constructors (constant folding,
 * 0 and 1 identities) so that the emitted Jacobian carries no dead terms and its sparsity pattern is exact.
 *
 * Non-smooth terms, which mathjs' `derivative` cannot handle, follow the one-sided rules a stiff solver
 * needs (the derivative of the branch that is active at the point):
 *   d(c ? a : b) = c ? a' : b'      d max(a, b) = a >= b ? a' : b'      d min(a, b) = a <= b ? a' : b'
 *   d abs(a) = sign(a)·a'           comparisons, sign, floor, ceil have derivative 0.
 */
import type { Expr } from './expression';

export const ZERO: Expr = { k: 'num', v: 0 };
export const ONE: Expr = { k: 'num', v: 1 };
const num = (v: number): Expr => ({ k: 'num', v });
const isNum = (e: Expr, v?: number): boolean => e.k === 'num' && (v === undefined || e.v === v);

export function add(a: Expr, b: Expr): Expr {
  if (a.k === 'num' && b.k === 'num') return num(a.v + b.v);
  if (isNum(a, 0)) return b;
  if (isNum(b, 0)) return a;
  if (b.k === 'neg') return sub(a, b.a);
  return { k: 'add', a, b };
}

export function sub(a: Expr, b: Expr): Expr {
  if (a.k === 'num' && b.k === 'num') return num(a.v - b.v);
  if (isNum(b, 0)) return a;
  if (isNum(a, 0)) return neg(b);
  if (b.k === 'neg') return add(a, b.a);
  return { k: 'sub', a, b };
}

export function neg(a: Expr): Expr {
  if (a.k === 'num') return num(-a.v);
  if (a.k === 'neg') return a.a;
  return { k: 'neg', a };
}

export function mul(a: Expr, b: Expr): Expr {
  if (a.k === 'num' && b.k === 'num') return num(a.v * b.v);
  if (isNum(a, 0) || isNum(b, 0)) return ZERO;
  if (isNum(a, 1)) return b;
  if (isNum(b, 1)) return a;
  if (isNum(a, -1)) return neg(b);
  if (isNum(b, -1)) return neg(a);
  if (a.k === 'neg') return neg(mul(a.a, b));
  if (b.k === 'neg') return neg(mul(a, b.a));
  return { k: 'mul', a, b };
}

export function div(a: Expr, b: Expr): Expr {
  if (a.k === 'num' && b.k === 'num' && b.v !== 0) return num(a.v / b.v);
  if (isNum(a, 0)) return ZERO;
  if (isNum(b, 1)) return a;
  if (a.k === 'neg') return neg(div(a.a, b));
  return { k: 'div', a, b };
}

export function pow(a: Expr, b: Expr): Expr {
  if (a.k === 'num' && b.k === 'num') return num(a.v ** b.v);
  if (isNum(b, 0)) return ONE;
  if (isNum(b, 1)) return a;
  return { k: 'pow', a, b };
}

export function call(fn: string, ...args: Expr[]): Expr {
  return { k: 'call', fn, args };
}

export function cond(c: Expr, a: Expr, b: Expr): Expr {
  if (a.k === 'num' && b.k === 'num' && a.v === b.v) return a;
  return { k: 'cond', c, a, b };
}

/**
 * ∂e/∂x, treating every other symbol as independent of x (the compiler applies the chain rule through
 * assignments itself).
 */
export function differentiate(e: Expr, x: string): Expr {
  const d = (u: Expr): Expr => differentiate(u, x);
  switch (e.k) {
    case 'num':
    case 'cmp':
    case 'and':
    case 'or':
    case 'not':
      return ZERO;
    case 'sym':
      return e.name === x ? ONE : ZERO;
    case 'add':
      return add(d(e.a), d(e.b));
    case 'sub':
      return sub(d(e.a), d(e.b));
    case 'neg':
      return neg(d(e.a));
    case 'mul':
      return add(mul(d(e.a), e.b), mul(e.a, d(e.b)));
    case 'div': {
      const da = d(e.a);
      const db = d(e.b);
      // (a/b)' = a'/b − a·b'/b²
      return sub(div(da, e.b), div(mul(e.a, db), pow(e.b, num(2))));
    }
    case 'pow': {
      const da = d(e.a);
      const db = d(e.b);
      if (isNum(db, 0)) {
        if (isNum(da, 0)) return ZERO;
        // (a^n)' = n·a^(n−1)·a'
        return mul(mul(e.b, pow(e.a, sub(e.b, ONE))), da);
      }
      // general case: (a^b)' = a^b·(b'·ln a + b·a'/a)
      return mul(e, add(mul(db, call('log', e.a)), div(mul(e.b, da), e.a)));
    }
    case 'cond':
      return cond(e.c, d(e.a), d(e.b));
    case 'call':
      return differentiateCall(e.fn, e.args, x);
  }
}

function differentiateCall(fn: string, args: readonly Expr[], x: string): Expr {
  const u = args[0];
  const du = differentiate(u, x);
  if (fn === 'max' || fn === 'min') {
    const dv = differentiate(args[1], x);
    if (isNum(du, 0) && isNum(dv, 0)) return ZERO;
    return cond({ k: 'cmp', op: fn === 'max' ? '>=' : '<=', a: u, b: args[1] }, du, dv);
  }
  if (isNum(du, 0)) return ZERO;
  switch (fn) {
    case 'exp':
      return mul(call('exp', u), du);
    case 'log':
      return div(du, u);
    case 'log10':
      return div(du, mul(u, num(Math.LN10)));
    case 'log2':
      return div(du, mul(u, num(Math.LN2)));
    case 'sqrt':
      return div(du, mul(num(2), call('sqrt', u)));
    case 'cbrt':
      return div(du, mul(num(3), pow(call('cbrt', u), num(2))));
    case 'abs':
      return mul(call('sign', u), du);
    case 'sign':
    case 'floor':
    case 'ceil':
      return ZERO;
    case 'sin':
      return mul(call('cos', u), du);
    case 'cos':
      return neg(mul(call('sin', u), du));
    case 'tan':
      return div(du, pow(call('cos', u), num(2)));
    case 'asin':
      return div(du, call('sqrt', sub(ONE, pow(u, num(2)))));
    case 'acos':
      return neg(div(du, call('sqrt', sub(ONE, pow(u, num(2))))));
    case 'atan':
      return div(du, add(ONE, pow(u, num(2))));
    case 'sinh':
      return mul(call('cosh', u), du);
    case 'cosh':
      return mul(call('sinh', u), du);
    case 'tanh':
      return mul(sub(ONE, pow(call('tanh', u), num(2))), du);
    default:
      throw new Error(`no derivative rule for function "${fn}"`);
  }
}

/** Rebuilds `e` through the simplifying constructors (folds constants left by the parser). */
export function simplify(e: Expr): Expr {
  switch (e.k) {
    case 'num':
    case 'sym':
      return e;
    case 'add':
      return add(simplify(e.a), simplify(e.b));
    case 'sub':
      return sub(simplify(e.a), simplify(e.b));
    case 'mul':
      return mul(simplify(e.a), simplify(e.b));
    case 'div':
      return div(simplify(e.a), simplify(e.b));
    case 'pow':
      return pow(simplify(e.a), simplify(e.b));
    case 'neg':
      return neg(simplify(e.a));
    case 'call':
      return { k: 'call', fn: e.fn, args: e.args.map(simplify) };
    case 'cond':
      return cond(simplify(e.c), simplify(e.a), simplify(e.b));
    case 'cmp':
      return { k: 'cmp', op: e.op, a: simplify(e.a), b: simplify(e.b) };
    case 'and':
    case 'or':
      return { k: e.k, a: simplify(e.a), b: simplify(e.b) };
    case 'not':
      return { k: 'not', a: simplify(e.a) };
  }
}

export function isZero(e: Expr): boolean {
  return isNum(e, 0);
}
