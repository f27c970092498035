/**
 * compileModel: ModelSpec (equations as text) → CompiledModel (straight-line JavaScript over Float64Array).
 *
 * 1. mathjs parses every expression once; each symbol must be a state, parameter, input, earlier
 *    assignment, `t` or a known function/constant, else the error names the symbol and where it appears.
 * 2. The Jacobian ∂f/∂y is derived symbolically (./differentiate), with the chain rule through the
 *    assignments: dA_k/dy_j = ∂A_k/∂y_j + Σ_{m<k} ∂A_k/∂A_m · dA_m/dy_j, and likewise for each f_i.
 * 3. JavaScript source is emitted and built with `new Function`; only nonzero Jacobian entries are written
 *    (the rest of J is zeroed the first time a buffer is seen, see `jacobian`).
 */
import type { JacobianFn, OdeFunction, RhsFn } from '@shuji/ode';
import type { CompiledModel, ModelSpec } from './model-spec';
import { differentiate, isZero, simplify, add, mul } from './differentiate';
import { hoistCommon, renderExpression } from './emit-javascript';
import { ExpressionError, parseExpression, symbolsOf, type Expr } from './expression';

export class ModelCompileError extends Error {
  constructor(
    readonly modelId: string,
    message: string,
  ) {
    super(`model "${modelId}": ${message}`);
    this.name = 'ModelCompileError';
  }
}

/** The compiled model plus what is useful for inspection and tests. */
export interface CompiledSpecModel extends CompiledModel {
  /** Structurally nonzero Jacobian entries as [row, column]. */
  readonly jacobianSparsity: readonly (readonly [number, number])[];
  /** The generated JavaScript, for debugging. */
  readonly source: { readonly rhs: string; readonly jacobian: string; readonly outputs: string };
}

type OutputsFn = CompiledModel['outputs'];

