import { SbmlError, SbmlErrorCode, UnsupportedSbmlError } from '../errors/sbml-error';
import { substitute, type LambdaDefinition, type MathNode } from '../math/math-ast';
import { mathmlToAst, readLambda } from '../math/mathml-to-ast.util';
import { flattenComp, type CompAlias, type ExternalSource } from '../comp/flatten-comp';
import { child, listOf, parseXml, type XmlElement } from '../xml/xml-tree.util';
import type {
  SbmlCompartment,
  SbmlEvent,
  SbmlModel,
  SbmlParameter,
  SbmlReaction,
  SbmlRule,
  SbmlSpecies,
  SbmlSpeciesReference,
} from './sbml-model';

/** XML Schema doubles (SBML L3V2 §3.1.5): decimal or e-notation, and the special values INF, -INF and NaN. */
export function parseXsdDouble(raw: string): number {
  const s = raw.trim();
  if (s === 'INF' || s === '+INF') return Infinity;
  if (s === '-INF') return -Infinity;
  if (s === 'NaN') return NaN;
  return s === '' || /^[+-]?inf/i.test(s) ? NaN : Number(s);
}

function num(el: XmlElement, attr: string): number | undefined {
  const raw = el.attrs[attr];
  if (raw === undefined) return undefined;
  const value = parseXsdDouble(raw);
  if (Number.isNaN(value) && raw.trim() !== 'NaN') {
    throw new SbmlError(SbmlErrorCode.Malformed, `<${el.name}> ${attr}="${raw}" is not a number`);
  }
  return value;
}

function bool(el: XmlElement, attr: string, fallback: boolean): boolean {
  const raw = el.attrs[attr];
  return raw === undefined ? fallback : raw.trim() === 'true' || raw.trim() === '1';
}

function requireId(el: XmlElement, attr = 'id'): string {
  const id = el.attrs[attr];
  if (!id) throw new SbmlError(SbmlErrorCode.Malformed, `<${el.name}> without ${attr}`);
  return id;
}

/** Inline every call of a function definition, innermost first (SBML L3V2 §4.3: no recursion allowed). */
function inline(node: MathNode, fns: ReadonlyMap<string, LambdaDefinition>, depth = 0): MathNode {
  if (depth > 64) throw new SbmlError(SbmlErrorCode.Invalid, 'function definitions nest too deep (recursion?)');
  switch (node.kind) {
    case 'call': {
      const fn = fns.get(node.fn);
      if (!fn) throw new SbmlError(SbmlErrorCode.Invalid, `call of undefined function "${node.fn}"`);
      if (fn.params.length !== node.args.length) {
        throw new SbmlError(SbmlErrorCode.Invalid, `function "${node.fn}" takes ${fn.params.length} arguments, got ${node.args.length}`);
      }
      const bindings = new Map<string, MathNode>();
      fn.params.forEach((p, i) => bindings.set(p, inline(node.args[i], fns, depth)));
      return inline(substitute(fn.body, bindings), fns, depth + 1);
    }
    case 'op':
      return { kind: 'op', op: node.op, args: node.args.map((a) => inline(a, fns, depth)) };
    case 'piecewise':
      return {
        kind: 'piecewise',
        pieces: node.pieces.map((p) => ({ value: inline(p.value, fns, depth), when: inline(p.when, fns, depth) })),
        otherwise: node.otherwise ? inline(node.otherwise, fns, depth) : undefined,
      };
    default:
      return node;
  }
}

/** Read math and refuse what the simulator cannot do faithfully. */
function readMath(owner: XmlElement, fns: ReadonlyMap<string, LambdaDefinition>, ownerId: string | undefined): MathNode {
  const math = child(owner, 'math');
  if (!math) throw new SbmlError(SbmlErrorCode.Malformed, `<${owner.name}>${ownerId ? ` "${ownerId}"` : ''} has no <math>`);
  return inline(mathmlToAst(math), fns);
}

function readSpeciesRef(el: XmlElement, reactionId: string): SbmlSpeciesReference {
  if (child(el, 'stoichiometryMath')) throw new UnsupportedSbmlError('stoichiometryMath', reactionId, 'Level 2 construct');
  return {
    id: el.attrs['id'],
    species: requireId(el, 'species'),
    stoichiometry: num(el, 'stoichiometry'),
    constant: bool(el, 'constant', true),
  };
}

