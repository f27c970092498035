import { SbmlError, SbmlErrorCode } from '../errors/sbml-error';
import type { SbmlModel } from '../import/sbml-model';
import { rewriteOp, type MathNode } from '../math/math-ast';

/**
 * Every `delay(x, τ)` csymbol application (SBML L3V2 §3.4.7) of a model, numbered: in the returned model each is
 * `delay(k, τ)` with k the index of its delayed expression x in `delayed`. The simulator answers x(t − τ) from
 * the solution's history (method of steps), so x does not count as a same-time dependency of the math holding it.
 */
export function extractDelays(model: SbmlModel): { readonly model: SbmlModel; readonly delayed: readonly MathNode[]; readonly lags: readonly MathNode[] } {
  const delayed: MathNode[] = [];
  const lags: MathNode[] = [];
  const go = (node: MathNode): MathNode =>
    rewriteOp(node, 'delay', (args) => {
      if (args.length !== 2) throw new SbmlError(SbmlErrorCode.Invalid, `delay takes 2 arguments, got ${args.length}`);
      delayed.push(args[0]);
      lags.push(args[1]);
      return { kind: 'op', op: 'delay', args: [{ kind: 'num', value: delayed.length - 1 }, args[1]] };
    });
  const out: SbmlModel = {
    ...model,
    reactions: model.reactions.map((r) => (r.rate ? { ...r, rate: go(r.rate) } : r)),
    initialAssignments: model.initialAssignments.map((ia) => ({ ...ia, math: go(ia.math) })),
    rules: model.rules.map((r) => ({ ...r, math: go(r.math) })),
    events: model.events.map((e) => ({
      ...e,
      trigger: go(e.trigger),
      delay: e.delay ? go(e.delay) : undefined,
      priority: e.priority ? go(e.priority) : undefined,
      assignments: e.assignments.map((a) => ({ ...a, math: go(a.math) })),
    })),
  };
  return { model: out, delayed, lags };
}

/** Indices k of the `delay(k, τ)` nodes in a rewritten expression. */
export function delayIndices(node: MathNode, into: Set<number> = new Set()): Set<number> {
  if (node.kind === 'op') {
    if (node.op === 'delay' && node.args[0]?.kind === 'num') into.add(node.args[0].value);
    for (const a of node.args) delayIndices(a, into);
  } else if (node.kind === 'call') {
    for (const a of node.args) delayIndices(a, into);
  } else if (node.kind === 'piecewise') {
    for (const p of node.pieces) {
      delayIndices(p.value, into);
      delayIndices(p.when, into);
    }
    if (node.otherwise) delayIndices(node.otherwise, into);
  }
  return into;
}
