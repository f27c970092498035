import { SbmlError, SbmlErrorCode, UnsupportedSbmlError } from '../errors/sbml-error';
import type { SbmlModel, SbmlSpecies } from '../import/sbml-model';
import { astToJs, JS_HELPERS } from '../math/ast-to-js.util';
import { affineIn } from '../math/affine-in.util';
import { freeSymbols, rewriteOp, substitute, usesOp, type MathNode } from '../math/math-ast';
import { delayIndices, extractDelays } from './extract-delays';

/**
 * An SBML model compiled to straight-line JavaScript over one Float64Array `v` of symbol values (slots),
 * following the SBML L3V2 core semantics (§3.4.8 species in math, §4.6 species, §4.9 rules, §4.11 reactions).
 *
 * Reaction-changed species are integrated as amounts; their value in math is amount / compartment size,
 * so a varying compartment dilutes them as §4.6.5 and §4.11.7 require.
 */
export interface SpeciesSlots {
  readonly slot: number;
  readonly compartmentSlot: number;
  /** The species' value in math is an amount (hasOnlySubstanceUnits, or a 0-D compartment). */
  readonly valueIsAmount: boolean;
  /** Slot of the integrated amount when it differs from `slot`. */
  readonly amountSlot?: number;
}

export type ValueFn = (t: number, v: Float64Array) => number;
export type BoolFn = (t: number, v: Float64Array) => boolean;

export interface CompiledEvent {
  readonly id: string;
  readonly index: number;
  readonly trigger: BoolFn;
  readonly initialValue: boolean;
  readonly persistent: boolean;
  readonly delay?: ValueFn;
  readonly priority?: ValueFn;
  readonly useValuesFromTriggerTime: boolean;
  readonly assignments: readonly { readonly variable: string; readonly value: ValueFn }[];
}

export interface SbmlRuntime {
  readonly model: SbmlModel;
  readonly slotCount: number;
  slotOf(id: string): number | undefined;
  /** State i lives in slot stateSlots[i]. */
  readonly stateSlots: Int32Array;
  readonly species: ReadonlyMap<string, SpeciesSlots>;
  readonly events: readonly CompiledEvent[];
  readonly plan: SbmlPlan;
  /** Number of delay csymbol applications; the simulator answers them from its history. */
  readonly delayCount: number;
  /** Install (or remove) the history lookup that answers `delay(x, τ)` during a simulation. */
  setDelayLookup(lookup: DelayLookup | undefined): void;
  /** Delayed expression k on a slot vector whose states and constants hold its past values (rules recomputed in it). */
  pastValue(k: number, t: number, v: Float64Array): number;
  /** Delayed expression k at a time t before the start: the initial conditions evaluated at t, rates 0. */
  preStartValue(k: number, t: number): number;
  /** The lag τ of delay application k at (t, v). */
  lag(k: number, t: number, v: Float64Array): number;
  /** Slots of the factors on fast and slow reaction contributions, when the model has fast reactions. */
  readonly fastScaling?: { readonly fast: number; readonly slow: number; readonly speciesStates: readonly boolean[] };
  /** Whether the slot is integrated (a state) rather than derived or constant. */
  isState(slot: number): boolean;
  /** All slots at time t (initial assignments, rules and attribute values). */
  initialValues(t: number): Float64Array;
  /** Recompute every rule-determined slot and reaction rate from the state and constant slots. */
  derive(t: number, v: Float64Array): void;
  /** d(state)/dt into dy, from slots already derived. */
  derivatives(t: number, v: Float64Array, dy: Float64Array): void;
}

interface Item {
  readonly slot: number;
  readonly name: string;
  readonly deps: ReadonlySet<string>;
  readonly expr: MathNode;
}

/** The compiled model as math, before code generation: what `toModelSpec` translates. */
export interface SbmlPlan {
  /** Integrated quantities by slot name (an SBML id, or `amount:<species>`), with their derivatives. */
  readonly states: readonly { readonly name: string; readonly derivative: MathNode }[];
  /** Rule-determined values and reaction rates, in evaluation order. */
  readonly derived: readonly { readonly name: string; readonly expr: MathNode }[];
  /** Slots neither integrated nor derived (constants, and values only events change). */
  readonly constants: readonly string[];
}

const sym = (name: string): MathNode => ({ kind: 'sym', name });
const op = (o: string, ...args: MathNode[]): MathNode => ({ kind: 'op', op: o, args });
const numNode = (value: number): MathNode => ({ kind: 'num', value });