function readReaction(el: XmlElement, fns: ReadonlyMap<string, LambdaDefinition>): SbmlReaction {
  const id = requireId(el);
  const law = child(el, 'kineticLaw');
  let rate: MathNode | undefined;
  if (law && child(law, 'math')) {
    const locals = new Map<string, MathNode>();
    for (const lp of [...listOf(law, 'listOfLocalParameters', 'localParameter'), ...listOf(law, 'listOfParameters', 'parameter')]) {
      const value = num(lp, 'value');
      if (value === undefined) throw new UnsupportedSbmlError('localParameter', lp.attrs['id'], 'local parameter without a value');
      locals.set(requireId(lp), { kind: 'num', value });
    }
    // Local parameters shadow global ids inside this kinetic law only (§4.11.5.1).
    rate = substitute(readMath(law, fns, id), locals);
  }
  return {
    id,
    reactants: listOf(el, 'listOfReactants', 'speciesReference').map((r) => readSpeciesRef(r, id)),
    products: listOf(el, 'listOfProducts', 'speciesReference').map((r) => readSpeciesRef(r, id)),
    modifiers: listOf(el, 'listOfModifiers', 'modifierSpeciesReference').map((m) => requireId(m, 'species')),
    rate,
    fast: bool(el, 'fast', false),
  };
}

function readEvent(el: XmlElement, fns: ReadonlyMap<string, LambdaDefinition>): SbmlEvent {
  const id = el.attrs['id'];
  // L3V2 makes the trigger optional (§4.12.2): an event without one (or without its math) never fires.
  const trigger = child(el, 'trigger');
  const delay = child(el, 'delay');
  const priority = child(el, 'priority');
  return {
    id,
    trigger: trigger && child(trigger, 'math') ? readMath(trigger, fns, id) : { kind: 'bool', value: false },
    // L3V1 requires both attributes; the fallbacks are the L2 semantics.
    initialValue: trigger ? bool(trigger, 'initialValue', true) : true,
    persistent: trigger ? bool(trigger, 'persistent', true) : true,
    delay: delay && child(delay, 'math') ? readMath(delay, fns, id) : undefined,
    priority: priority && child(priority, 'math') ? readMath(priority, fns, id) : undefined,
    useValuesFromTriggerTime: bool(el, 'useValuesFromTriggerTime', true),
    assignments: listOf(el, 'listOfEventAssignments', 'eventAssignment')
      .filter((a) => child(a, 'math'))
      .map((a) => ({ variable: requireId(a, 'variable'), math: readMath(a, fns, id) })),
  };
}

function readRule(el: XmlElement, fns: ReadonlyMap<string, LambdaDefinition>): SbmlRule | undefined {
  if (!child(el, 'math')) return undefined; // L3V2 allows a rule without math: it has no effect (§4.9).
  switch (el.name) {
    case 'assignmentRule':
      return { kind: 'assignment', variable: requireId(el, 'variable'), math: readMath(el, fns, el.attrs['variable']) };
    case 'rateRule':
      return { kind: 'rate', variable: requireId(el, 'variable'), math: readMath(el, fns, el.attrs['variable']) };
    case 'algebraicRule':
      return { kind: 'algebraic', math: readMath(el, fns, el.attrs['id'] ?? el.attrs['metaid']) };
    default:
      return undefined;
  }
}

/** Level 3 packages the importer understands: comp is flattened, fbc read for flux balance (`importFbc`). */
const KNOWN_PACKAGES = new Set(['comp', 'fbc']);

/** The Level 3 packages a document declares (by namespace prefix → package name) and which it marks required. */
export function declaredPackages(xml: string): { readonly declared: ReadonlyMap<string, string>; readonly required: readonly string[] } {
  const head = /<sbml\b[^>]*>/.exec(xml)?.[0] ?? '';
  const declared = new Map<string, string>();
  for (const m of head.matchAll(/xmlns:(\w+)\s*=\s*"http:\/\/www\.sbml\.org\/sbml\/level3\/version\d\/(\w+)\/version\d"/g)) declared.set(m[1], m[2]);
  const required = [...head.matchAll(/(\w+):required\s*=\s*"(true|1)"/g)].map((m) => declared.get(m[1]) ?? m[1]);
  return { declared, required };
}

export interface ImportSbmlOptions {
  /** Text of a comp external model definition's `source`; without it such submodels are refused. */
  readonly externalSource?: ExternalSource;
}

