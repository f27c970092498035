/**
 * A small expression tree, built once from the mathjs parse tree. The compiler differentiates and emits
 * JavaScript from this tree, so nothing of mathjs runs inside the solver's step loop.
 */
import { parse, type MathNode } from 'mathjs';

export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

export type Expr =
  | { readonly k: 'num'; readonly v: number }
  | { readonly k: 'sym'; readonly name: string }
  | { readonly k: 'add'; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'sub'; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'mul'; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'div'; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'pow'; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'neg'; readonly a: Expr }
  | { readonly k: 'call'; readonly fn: string; readonly args: readonly Expr[] }
  | { readonly k: 'cond'; readonly c: Expr; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'cmp'; readonly op: CompareOp; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'and' | 'or'; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'not'; readonly a: Expr };

/** Functions an expression may call, with their arity (min, max). All map onto `Math`. */
export const KNOWN_FUNCTIONS: Readonly<Record<string, readonly [number, number]>> = {
  exp: [1, 1],
  log: [1, 2],
  log10: [1, 1],
  log2: [1, 1],
  sqrt: [1, 1],
  cbrt: [1, 1],
  abs: [1, 1],
  sign: [1, 1],
  min: [2, 2],
  max: [2, 2],
  pow: [2, 2],
  sin: [1, 1],
  cos: [1, 1],
  tan: [1, 1],
  asin: [1, 1],
  acos: [1, 1],
  atan: [1, 1],
  sinh: [1, 1],
  cosh: [1, 1],
  tanh: [1, 1],
  floor: [1, 1],
  ceil: [1, 1],
};

/** Named constants, used only when no state, parameter, input or assignment has that name. */
export const KNOWN_CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

export class ExpressionError extends Error {}

const COMPARE: Readonly<Record<string, CompareOp>> = {
  smaller: '<',
  smallerEq: '<=',
  larger: '>',
  largerEq: '>=',
  equal: '==',
  unequal: '!=',
};

/**
 * Parses `source` and converts it. `isKnown` decides which symbols are in scope; the first unknown symbol
 * raises `unknown symbol "x" in <where>`.
 */
export function parseExpression(source: string, where: string, isKnown: (name: string) => boolean): Expr {
  let node: MathNode;
  try {
    node = parse(source);
  } catch (error) {
    throw new ExpressionError(`cannot parse ${where}: ${(error as Error).message}`);
  }
  return convert(node, where, isKnown);
}

function convert(node: MathNode, where: string, isKnown: (name: string) => boolean): Expr {
  const rec = (n: MathNode): Expr => convert(n, where, isKnown);
  switch (node.type) {
    case 'ConstantNode': {
      const value = (node as unknown as { value: unknown }).value;
      if (typeof value !== 'number') throw new ExpressionError(`non-numeric constant ${String(value)} in ${where}`);
      return { k: 'num', v: value };
    }
    case 'SymbolNode': {
      const name = (node as unknown as { name: string }).name;
      if (isKnown(name)) return { k: 'sym', name };
      if (name in KNOWN_CONSTANTS) return { k: 'num', v: KNOWN_CONSTANTS[name] };
      throw new ExpressionError(`unknown symbol "${name}" in ${where}`);
    }
    case 'ParenthesisNode':
      return rec((node as unknown as { content: MathNode }).content);
    case 'ConditionalNode': {
      const c = node as unknown as { condition: MathNode; trueExpr: MathNode; falseExpr: MathNode };
      return { k: 'cond', c: rec(c.condition), a: rec(c.trueExpr), b: rec(c.falseExpr) };
    }
    case 'FunctionNode': {
      const f = node as unknown as { fn: { name?: string }; args: MathNode[] };
      const name = f.fn.name ?? '?';
      const arity = KNOWN_FUNCTIONS[name];
      if (arity === undefined) throw new ExpressionError(`unknown function "${name}" in ${where}`);
      if (f.args.length < arity[0] || f.args.length > arity[1]) {
        throw new ExpressionError(`function "${name}" takes ${arity[0]}..${arity[1]} arguments in ${where}`);
      }
      const args = f.args.map(rec);
      if (name === 'pow') return { k: 'pow', a: args[0], b: args[1] };
      if (name === 'log' && args.length === 2) {
        return { k: 'div', a: { k: 'call', fn: 'log', args: [args[0]] }, b: { k: 'call', fn: 'log', args: [args[1]] } };
      }
      return { k: 'call', fn: name, args };
    }
    case 'OperatorNode': {
      const o = node as unknown as { fn: string; op: string; args: MathNode[] };
      const args = o.args.map(rec);
      switch (o.fn) {
        case 'add':
          return args.reduce((a, b) => ({ k: 'add', a, b }));
        case 'subtract':
          return { k: 'sub', a: args[0], b: args[1] };
        case 'multiply':
          return args.reduce((a, b) => ({ k: 'mul', a, b }));
        case 'divide':
          return { k: 'div', a: args[0], b: args[1] };
        case 'pow':
          return { k: 'pow', a: args[0], b: args[1] };
        case 'unaryMinus':
          return { k: 'neg', a: args[0] };
        case 'unaryPlus':
          return args[0];
        case 'and':
          return { k: 'and', a: args[0], b: args[1] };
        case 'or':
          return { k: 'or', a: args[0], b: args[1] };
        case 'not':
          return { k: 'not', a: args[0] };
        default: {
          const cmp = COMPARE[o.fn];
          if (cmp !== undefined) return { k: 'cmp', op: cmp, a: args[0], b: args[1] };
          throw new ExpressionError(`unsupported operator "${o.op}" in ${where}`);
        }
      }
    }
    default:
      throw new ExpressionError(`unsupported syntax (${node.type}) in ${where}`);
  }
}

/** Every symbol the expression reads. */
export function symbolsOf(e: Expr, into: Set<string> = new Set()): Set<string> {
  switch (e.k) {
    case 'num':
      break;
    case 'sym':
      into.add(e.name);
      break;
    case 'neg':
    case 'not':
      symbolsOf(e.a, into);
      break;
    case 'call':
      for (const a of e.args) symbolsOf(a, into);
      break;
    case 'cond':
      symbolsOf(e.c, into);
      symbolsOf(e.a, into);
      symbolsOf(e.b, into);
      break;
    default:
      symbolsOf(e.a, into);
      symbolsOf(e.b, into);
  }
  return into;
}
