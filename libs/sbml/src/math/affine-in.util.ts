import { freeSymbols, type MathNode } from './math-ast';

/**
 * Whether `node` is affine in the symbol `x` (a + b·x with a and b free of x), decided on the tree: sums and
 * differences of affine terms, products with at most one factor holding x, quotients whose denominator is free
 * of x; x inside any other operator, a piecewise or a call makes it not provably affine. Conditions, rateOf and
 * other functions of the remaining symbols are fine (SBML L3V2 §4.9.4 algebraic rules are then solved exactly).
 */
export function affineIn(node: MathNode, x: string): boolean {
  if (!freeSymbols(node).has(x)) return true;
  switch (node.kind) {
    case 'sym':
      return true;
    case 'op':
      switch (node.op) {
        case 'plus':
        case 'minus':
          return node.args.every((a) => affineIn(a, x));
        case 'times': {
          const holding = node.args.filter((a) => freeSymbols(a).has(x));
          return holding.length === 1 && affineIn(holding[0], x);
        }
        case 'divide':
          return !freeSymbols(node.args[1]).has(x) && affineIn(node.args[0], x);
        default:
          return false;
      }
    default:
      return false;
  }
}