function orderItems(items: readonly Item[], what: string): Item[] {
  const byName = new Map(items.map((i) => [i.name, i]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: Item[] = [];
  const visit = (item: Item): void => {
    if (done.has(item.name)) return;
    if (visiting.has(item.name)) throw new SbmlError(SbmlErrorCode.Invalid, `cyclic dependency through "${item.name}" in ${what}`);
    visiting.add(item.name);
    for (const d of item.deps) {
      const dep = byName.get(d);
      if (dep && dep !== item) visit(dep);
    }
    visiting.delete(item.name);
    done.add(item.name);
    out.push(item);
  };
  for (const item of items) visit(item);
  return out;
}

/**
 * Fast reactions (L3V1 §4.11.3: in equilibrium on the slow reactions' time scale) as a singular perturbation
 * (Tikhonov 1952; Segel & Slemrod, SIAM Rev 1989;31:446–477): their contributions are sped up by 1/ε with
 * ε = 1e-6, so the stiff solver keeps the state within O(ε) of the slow manifold; the simulator first relaxes the
 * state onto it (slow reactions and rate rules frozen) at the start and after events.
 */
export const FAST_REACTION_SPEEDUP = 1e6;
const FAST_SCALE = 'fast:scale';
const SLOW_SCALE = 'slow:scale';

/** `D(k, t, τ, v)`: the value of delayed expression k at t − τ, answered by the simulator's history. */
type DelayFn = (k: number, t: number, tau: number, v: Float64Array) => number;

function makeFn<T>(body: string, delay: DelayFn): T {
  // Generated once per model; no SBML text reaches the code except through astToJs, which emits only
  // numbers, slot reads and a fixed set of operators.
  return new Function('H', 'D', `"use strict"; return ${body};`)(JS_HELPERS, delay) as T;
}

/** Where a delayed expression's past value comes from: set by the simulator while it integrates. */
export type DelayLookup = (k: number, past: number, t: number, v: Float64Array) => number;

export function buildSbmlRuntime(source: SbmlModel): SbmlRuntime {
  const { model, delayed, lags } = extractDelays(source);
  // Without a history (initial values), delay(x, τ) is x now: the history before the start is the initial state.
  let lookup: DelayLookup | undefined;
  const delayFn: DelayFn = (k, t, tau, v) => {
    if (inPreStart) return pastFns[k](t, Float64Array.from(v));
    if (lookup) return lookup(k, t - tau, t, v);
    return tau > 0 ? preStartValue(k, t - tau) : pastFns[k](t, Float64Array.from(v));
  };
  // Before the start the past is what the initial conditions give at that time (an initial assignment may
  // depend on time: SBML Test Suite 00942); a symbol whose initial value does not change has rate 0 there.
  // Delays inside that evaluation read its own present, so the past before the start does not recurse.
  let inPreStart = false;
  const preStartValue = (k: number, t: number): number => {
    inPreStart = true;
    try {
      const v = new Float64Array(slotCount);
      initFn(t, v);
      return preStartFns[k](t, v);
    } finally {
      inPreStart = false;
    }
  };
  let pastFns: ValueFn[] = [];
  let preStartFns: ValueFn[] = [];
  let slotCount = 0;
  const slots = new Map<string, number>();
  const addSlot = (name: string): number => {
    let s = slots.get(name);
    if (s === undefined) {
      s = slots.size;
      slots.set(name, s);
    }
    return s;
  };
  const compartments = new Map(model.compartments.map((c) => [c.id, c]));
  const speciesById = new Map(model.species.map((s) => [s.id, s]));
  const paramsById = new Map(model.parameters.map((p) => [p.id, p]));
  const refsById = new Map<string, { stoichiometry?: number; constant: boolean }>();
  for (const c of model.compartments) addSlot(c.id);
  for (const s of model.species) addSlot(s.id);
  for (const p of model.parameters) addSlot(p.id);
  for (const r of model.reactions) {
    for (const ref of [...r.reactants, ...r.products]) {
      if (ref.id) {
        addSlot(ref.id);
        refsById.set(ref.id, ref);
      }
    }
  }
  for (const r of model.reactions) addSlot(r.id);
  // Not SBML ids (SIds have no colon): the factors on fast and slow reactions' contributions (see FAST_SCALE).
  const hasFast = model.reactions.some((r) => r.fast);
  if (hasFast) {
    addSlot(FAST_SCALE);
    addSlot(SLOW_SCALE);
  }

  const js = (node: MathNode): string =>
    astToJs(node, {
      time: 't',
      delay: (index, tau) => `D(${index}, t, ${tau}, v)`,
      symbol: (name) => {
        const s = slots.get(name);
        if (s === undefined) throw new SbmlError(SbmlErrorCode.Invalid, `unknown symbol "${name}"`);
        return `v[${s}]`;
      },
    });

  const assignRules = new Map<string, MathNode>();
  const rateRules = new Map<string, MathNode>();
  for (const rule of model.rules) {
    if (rule.kind === 'assignment') assignRules.set(rule.variable, rule.math);
    if (rule.kind === 'rate') rateRules.set(rule.variable, rule.math);
    if (rule.kind !== 'algebraic' && !slots.has(rule.variable)) throw new SbmlError(SbmlErrorCode.Invalid, `rule for unknown variable "${rule.variable}"`);
  }
  const reactionChanged = new Set<string>();
  for (const r of model.reactions) {
    for (const ref of [...r.reactants, ...r.products]) {
      const s = speciesById.get(ref.species);
      if (!s) throw new SbmlError(SbmlErrorCode.Invalid, `reaction "${r.id}" names unknown species "${ref.species}"`);
      if (!s.boundaryCondition && !s.constant) reactionChanged.add(s.id);
    }
  }

  const isConstant = (id: string): boolean =>
    compartments.get(id)?.constant ?? speciesById.get(id)?.constant ?? paramsById.get(id)?.constant ?? refsById.get(id)?.constant ?? true;

  // Algebraic rules (§4.9.4): each solved for the one otherwise-undetermined symbol it mentions, if linear in it.
  // The pairing does not depend on document order: a rule whose other unknowns earlier rules fix is paired once
  // they are (x + y = 5 before y = 1 pairs y, then x), as a structural matching of rules to unknowns would.
  const algebraic = new Map<string, { readonly math: MathNode }>();
  const undetermined = (x: string): boolean =>
    slots.has(x) && !model.reactions.some((r) => r.id === x) && !isConstant(x) && !assignRules.has(x) && !rateRules.has(x) && !reactionChanged.has(x) && !algebraic.has(x);
  let unpaired = model.rules.flatMap((rule) => (rule.kind === 'algebraic' ? [rule.math] : []));
  while (unpaired.length > 0) {
    const next = unpaired.map((math) => ({ math, candidates: [...freeSymbols(math)].filter(undetermined) })).find((r) => r.candidates.length === 1);
    if (!next) {
      const candidates = [...new Set(unpaired.flatMap((math) => [...freeSymbols(math)].filter(undetermined)))];
      throw new UnsupportedSbmlError('algebraicRule', candidates.join(','), 'needs exactly one undetermined variable to solve for (coupled algebraic rules are not solved)');
    }
    const x = next.candidates[0];
    if (!affineIn(next.math, x)) throw new UnsupportedSbmlError('algebraicRule', x, 'not linear in the variable it determines');
    algebraic.set(x, { math: next.math });
    unpaired = unpaired.filter((math) => math !== next.math);
  }
  // Linear in x: f(x) = f(0) + (f(1) − f(0))·x, so the root is −f(0) / (f(1) − f(0)).
  const solveExpr = (x: string, math: MathNode): MathNode => {
    const at = (value: number): MathNode => substitute(math, new Map([[x, numNode(value)]]));
    return op('divide', op('minus', at(0)), op('minus', at(1), at(0)));
  };

  const species = new Map<string, SpeciesSlots>();
  const derived: Item[] = [];
  const states: number[] = [];
  const stateNames: string[] = [];
  const stateDerivative: MathNode[] = [];
  const addState = (name: string, derivative: MathNode): void => {
    states.push(slots.get(name)!);
    stateNames.push(name);
    stateDerivative.push(derivative);
  };
  const compartmentOf = (s: SbmlSpecies): number => {
    const c = slots.get(s.compartment);
    if (c === undefined) throw new SbmlError(SbmlErrorCode.Invalid, `species "${s.id}" in unknown compartment "${s.compartment}"`);
    return c;
  };

  // Reaction contributions to each species amount, scaled by the conversion factor (§4.11.7).
  const amountChange = new Map<string, MathNode[]>();
  for (const r of model.reactions) {
    const add = (species: string, sign: number, ref: { id?: string; stoichiometry?: number }): void => {
      const sp = speciesById.get(species);
      if (!sp || sp.boundaryCondition || sp.constant) return;
      const factors: MathNode[] = [ref.id ? sym(ref.id) : numNode(ref.stoichiometry ?? 1), sym(r.id)];
      if (hasFast) factors.push(sym(r.fast ? FAST_SCALE : SLOW_SCALE));
      const factorId = sp.conversionFactor ?? model.conversionFactor;
      if (factorId) {
        if (!slots.has(factorId)) throw new SbmlError(SbmlErrorCode.Invalid, `unknown conversion factor "${factorId}"`);
        factors.push(sym(factorId));
      }
      const term = op('times', ...factors);
      const list = amountChange.get(species) ?? [];
      list.push(sign < 0 ? op('minus', term) : term);
      amountChange.set(species, list);
    };
    for (const ref of r.reactants) add(ref.species, -1, ref);
    for (const ref of r.products) add(ref.species, +1, ref);
  }

  const ruleItem = (id: string): Item | undefined => {
    const slot = slots.get(id)!;
    const a = assignRules.get(id);
    if (a) return { slot, name: id, deps: freeSymbols(a), expr: a };
    const alg = algebraic.get(id);
    if (alg) {
      const deps = freeSymbols(alg.math);
      deps.delete(id);
      return { slot, name: id, deps, expr: solveExpr(id, alg.math) };
    }
    return undefined;
  };

  for (const id of [...model.compartments.map((c) => c.id), ...model.parameters.map((p) => p.id), ...refsById.keys()]) {
    const item = ruleItem(id);
    if (item) derived.push(item);
    else if (rateRules.has(id)) addState(id, rateRules.get(id)!);
  }
  for (const s of model.species) {
    const slot = slots.get(s.id)!;
    const compartmentSlot = compartmentOf(s);
    const valueIsAmount = s.hasOnlySubstanceUnits || compartments.get(s.compartment)?.spatialDimensions === 0;
    const item = ruleItem(s.id);
    if (item) {
      derived.push(item);
      species.set(s.id, { slot, compartmentSlot, valueIsAmount });
    } else if (rateRules.has(s.id)) {
      addState(s.id, rateRules.get(s.id)!);
      species.set(s.id, { slot, compartmentSlot, valueIsAmount });
    } else {
      const change = amountChange.get(s.id);
      const d: MathNode = change ? op('plus', ...change) : numNode(0);
      if (valueIsAmount) {
        addState(s.id, d);
        species.set(s.id, { slot, compartmentSlot, valueIsAmount });
      } else {
        const amountSlot = addSlot(`amount:${s.id}`);
        addState(`amount:${s.id}`, d);
        derived.push({ slot, name: s.id, deps: new Set([`amount:${s.id}`, s.compartment]), expr: op('divide', sym(`amount:${s.id}`), sym(s.compartment)) });
        species.set(s.id, { slot, compartmentSlot, valueIsAmount, amountSlot });
      }
    }
  }
  for (const r of model.reactions) {
    derived.push({ slot: slots.get(r.id)!, name: r.id, deps: r.rate ? freeSymbols(r.rate) : new Set(), expr: r.rate ?? numNode(0) });
  }
  for (const x of rateRules.keys()) {
    if (assignRules.has(x) || algebraic.has(x)) throw new SbmlError(SbmlErrorCode.Invalid, `"${x}" has both a rate rule and another rule`);
  }

  // rateOf (§3.4.6, L3V2): replaced by the symbol's derivative. A species integrated as an amount in a
  // compartment of size V has d[S]/dt = (dA/dt)/V − [S]·(dV/dt)/V; constants (between events) give 0.
  const derivativeOf = new Map(stateNames.map((name, i) => [name, stateDerivative[i]]));
  const derivedNames = new Set(derived.map((d) => d.name));
  const rateOfSymbol = (x: string, depth: number): MathNode => {
    if (depth > 32) throw new SbmlError(SbmlErrorCode.Invalid, `rateOf nests too deep through "${x}"`);
    const d = derivativeOf.get(x);
    if (d) return expandRateOf(d, depth + 1);
    const sp = species.get(x);
    if (sp?.amountSlot !== undefined) {
      const c = speciesById.get(x)!.compartment;
      const dAmount = expandRateOf(derivativeOf.get(`amount:${x}`)!, depth + 1);
      return op('minus', op('divide', dAmount, sym(c)), op('divide', op('times', sym(x), rateOfSymbol(c, depth + 1)), sym(c)));
    }
    if (derivedNames.has(x)) throw new UnsupportedSbmlError('rateOf', x, 'rate of change of a rule-determined value');
    if (!slots.has(x)) throw new SbmlError(SbmlErrorCode.Invalid, `rateOf of unknown symbol "${x}"`);
    return numNode(0);
  };
  const expandRateOf = (node: MathNode, depth = 0): MathNode =>
    usesOp(node, 'rateOf')
      ? rewriteOp(node, 'rateOf', (args) => {
          const [x] = args;
          if (args.length !== 1 || x.kind !== 'sym') throw new UnsupportedSbmlError('rateOf', undefined, 'argument must be a single symbol');
          return rateOfSymbol(x.name, depth);
        })
      : node;
  const withRates = (i: Item): Item => {
    if (!usesOp(i.expr, 'rateOf')) return i;
    const expr = expandRateOf(i.expr);
    const deps = freeSymbols(expr);
    deps.delete(i.name);
    return { ...i, expr, deps };
  };
  derived.splice(0, derived.length, ...derived.map(withRates));
  stateDerivative.forEach((d, i) => (stateDerivative[i] = expandRateOf(d)));

  const orderedDerived = orderItems(derived, 'assignment rules and reaction rates');
  const deriveFn = makeFn<(t: number, v: Float64Array) => void>(
    `function derive(t, v) {\n${orderedDerived.map((i) => `  v[${i.slot}] = ${js(i.expr)};`).join('\n')}\n}`,
    delayFn,
  );
  const derivFn = makeFn<(t: number, v: Float64Array, dy: Float64Array) => void>(
    `function derivatives(t, v, dy) {\n${stateDerivative.map((d, i) => `  dy[${i}] = ${js(d)};`).join('\n')}\n}`,
    delayFn,
  );

  // Initial values (§4.8, §4.9): initial assignments and rules hold at the start; attributes fill the rest.
  const initialAssignments = new Map(model.initialAssignments.map((ia) => [ia.symbol, ia.math]));
  const initItems: Item[] = [];
  const constItem = (id: string, value: number | undefined): Item => ({ slot: slots.get(id)!, name: id, deps: new Set(), expr: numNode(value ?? NaN) });
  const initOf = (id: string, fallback: () => Item): Item => {
    const ia = initialAssignments.get(id);
    if (ia) return { slot: slots.get(id)!, name: id, deps: freeSymbols(ia), expr: ia };
    return ruleItem(id) ?? fallback();
  };
  for (const c of model.compartments) initItems.push(initOf(c.id, () => constItem(c.id, c.size ?? (c.spatialDimensions === 0 ? 1 : undefined))));
  for (const p of model.parameters) initItems.push(initOf(p.id, () => constItem(p.id, p.value)));
  for (const [id, ref] of refsById) initItems.push(initOf(id, () => constItem(id, ref.stoichiometry ?? 1)));
  for (const s of model.species) {
    const info = species.get(s.id)!;
    const slot = info.slot;
    initItems.push(
      initOf(s.id, (): Item => {
        const c = sym(s.compartment);
        if (s.initialAmount !== undefined) {
          return info.valueIsAmount
            ? constItem(s.id, s.initialAmount)
            : { slot, name: s.id, deps: new Set([s.compartment]), expr: op('divide', numNode(s.initialAmount), c) };
        }
        if (s.initialConcentration !== undefined) {
          return info.valueIsAmount
            ? { slot, name: s.id, deps: new Set([s.compartment]), expr: op('times', numNode(s.initialConcentration), c) }
            : constItem(s.id, s.initialConcentration);
        }
        return constItem(s.id, undefined);
      }),
    );
    if (info.amountSlot !== undefined) {
      initItems.push({ slot: info.amountSlot, name: `amount:${s.id}`, deps: new Set([s.id, s.compartment]), expr: op('times', sym(s.id), sym(s.compartment)) });
    }
  }
  for (const r of model.reactions) initItems.push(derived.find((d) => d.name === r.id)!);
  if (hasFast) initItems.push(constItem(FAST_SCALE, FAST_REACTION_SPEEDUP), constItem(SLOW_SCALE, 1));
  // At the start delay(x, τ) is x's initial value, so x must be computed first.
  const withDelayDeps = (i: Item): Item => {
    const ks = delayIndices(i.expr);
    if (ks.size === 0) return i;
    const deps = new Set(i.deps);
    const visit = (k: number, seen: Set<number>): void => {
      if (seen.has(k)) return;
      seen.add(k);
      for (const d of freeSymbols(delayed[k])) deps.add(d);
      for (const j of delayIndices(delayed[k])) visit(j, seen);
    };
    for (const k of ks) visit(k, new Set());
    deps.delete(i.name);
    return { ...i, deps };
  };
  const orderedInit = orderItems(initItems.map(withRates).map(withDelayDeps), 'initial assignments');
  const initFn = makeFn<(t: number, v: Float64Array) => void>(
    `function init(t, v) {\n${orderedInit.map((i) => `  v[${i.slot}] = ${js(i.expr)};`).join('\n')}\n}`,
    delayFn,
  );

  const valueFn = (node: MathNode): ValueFn => makeFn<ValueFn>(`function (t, v) { return ${js(expandRateOf(node))}; }`, delayFn);
  // Each delayed expression evaluated on a slot vector whose states and constants are set: only the rules and
  // rates it needs are recomputed, so nested delays do not branch into every other rule.
  const derivedByName = new Map(orderedDerived.map((i, order) => [i.name, { item: i, order }]));
  pastFns = delayed.map((x) => {
    const expr = expandRateOf(x);
    const needed = new Map<string, number>();
    const visit = (name: string): void => {
      const d = derivedByName.get(name);
      if (!d || needed.has(name)) return;
      needed.set(name, d.order);
      for (const dep of d.item.deps) visit(dep);
    };
    for (const name of freeSymbols(expr)) visit(name);
    const items = [...needed.entries()].sort((a, b) => a[1] - b[1]).map(([name]) => derivedByName.get(name)!.item);
    return makeFn<ValueFn>(`function (t, v) {\n${items.map((i) => `  v[${i.slot}] = ${js(i.expr)};`).join('\n')}\n  return ${js(expr)};\n}`, delayFn);
  });
  const lagFns = lags.map((l) => valueFn(l));
  preStartFns = delayed.map((x) => valueFn(rewriteOp(x, 'rateOf', () => numNode(0))));
  const events: CompiledEvent[] = model.events.map((e, index) => {
    for (const a of e.assignments) {
      if (!slots.has(a.variable)) throw new UnsupportedSbmlError('eventAssignment', a.variable, 'assigns an unknown or non-assignable symbol');
      if (assignRules.has(a.variable) || algebraic.has(a.variable)) throw new SbmlError(SbmlErrorCode.Invalid, `event assigns "${a.variable}", which a rule determines`);
    }
    return {
      id: e.id ?? `event#${index}`,
      index,
      trigger: makeFn<BoolFn>(`function (t, v) { return Boolean(${js(expandRateOf(e.trigger))}); }`, delayFn),
      initialValue: e.initialValue,
      persistent: e.persistent,
      delay: e.delay ? valueFn(e.delay) : undefined,
      priority: e.priority ? valueFn(e.priority) : undefined,
      useValuesFromTriggerTime: e.useValuesFromTriggerTime,
      assignments: e.assignments.map((a) => ({ variable: a.variable, value: valueFn(a.math) })),
    };
  });

  slotCount = slots.size;
  return {
    model,
    slotCount,
    slotOf: (id) => slots.get(id),
    stateSlots: Int32Array.from(states),
    species,
    events,
    plan: {
      states: stateNames.map((name, i) => ({ name, derivative: stateDerivative[i] })),
      derived: orderedDerived.map((i) => ({ name: i.name, expr: i.expr })),
      constants: [...slots.keys()].filter((name) => !stateNames.includes(name) && !orderedDerived.some((i) => i.name === name)),
    },
    isState: (slot) => states.includes(slot),
    fastScaling: hasFast
      ? { fast: slots.get(FAST_SCALE)!, slow: slots.get(SLOW_SCALE)!, speciesStates: stateNames.map((name) => name.startsWith('amount:') || (species.has(name) && !rateRules.has(name))) }
      : undefined,
    delayCount: delayed.length,
    setDelayLookup: (l) => {
      lookup = l;
    },
    pastValue: (k, t, v) => pastFns[k](t, v),
    preStartValue,
    lag: (k, t, v) => lagFns[k](t, v),
    initialValues(t) {
      const v = new Float64Array(slotCount);
      initFn(t, v);
      return v;
    },
    derive: deriveFn,
    derivatives: derivFn,
  };
}