export function compileModel(spec: ModelSpec): CompiledSpecModel {
  const fail = (message: string): never => {
    throw new ModelCompileError(spec.id, message);
  };
  const stateNames = spec.states.map((s) => s.name);
  const parameterNames = spec.parameters.map((p) => p.name);
  const inputNames = (spec.inputs ?? []).map((u) => u.name);
  const assignments = spec.assignments ?? [];
  const outputsSpec = spec.outputs ?? [];
  const n = stateNames.length;
  if (n === 0) fail('no states');

  // local JS identifier of every model symbol
  const local = new Map<string, string>([['t', 't']]);
  const declare = (name: string, id: string, kind: string): void => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) fail(`${kind} name "${name}" is not an identifier`);
    if (local.has(name)) fail(`${kind} name "${name}" is already used`);
    local.set(name, id);
  };
  stateNames.forEach((name, i) => declare(name, `s${i}`, 'state'));
  parameterNames.forEach((name, i) => declare(name, `p${i}`, 'parameter'));
  inputNames.forEach((name, i) => declare(name, `u${i}`, 'input'));
  const symbol = (name: string): string => {
    const id = local.get(name);
    if (id === undefined) throw new Error(`internal: no local for ${name}`);
    return id;
  };

  const parseIn = (source: string, where: string, inScope: (name: string) => boolean): Expr => {
    try {
      return simplify(parseExpression(source, where, inScope));
    } catch (error) {
      if (error instanceof ExpressionError) return fail(error.message);
      throw error;
    }
  };

  // assignments, each seeing only earlier ones
  const assignmentExprs: Expr[] = [];
  assignments.forEach((a, k) => {
    const e = parseIn(a.expression, `assignment ${a.name}`, (name) => local.has(name));
    declare(a.name, `a${k}`, 'assignment');
    assignmentExprs.push(e);
  });
  const inScope = (name: string): boolean => local.has(name);

  for (const key of Object.keys(spec.equations)) {
    if (!stateNames.includes(key)) fail(`equation for "${key}", which is not a state`);
  }
  const equationExprs = stateNames.map((name) => {
    const source = spec.equations[name];
    if (source === undefined) return fail(`state "${name}" has no equation`);
    return parseIn(source, `equation for ${name}`, inScope);
  });
  const outputExprs = outputsSpec.map((o) => parseIn(o.expression, `output ${o.name}`, inScope));
  const parameterScope = (name: string): boolean => parameterNames.includes(name);
  const initialExprs = spec.states.map((s) =>
    typeof s.initial === 'number' ? s.initial : parseIn(s.initial, `initial value of ${s.name}`, parameterScope),
  );

  const loads = (used: ReadonlySet<string>): string[] => {
    const lines: string[] = [];
    stateNames.forEach((name, i) => used.has(name) && lines.push(`const s${i} = y[${i}];`));
    parameterNames.forEach((name, i) => used.has(name) && lines.push(`const p${i} = p[${i}];`));
    inputNames.forEach((name, i) => used.has(name) && lines.push(`const u${i} = u[${i}];`));
    return lines;
  };
  // load only what a function reads (assignments are always evaluated, so their symbols count)
  const assignmentSymbols = new Set<string>();
  assignmentExprs.forEach((e) => symbolsOf(e, assignmentSymbols));
  const readBy = (exprs: readonly Expr[]): Set<string> => {
    const used = new Set(assignmentSymbols);
    exprs.forEach((e) => symbolsOf(e, used));
    return used;
  };
  const assignmentLines = assignments.map(
    (_, k) => `const a${k} = ${renderExpression(assignmentExprs[k], symbol)};`,
  );

  // right-hand side
  const rhsCommon = hoistCommon(equationExprs, symbol, 'c');
  const rhsBody = [
    ...loads(readBy(equationExprs)),
    ...assignmentLines,
    ...rhsCommon.lines,
    ...equationExprs.map((e, i) => `dy[${i}] = ${renderExpression(e, symbol, rhsCommon.hoisted)};`),
  ].join('\n');

  // Jacobian, chain rule through assignments; total derivatives of assignments become locals d<k>_<j>
  const totalLocal = (k: number, j: number): string => `#d${k}_${j}`;
  const derivLines: string[] = [];
  const derivExprs: Expr[] = [];
  const hasTotal: boolean[][] = assignments.map(() => new Array<boolean>(n).fill(false));
  const chain = (e: Expr, upTo: number, j: number): Expr => {
    let total = differentiate(e, stateNames[j]);
    for (let m = 0; m < upTo; m++) {
      if (!hasTotal[m][j]) continue;
      const partial = differentiate(e, assignments[m].name);
      if (!isZero(partial)) total = add(total, mul(partial, { k: 'sym', name: totalLocal(m, j) }));
    }
    return total;
  };
  assignments.forEach((_, k) => {
    for (let j = 0; j < n; j++) {
      const total = chain(assignmentExprs[k], k, j);
      if (isZero(total)) continue;
      hasTotal[k][j] = true;
      local.set(totalLocal(k, j), `d${k}_${j}`);
      derivLines.push(`const d${k}_${j} = ${renderExpression(total, symbol)};`);
      derivExprs.push(total);
    }
  });
  const sparsity: [number, number][] = [];
  const entries: Expr[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const entry = chain(equationExprs[i], assignments.length, j);
      if (isZero(entry)) continue;
      sparsity.push([i, j]);
      entries.push(entry);
    }
  }
  const jacCommon = hoistCommon(entries, symbol, 'c');
  const jacobianBody = [
    'if (J !== zeroed) { J.fill(0); zeroed = J; }',
    ...loads(readBy([...entries, ...derivExprs])),
    ...assignmentLines,
    ...derivLines,
    ...jacCommon.lines,
    ...entries.map(
      (e, k) => `J[${sparsity[k][0] * n + sparsity[k][1]}] = ${renderExpression(e, symbol, jacCommon.hoisted)};`,
    ),
  ].join('\n');

  const outputsBody = [
    ...loads(readBy(outputExprs)),
    ...assignmentLines,
    ...outputExprs.map((e, i) => `out[${i}] = ${renderExpression(e, symbol)};`),
  ].join('\n');

  const rhs = new Function(`return function rhs(t, y, p, u, dy) {\n${rhsBody}\n};`)() as RhsFn;
  // Only nonzero entries are written: J is zeroed once per buffer. A solver that reuses the same J buffer
  // must not write into it between calls (it factors a separate iteration matrix).
  const jacobian = new Function(
    `let zeroed = null;\nreturn function jacobian(t, y, p, u, J) {\n${jacobianBody}\n};`,
  )() as JacobianFn;
  const outputs = new Function(`return function outputs(t, y, p, u, out) {\n${outputsBody}\n};`)() as OutputsFn;
  const initialFns = initialExprs.map((e) =>
    typeof e === 'number'
      ? () => e
      : (new Function('p', `${loads(new Set(parameterNames)).join('\n')}\nreturn ${renderExpression(e, symbol)};`) as (
          p: Float64Array,
        ) => number),
  );

  // no explicit t in any equation or assignment: Rosenbrock methods may skip ∂f/∂t
  const readsTime = [...equationExprs, ...assignmentExprs].some((e) => symbolsOf(e).has('t'));
  const f: OdeFunction = { dimension: n, rhs, jacobian, autonomous: !readsTime };
  const indexLookup = (names: readonly string[], kind: string) => {
    const map = new Map(names.map((name, i) => [name, i]));
    return (name: string): number => {
      const i = map.get(name);
      if (i === undefined) throw new RangeError(`model "${spec.id}" has no ${kind} "${name}"`);
      return i;
    };
  };

  return {
    spec,
    stateNames,
    parameterNames,
    inputNames,
    outputNames: outputsSpec.map((o) => o.name),
    f,
    nonNegativeStates: spec.states.flatMap((s, i) => (s.nonNegative === true ? [i] : [])),
    stateIndex: indexLookup(stateNames, 'state'),
    parameterIndex: indexLookup(parameterNames, 'parameter'),
    inputIndex: indexLookup(inputNames, 'input'),
    defaultParameters: () => Float64Array.from(spec.parameters, (p) => p.default),
    defaultInputs: () => Float64Array.from(spec.inputs ?? [], (u) => u.default ?? 0),
    initialState: (p) => Float64Array.from(initialFns, (fn) => fn(p)),
    outputs,
    jacobianSparsity: sparsity,
    source: { rhs: rhsBody, jacobian: jacobianBody, outputs: outputsBody },
  };
}
