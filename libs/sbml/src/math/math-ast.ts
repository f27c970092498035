/**
 * The math of an SBML document as a small AST, read from MathML (SBML L3V2 core §3.4 "Mathematical
 * formulas"). Two emitters read it: mathjs text for the model spec, and straight-line JavaScript for simulation.
 */
export type MathNode =
  | { readonly kind: 'num'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  /** An SBML id: compartment, species, parameter, species reference, reaction, or a lambda argument. */
  | { readonly kind: 'sym'; readonly name: string }
  | { readonly kind: 'time' }
  | { readonly kind: 'avogadro' }
  /** A MathML operator or function element by its MathML name (plus, times, root, eq, …). */
  | { readonly kind: 'op'; readonly op: string; readonly args: readonly MathNode[] }
  | { readonly kind: 'piecewise'; readonly pieces: readonly { readonly value: MathNode; readonly when: MathNode }[]; readonly otherwise?: MathNode }
  /** A call of a user function definition, inlined on import. */
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly MathNode[] };

export interface LambdaDefinition {
  readonly params: readonly string[];
  readonly body: MathNode;
}

/**
 * Avogadro's number as SBML Level 3 fixes it for every version (L3V1 and L3V2 core §3.4.6): the CODATA 2006
 * value 6.02214179×10²³, not a later CODATA or the 2019 SI value (SBML Test Suite cases 00960 and 01323 check it).
 */
export const AVOGADRO = 6.02214179e23;

export const RELATIONAL_OPS = new Set(['eq', 'neq', 'gt', 'lt', 'geq', 'leq']);
export const LOGICAL_OPS = new Set(['and', 'or', 'xor', 'not', 'implies']);

export function freeSymbols(node: MathNode, into: Set<string> = new Set()): Set<string> {
  switch (node.kind) {
    case 'sym':
      into.add(node.name);
      break;
    case 'op':
    case 'call':
      for (const a of node.args) freeSymbols(a, into);
      break;
    case 'piecewise':
      for (const p of node.pieces) {
        freeSymbols(p.value, into);
        freeSymbols(p.when, into);
      }
      if (node.otherwise) freeSymbols(node.otherwise, into);
      break;
    default:
      break;
  }
  return into;
}

/** Replace symbols by nodes (lambda argument binding, local parameter shadowing). */
export function substitute(node: MathNode, bindings: ReadonlyMap<string, MathNode>): MathNode {
  switch (node.kind) {
    case 'sym':
      return bindings.get(node.name) ?? node;
    case 'op':
      return { kind: 'op', op: node.op, args: node.args.map((a) => substitute(a, bindings)) };
    case 'call':
      return { kind: 'call', fn: node.fn, args: node.args.map((a) => substitute(a, bindings)) };
    case 'piecewise':
      return {
        kind: 'piecewise',
        pieces: node.pieces.map((p) => ({ value: substitute(p.value, bindings), when: substitute(p.when, bindings) })),
        otherwise: node.otherwise ? substitute(node.otherwise, bindings) : undefined,
      };
    default:
      return node;
  }
}

/** Does the tree use this operator anywhere (e.g. `rateOf`, `delay`)? */
export function usesOp(node: MathNode, op: string): boolean {
  switch (node.kind) {
    case 'op':
      return node.op === op || node.args.some((a) => usesOp(a, op));
    case 'call':
      return node.args.some((a) => usesOp(a, op));
    case 'piecewise':
      return node.pieces.some((p) => usesOp(p.value, op) || usesOp(p.when, op)) || (node.otherwise ? usesOp(node.otherwise, op) : false);
    default:
      return false;
  }
}

/** Rebuild the tree bottom-up, replacing every application of `op` by what `replace` returns. */
export function rewriteOp(node: MathNode, op: string, replace: (args: readonly MathNode[]) => MathNode): MathNode {
  const go = (n: MathNode): MathNode => rewriteOp(n, op, replace);
  switch (node.kind) {
    case 'op': {
      const args = node.args.map(go);
      return node.op === op ? replace(args) : { kind: 'op', op: node.op, args };
    }
    case 'call':
      return { kind: 'call', fn: node.fn, args: node.args.map(go) };
    case 'piecewise':
      return {
        kind: 'piecewise',
        pieces: node.pieces.map((p) => ({ value: go(p.value), when: go(p.when) })),
        otherwise: node.otherwise ? go(node.otherwise) : undefined,
      };
    default:
      return node;
  }
}