/**
 * Parse an SBML Level 3 (version 1 or 2) or Level 2 core document; hierarchical models (comp) are flattened first.
 * Throws `UnsupportedSbmlError` for constructs that would otherwise be mis-simulated (unknown required
 * packages, nonlinear algebraic rules, …).
 */
export function importSbml(xml: string, options: ImportSbmlOptions = {}): SbmlModel {
  const root = parseXml(xml);
  if (root.name !== 'sbml') throw new SbmlError(SbmlErrorCode.Malformed, `root element is <${root.name}>, not <sbml>`);
  const level = Number(root.attrs['level']);
  const version = Number(root.attrs['version']);
  // Level 2 (versions 1–5) reads with the same reader: its elements are L3's, and where L3 made an attribute
  // required the reader's fallbacks are the L2 defaults (constant compartments and parameters, persistent
  // triggers with initialValue true, useValuesFromTriggerTime true), as libSBML's L2 → L3 conversion sets them.
  // Level 1 (other element names, infix formulas) is refused.
  const l3 = level === 3 && (version === 1 || version === 2);
  const l2 = level === 2 && version >= 1 && version <= 5;
  if (!l3 && !l2) {
    throw new UnsupportedSbmlError('sbml', `L${root.attrs['level']}V${root.attrs['version']}`, 'only SBML Level 2 (versions 1–5) and Level 3 (versions 1 and 2) core are read');
  }
  const { required } = declaredPackages(xml);
  const unknown = required.filter((p) => !KNOWN_PACKAGES.has(p));
  if (unknown.length > 0) throw new UnsupportedSbmlError('sbml', undefined, `the required SBML Level 3 package(s) ${unknown.join(', ')} are not simulated`);
  let model = child(root, 'model');
  if (!model) throw new SbmlError(SbmlErrorCode.Malformed, 'no <model>');
  let aliases: ReadonlyMap<string, CompAlias> = new Map();
  if (child(model, 'listOfSubmodels') || child(root, 'listOfModelDefinitions') || child(root, 'listOfExternalModelDefinitions')) {
    const flat = flattenComp(root, options.externalSource, parseXml);
    model = flat.model;
    aliases = flat.aliases;
  }

  const fns = new Map<string, LambdaDefinition>();
  for (const fd of listOf(model, 'listOfFunctionDefinitions', 'functionDefinition')) {
    const id = requireId(fd);
    const math = child(fd, 'math');
    if (!math) continue;
    fns.set(id, readLambda(math, id));
  }

  const compartments: SbmlCompartment[] = listOf(model, 'listOfCompartments', 'compartment').map((c) => ({
    id: requireId(c),
    size: num(c, 'size'),
    spatialDimensions: num(c, 'spatialDimensions'),
    constant: bool(c, 'constant', true),
  }));
  const species: SbmlSpecies[] = listOf(model, 'listOfSpecies', 'species').map((s) => ({
    id: requireId(s),
    compartment: requireId(s, 'compartment'),
    initialAmount: num(s, 'initialAmount'),
    initialConcentration: num(s, 'initialConcentration'),
    hasOnlySubstanceUnits: bool(s, 'hasOnlySubstanceUnits', false),
    boundaryCondition: bool(s, 'boundaryCondition', false),
    constant: bool(s, 'constant', false),
    conversionFactor: s.attrs['conversionFactor'],
  }));
  const parameters: SbmlParameter[] = listOf(model, 'listOfParameters', 'parameter').map((p) => ({
    id: requireId(p),
    value: num(p, 'value'),
    constant: bool(p, 'constant', true),
  }));
  const reactions = listOf(model, 'listOfReactions', 'reaction').map((r) => readReaction(r, fns));
  // An initial assignment without math has no effect (L3V2 §4.8).
  const initialAssignments = listOf(model, 'listOfInitialAssignments', 'initialAssignment').filter((ia) => child(ia, 'math')).map((ia) => ({
    symbol: requireId(ia, 'symbol'),
    math: readMath(ia, fns, ia.attrs['symbol']),
  }));
  const rules = (child(model, 'listOfRules')?.children ?? []).map((r) => readRule(r, fns)).filter((r): r is SbmlRule => r !== undefined);
  const events = listOf(model, 'listOfEvents', 'event').map((e) => readEvent(e, fns));
  return {
    id: model.attrs['id'],
    name: model.attrs['name'],
    level,
    version,
    functionDefinitions: fns,
    compartments,
    species,
    parameters,
    reactions,
    initialAssignments,
    rules,
    events,
    conversionFactor: model.attrs['conversionFactor'],
    aliases,
  };
}
