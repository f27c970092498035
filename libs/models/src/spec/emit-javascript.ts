/**
 * Emits straight-line JavaScript from expression trees. Subexpressions that occur more than once across
 * everything emitted in one function (common in Jacobians: tanh(·) terms, 1/(Km+x)²) are hoisted into
 * `const` temporaries, so each is computed once per call.
 */
import type { Expr } from './expression';

const PRECEDENCE: Readonly<Record<string, number>> = {
  cond: 1,
  or: 2,
  and: 3,
  cmp: 4,
  add: 5,
  sub: 5,
  mul: 6,
  div: 6,
  neg: 7,
  not: 7,
  pow: 8,
};

/** Renders an expression; `symbol` maps a model name to the JS identifier that holds it. */
export function renderExpression(e: Expr, symbol: (name: string) => string, hoisted?: Map<string, string>): string {
  const r = (u: Expr): string => {
    const temp = hoisted === undefined || hoisted.size === 0 ? undefined : hoisted.get(plainText(u, symbol));
    return temp ?? raw(u);
  };
  const wrap = (u: Expr, parent: number, right = false): string => {
    const s = r(u);
    const own = PRECEDENCE[u.k] ?? 10;
    // hoisted temporaries are atoms
    if (hoisted !== undefined && hoisted.size > 0 && hoisted.has(plainText(u, symbol))) return s;
    return own < parent || (right && own === parent) ? `(${s})` : s;
  };
  const raw = (u: Expr): string => {
    switch (u.k) {
      case 'num':
        return u.v < 0 ? `(${numberLiteral(u.v)})` : numberLiteral(u.v);
      case 'sym':
        return symbol(u.name);
      case 'add':
        return `${wrap(u.a, 5)} + ${wrap(u.b, 5, true)}`;
      case 'sub':
        return `${wrap(u.a, 5)} - ${wrap(u.b, 5, true)}`;
      case 'mul':
        return `${wrap(u.a, 6)} * ${wrap(u.b, 6, true)}`;
      case 'div':
        return `${wrap(u.a, 6)} / ${wrap(u.b, 6, true)}`;
      case 'pow':
        if (u.b.k === 'num' && u.b.v === 2) return `((${r(u.a)}) * (${r(u.a)}))`;
        return `Math.pow(${r(u.a)}, ${r(u.b)})`;
      case 'neg':
        return `-${wrap(u.a, 8)}`;
      case 'not':
        return `!${wrap(u.a, 8)}`;
      case 'call':
        return `Math.${u.fn}(${u.args.map(r).join(', ')})`;
      case 'cond':
        return `(${r(u.c)} ? ${r(u.a)} : ${r(u.b)})`;
      case 'cmp': {
        const op = u.op === '==' ? '===' : u.op === '!=' ? '!==' : u.op;
        return `${wrap(u.a, 5)} ${op} ${wrap(u.b, 5)}`;
      }
      case 'and':
        return `${wrap(u.a, 3)} && ${wrap(u.b, 3, true)}`;
      case 'or':
        return `${wrap(u.a, 2)} || ${wrap(u.b, 2, true)}`;
    }
  };
  return r(e);
}

const plainCaches = new WeakMap<(name: string) => string, WeakMap<Expr, string>>();

/** The rendering without temporaries: the key under which a subexpression is hoisted. */
function plainText(e: Expr, symbol: (name: string) => string): string {
  let plainCache = plainCaches.get(symbol);
  if (plainCache === undefined) {
    plainCache = new WeakMap();
    plainCaches.set(symbol, plainCache);
  }
  let text = plainCache.get(e);
  if (text === undefined) {
    text = renderExpression(e, symbol);
    plainCache.set(e, text);
  }
  return text;
}

function numberLiteral(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  return String(v);
}

/**
 * Finds subexpressions used at least twice among `roots` and returns `const` lines for them in dependency
 * order, plus the map from rendered text to temporary name used by `renderExpression`.
 */
export function hoistCommon(
  roots: readonly Expr[],
  symbol: (name: string) => string,
  prefix: string,
): { readonly lines: string[]; readonly hoisted: Map<string, string> } {
  const counts = new Map<string, number>();
  const nodes = new Map<string, Expr>();
  const visit = (e: Expr): void => {
    if (e.k === 'num' || e.k === 'sym') return;
    const key = plainText(e, symbol);
    const seen = counts.get(key) ?? 0;
    counts.set(key, seen + 1);
    if (seen > 0) return; // children already counted once through the first occurrence
    nodes.set(key, e);
    if (e.k === 'neg' || e.k === 'not') visit(e.a);
    else if (e.k === 'call') e.args.forEach(visit);
    else if (e.k === 'cond') {
      visit(e.c);
      visit(e.a);
      visit(e.b);
    } else {
      visit(e.a);
      visit(e.b);
    }
  };
  roots.forEach(visit);
  const hoisted = new Map<string, string>();
  const lines: string[] = [];
  // children are visited after parents, so emit in reverse discovery order sorted by size (smaller first)
  const repeated = [...counts.entries()].filter(([key, n]) => n > 1 && nodes.get(key)?.k !== 'neg');
  repeated.sort((x, y) => x[0].length - y[0].length);
  for (const [key] of repeated) {
    const e = nodes.get(key);
    if (e === undefined) continue;
    const name = `${prefix}${hoisted.size}`;
    lines.push(`const ${name} = ${renderExpression(e, symbol, hoisted)};`);
    hoisted.set(key, name);
  }
  return { lines, hoisted };
}
