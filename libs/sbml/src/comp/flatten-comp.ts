import { SbmlError, SbmlErrorCode, UnsupportedSbmlError } from '../errors/sbml-error';
import { child, type XmlElement } from '../xml/xml-tree.util';

/**
 * Flattening of SBML Level 3 hierarchical model composition ("comp" package, version 1: Smith, Hucka, Hoops et al.,
 * J Integr Bioinform 2015;12(2):268, §3 and Appendix "flattening"), done on the XML tree as libSBML's
 * CompFlatteningConverter does on its object tree:
 *
 * 1. every submodel is instantiated from its model definition, itself flattened first (recursively);
 * 2. its deletions remove the elements they point to;
 * 3. its time and extent conversion factors rewrite its math (time → time / t_f; kinetic laws × x_f / t_f;
 *    rate rules / t_f; delays × t_f; rateOf × t_f);
 * 4. every id (and metaid) in it is prefixed with `<submodel id>__`, libSBML's naming;
 * 5. replacements: an element with a `replacedElement` takes the place of the element it points to, which is removed;
 *    reads of the replaced id become reads of the replacement divided by the conversion factor, and assignments
 *    to it become assignments to the replacement multiplied by it (§3.6.5). An element with a `replacedBy` is
 *    removed and the element it points to takes its id.
 *
 * Replaced ids stay readable as aliases (the suite reports `sub1__S1` after S1 replaced it).
 */

/** A removed id that still reads as `to` / Π divisors. */
export interface CompAlias {
  readonly to: string;
  readonly divisors: readonly string[];
}

export interface FlatDocument {
  /** The flat `<model>` element, without comp constructs. */
  readonly model: XmlElement;
  readonly aliases: ReadonlyMap<string, CompAlias>;
}

/** Reads the text of an external model definition's `source`; undefined when it cannot be had. */
export type ExternalSource = (source: string) => string | undefined;

type Mutable = { name: string; attrs: Record<string, string>; children: Mutable[]; texts: string[] };

const SEP = '__';
const CORE_LISTS = [
  'listOfFunctionDefinitions',
  'listOfUnitDefinitions',
  'listOfCompartments',
  'listOfSpecies',
  'listOfParameters',
  'listOfInitialAssignments',
  'listOfRules',
  'listOfConstraints',
  'listOfReactions',
  'listOfEvents',
];
/** Attributes that hold an SId of the same model (SBML L3V2 core; units are not simulated and are left alone). */
const ID_REF_ATTRS: Readonly<Record<string, readonly string[]>> = {
  species: ['compartment', 'conversionFactor'],
  reaction: ['compartment'],
  speciesReference: ['species'],
  modifierSpeciesReference: ['species'],
  assignmentRule: ['variable'],
  rateRule: ['variable'],
  initialAssignment: ['symbol'],
  eventAssignment: ['variable'],
};
const ASSIGNING = new Set(['assignmentRule', 'rateRule', 'initialAssignment', 'eventAssignment']);

function clone(el: XmlElement): Mutable {
  return { name: el.name, attrs: { ...el.attrs }, children: el.children.map(clone), texts: [...el.texts] };
}

function mk(name: string, children: Mutable[] = [], attrs: Record<string, string> = {}, texts: string[] = []): Mutable {
  return { name, attrs, children, texts };
}
const ci = (id: string): Mutable => mk('ci', [], {}, [id]);
const apply = (op: string, ...args: Mutable[]): Mutable => mk('apply', [mk(op), ...args]);
const timeSymbol = (): Mutable => mk('csymbol', [], { encoding: 'text', definitionURL: 'http://www.sbml.org/sbml/symbols/time' }, ['time']);

function walk(el: Mutable, visit: (el: Mutable) => void): void {
  visit(el);
  for (const c of el.children) walk(c, visit);
}

/** One flattened model: its element lists, aliases of removed ids, and its ports resolved to paths. */
interface Flat {
  lists: Map<string, Mutable[]>;
  aliases: Map<string, CompAlias>;
  /** Port id → the (flat) element it exposes. */
  ports: Map<string, Mutable>;
  conversionFactor?: string;
}

interface Context {
  readonly definitions: ReadonlyMap<string, XmlElement>;
}

/** Flatten a `<sbml>` document that uses comp; documents without submodels come back with their model as is. */
export function flattenComp(root: XmlElement, external?: ExternalSource, parse?: (xml: string) => XmlElement): FlatDocument {
  const model = child(root, 'model');
  if (!model) throw new SbmlError(SbmlErrorCode.Malformed, 'no <model>');
  const definitions = new Map<string, XmlElement>();
  for (const d of child(root, 'listOfModelDefinitions')?.children ?? []) if (d.attrs['id']) definitions.set(d.attrs['id'], d);
  for (const d of child(root, 'listOfExternalModelDefinitions')?.children ?? []) {
    const id = d.attrs['id'];
    const source = d.attrs['source'];
    const text = source && external && parse ? external(source) : undefined;
    if (!id) continue;
    if (text === undefined || !parse) {
      // Kept as a marker: refused only if a submodel instantiates it.
      definitions.set(id, { name: 'externalModelDefinition', attrs: d.attrs, children: [], texts: [] });
      continue;
    }
    const doc = parse(text);
    const ref = d.attrs['modelRef'];
    const inner = [child(doc, 'model'), ...(child(doc, 'listOfModelDefinitions')?.children ?? [])].find((m) => m && (!ref || m.attrs['id'] === ref));
    if (!inner) throw new SbmlError(SbmlErrorCode.Invalid, `external model definition "${id}": no model "${ref ?? ''}" in ${source}`);
    definitions.set(id, inner);
  }
  const flat = flattenModel(model, { definitions }, []);
  const lists = CORE_LISTS.filter((l) => (flat.lists.get(l)?.length ?? 0) > 0).map((l) => mk(l, flat.lists.get(l)!));
  const attrs = { ...model.attrs };
  if (flat.conversionFactor) attrs['conversionFactor'] = flat.conversionFactor;
  return { model: mk('model', lists, attrs), aliases: flat.aliases };
}

function flattenModel(def: XmlElement, ctx: Context, stack: readonly string[]): Flat {
  const lists = new Map<string, Mutable[]>();
  for (const name of CORE_LISTS) lists.set(name, (child(def, name)?.children ?? []).map(clone));
  const aliases = new Map<string, CompAlias>();
  const subs = new Map<string, Flat>();
  const nestedPorts = new Map<string, Mutable>();

  for (const sm of child(def, 'listOfSubmodels')?.children ?? []) {
    const sid = sm.attrs['id'];
    const ref = sm.attrs['modelRef'];
    if (!sid || !ref) throw new SbmlError(SbmlErrorCode.Malformed, '<submodel> without id or modelRef');
    const subDef = ctx.definitions.get(ref);
    if (!subDef) throw new SbmlError(SbmlErrorCode.Invalid, `submodel "${sid}" instantiates unknown model "${ref}"`);
    if (subDef.name === 'externalModelDefinition') {
      throw new UnsupportedSbmlError('externalModelDefinition', ref, `its source "${subDef.attrs['source'] ?? ''}" is not available to the importer`);
    }
    if (stack.includes(ref)) throw new SbmlError(SbmlErrorCode.Invalid, `model "${ref}" instantiates itself through submodels`);
    const sub = flattenModel(subDef, ctx, [...stack, ref]);
    for (const del of child(sm, 'listOfDeletions')?.children ?? []) removeElement(sub, resolvePath(sub, del, '', ''));
    const tcf = sm.attrs['timeConversionFactor'];
    const xcf = sm.attrs['extentConversionFactor'];
    // The model-wide species conversion factor of the definition becomes explicit on its species.
    if (sub.conversionFactor) {
      for (const sp of sub.lists.get('listOfSpecies')!) sp.attrs['conversionFactor'] ??= sub.conversionFactor;
    }
    prefix(sub, `${sid}${SEP}`);
    if (tcf || xcf) convertUnits(sub, tcf, xcf);
    for (const [name, items] of sub.lists) lists.get(name)!.push(...items);
    for (const [from, a] of sub.aliases) aliases.set(from, a);
    for (const [k, el] of sub.ports) nestedPorts.set(`${sid}${SEP}${k}`, el);
    subs.set(sid, sub);
  }

  const flat: Flat = { lists, aliases, ports: nestedPorts, conversionFactor: def.attrs['conversionFactor'] };
  // Replacements declared by this model's own elements (those of submodels were done in their flattening).
  const redirects = new Map<string, { to: string; factor?: string }>();
  const removed = new Set<Mutable>();
  const renames: { el: Mutable; id: string }[] = [];
  // This model's own elements come first in each list, before the submodels' instances.
  const own = CORE_LISTS.flatMap((l) => lists.get(l)!.slice(0, (child(def, l)?.children ?? []).length));
  for (const host of own) {
    const hosts = [host, ...descendantsWithComp(host)];
    for (const h of hosts) {
      const hid = h.attrs['id'];
      for (const re of child(h, 'listOfReplacedElements')?.children ?? []) {
        // A replacement of a deletion (comp §3.6.2) replaces nothing that is still there.
        if (re.attrs['deletion'] !== undefined) continue;
        const target = resolveIn(re);
        removed.add(target);
        const tid = target.attrs['id'];
        if (tid && hid) redirects.set(tid, { to: hid, factor: re.attrs['conversionFactor'] });
      }
      const rb = child(h, 'replacedBy');
      if (rb && hid) {
        const target = resolveIn(rb);
        removed.add(h);
        const tid = target.attrs['id'];
        if (tid) {
          redirects.set(tid, { to: hid });
          renames.push({ el: target, id: hid });
        }
      }
    }
  }
  for (const [name, items] of lists) lists.set(name, items.filter((el) => !removed.has(el)));
  for (const r of renames) r.el.attrs['id'] = r.id;
  // Removed children (a delay, an event assignment…) of elements that stay.
  for (const items of lists.values()) for (const el of items) pruneRemoved(el, removed);
  if (redirects.size > 0) applyRedirects(flat, redirects);
  for (const items of lists.values()) for (const el of items) stripComp(el);

  for (const port of child(def, 'listOfPorts')?.children ?? []) {
    if (port.attrs['id']) flat.ports.set(port.attrs['id'], resolveLocal(flat, port));
  }
  return flat;

  function resolveIn(ref: XmlElement): Mutable {
    const sid = ref.attrs['submodelRef'];
    const sub = sid ? subs.get(sid) : undefined;
    if (!sid || !sub) throw new SbmlError(SbmlErrorCode.Invalid, `replacement names unknown submodel "${sid ?? ''}"`);
    return resolvePath(sub, ref, '', `${sid}${SEP}`);
  }
}

/** Elements below `el` that may carry comp replacements (species references, event assignments, …). */
function descendantsWithComp(el: Mutable): Mutable[] {
  const out: Mutable[] = [];
  for (const c of el.children) {
    if (c.name === 'math' || c.name.startsWith('listOfReplaced') || c.name === 'replacedBy') continue;
    if (child(c, 'listOfReplacedElements') || child(c, 'replacedBy')) out.push(c);
    out.push(...descendantsWithComp(c));
  }
  return out;
}

/**
 * The element an SBaseRef (replacedElement, replacedBy, deletion, port, nested sBaseRef) points to in a flat
 * instance whose ids carry `top` (its submodel prefix, or '' before prefixing); `path` is the submodel path
 * inside it walked so far (`a__b__`).
 */
function resolvePath(sub: Flat, ref: XmlElement, path: string, top: string): Mutable {
  const nested = child(ref, 'sBaseRef');
  const idRef = ref.attrs['idRef'];
  const metaIdRef = ref.attrs['metaIdRef'];
  const portRef = ref.attrs['portRef'];
  if (ref.attrs['unitRef'] !== undefined) throw new UnsupportedSbmlError('sBaseRef', ref.attrs['unitRef'], 'unit definitions are not simulated');
  if (portRef !== undefined) {
    const target = sub.ports.get(`${path}${portRef}`);
    if (!target) throw new SbmlError(SbmlErrorCode.Invalid, `no port "${portRef}" in the submodel`);
    return target;
  }
  if (idRef !== undefined && nested) return resolvePath(sub, nested, `${path}${idRef}${SEP}`, top);
  if (idRef !== undefined) return findById(sub, `${top}${path}${idRef}`);
  if (metaIdRef !== undefined) return findByMetaid(sub, `${top}${path}${metaIdRef}`);
  throw new SbmlError(SbmlErrorCode.Malformed, `<${ref.name}> names no element (idRef, metaIdRef or portRef)`);
}

function resolveLocal(flat: Flat, ref: XmlElement): Mutable {
  return resolvePath(flat, ref, '', '');
}

function findById(flat: Flat, id: string): Mutable {
  const alias = flat.aliases.get(id);
  const want = alias ? alias.to : id;
  for (const items of flat.lists.values()) {
    for (const el of items) {
      let found: Mutable | undefined;
      walk(el, (e) => {
        if (!found && e.name !== 'ci' && e.attrs['id'] === want && !isCompElement(e)) found = e;
      });
      if (found) return found;
    }
  }
  throw new SbmlError(SbmlErrorCode.Invalid, `comp reference to unknown element "${id}"`);
}

function findByMetaid(flat: Flat, metaid: string): Mutable {
  for (const items of flat.lists.values()) {
    for (const el of items) {
      let found: Mutable | undefined;
      walk(el, (e) => {
        if (!found && e.attrs['metaid'] === metaid) found = e;
      });
      if (found) return found;
    }
  }
  throw new SbmlError(SbmlErrorCode.Invalid, `comp reference to unknown metaid "${metaid}"`);
}

/** Kinetic-law local parameters are scoped to their law and keep their ids. */
function isLocal(e: Mutable): boolean {
  return e.name === 'localParameter';
}

function isCompElement(e: Mutable): boolean {
  return e.name === 'submodel' || e.name === 'port' || e.name === 'deletion' || e.name === 'replacedElement' || e.name === 'sBaseRef' || e.name === 'replacedBy';
}

function removeElement(flat: Flat, target: Mutable): void {
  const removed = new Set([target]);
  for (const [name, items] of flat.lists) flat.lists.set(name, items.filter((el) => el !== target));
  for (const items of flat.lists.values()) for (const el of items) pruneRemoved(el, removed);
}

function pruneRemoved(el: Mutable, removed: ReadonlySet<Mutable>): void {
  el.children = el.children.filter((c) => !removed.has(c));
  for (const c of el.children) pruneRemoved(c, removed);
}

function stripComp(el: Mutable): void {
  el.children = el.children.filter((c) => c.name !== 'listOfReplacedElements' && c.name !== 'replacedBy');
  for (const c of el.children) stripComp(c);
}

/** Prefix every SId and metaid of a flat submodel instance (kinetic-law locals and lambda variables stay). */
function prefix(flat: Flat, p: string): void {
  const ids = new Set<string>();
  for (const items of flat.lists.values()) {
    for (const el of items) {
      walk(el, (e) => {
        if (e.attrs['id'] !== undefined && !isLocal(e)) ids.add(e.attrs['id']);
      });
    }
  }
  for (const a of flat.aliases.keys()) ids.add(a);
  const rename = (id: string): string => (ids.has(id) ? `${p}${id}` : id);
  for (const items of flat.lists.values()) for (const el of items) renameTree(el, rename, new Set(), p);
  const aliases = new Map<string, CompAlias>();
  for (const [from, a] of flat.aliases) aliases.set(`${p}${from}`, { to: rename(a.to), divisors: a.divisors.map(rename) });
  flat.aliases = aliases;
  if (flat.conversionFactor) flat.conversionFactor = rename(flat.conversionFactor);
}

/** Rename ids in attributes and `<ci>` reads, honouring local scopes (kinetic-law parameters, lambda variables). */
function renameTree(el: Mutable, rename: (id: string) => string, shadowed: ReadonlySet<string>, metaPrefix: string): void {
  if (el.attrs['id'] !== undefined && !isLocal(el)) {
    el.attrs['id'] = rename(el.attrs['id']);
  }
  if (el.attrs['metaid'] !== undefined) el.attrs['metaid'] = `${metaPrefix}${el.attrs['metaid']}`;
  for (const attr of ID_REF_ATTRS[el.name] ?? []) if (el.attrs[attr] !== undefined) el.attrs[attr] = rename(el.attrs[attr]);
  if (el.name === 'ci' && !shadowed.has(el.texts.join('').trim())) {
    el.texts = [rename(el.texts.join('').trim())];
    return;
  }
  let inner = shadowed;
  if (el.name === 'kineticLaw') {
    const locals = [...(child(el, 'listOfLocalParameters')?.children ?? []), ...(child(el, 'listOfParameters')?.children ?? [])];
    inner = new Set([...shadowed, ...locals.map((l) => l.attrs['id'])]);
  }
  if (el.name === 'lambda') {
    inner = new Set([...shadowed, ...el.children.filter((c) => c.name === 'bvar').map((b) => (b.children[0]?.texts ?? b.texts).join('').trim())]);
  }
  for (const c of el.children) {
    if (el.name === 'lambda' && c.name === 'bvar') continue;
    renameTree(c, rename, inner, metaPrefix);
  }
}

/** Time and extent conversion factors of a submodel (comp §3.5.2): its math in the parent's time and extent. */
function convertUnits(flat: Flat, tcf: string | undefined, xcf: string | undefined): void {
  const mathOf = (el: Mutable): Mutable | undefined => el.children.find((c) => c.name === 'math');
  const scale = (el: Mutable | undefined, build: (inner: Mutable) => Mutable): void => {
    const math = el && mathOf(el);
    if (math && math.children[0]) math.children = [build(math.children[0])];
  };
  for (const items of flat.lists.values()) {
    for (const el of items) {
      if (tcf) convertTime(el, tcf);
      if (el.name === 'reaction') {
        const law = el.children.find((c) => c.name === 'kineticLaw');
        scale(law, (m) => {
          let out = m;
          if (xcf) out = apply('times', out, ci(xcf));
          if (tcf) out = apply('divide', out, ci(tcf));
          return out;
        });
      }
      if (tcf && el.name === 'rateRule') scale(el, (m) => apply('divide', m, ci(tcf)));
      if (tcf && el.name === 'event') scale(el.children.find((c) => c.name === 'delay'), (m) => apply('times', m, ci(tcf)));
    }
  }
}

/** Post-order, so the nodes it builds are not visited again: time → time / t_f, delay(x, τ) → delay(x, τ·t_f), rateOf × t_f. */
function convertTime(el: Mutable, tcf: string): void {
  for (const c of el.children) convertTime(c, tcf);
  el.children = el.children.map((c) => {
    if (c.name === 'csymbol' && (c.attrs['definitionURL'] ?? '').endsWith('/time')) return apply('divide', timeSymbol(), ci(tcf));
    if (c.name === 'apply' && c.children[0]?.name === 'csymbol') {
      const url = c.children[0].attrs['definitionURL'] ?? '';
      if (url.endsWith('/delay') && c.children[2]) return mk('apply', [c.children[0], c.children[1], apply('times', c.children[2], ci(tcf))]);
      if (url.endsWith('/rateOf')) return apply('times', c, ci(tcf));
    }
    return c;
  });
}

/** Reads of a replaced id become the replacement / factor; assignments to it, the replacement ← value × factor. */
function applyRedirects(flat: Flat, redirects: ReadonlyMap<string, { to: string; factor?: string }>): void {
  const final = (id: string): { to: string; divisors: string[] } => {
    const divisors: string[] = [];
    let cur = id;
    for (let guard = 0; guard < 64; guard++) {
      const r = redirects.get(cur);
      if (!r || r.to === cur) break;
      if (r.factor) divisors.push(r.factor);
      cur = r.to;
    }
    return { to: cur, divisors };
  };
  const rewrite = (el: Mutable, shadowed: ReadonlySet<string>): void => {
    if (el.name === 'math' || el.name === 'apply' || el.name === 'piecewise' || el.name === 'piece' || el.name === 'otherwise' || el.name === 'semantics') {
      el.children = el.children.map((c) => {
        if (c.name !== 'ci') return c;
        const name = c.texts.join('').trim();
        if (shadowed.has(name) || !redirects.has(name)) return c;
        const { to, divisors } = final(name);
        return divisors.reduce<Mutable>((acc, d) => apply('divide', acc, ci(d)), ci(to));
      });
    }
    for (const attr of ID_REF_ATTRS[el.name] ?? []) {
      const v = el.attrs[attr];
      if (v === undefined || !redirects.has(v)) continue;
      const { to, divisors } = final(v);
      el.attrs[attr] = to;
      if (ASSIGNING.has(el.name) && divisors.length > 0) {
        const math = el.children.find((c) => c.name === 'math');
        if (math?.children[0]) math.children = [divisors.reduce<Mutable>((acc, d) => apply('times', acc, ci(d)), math.children[0])];
      }
    }
    let inner = shadowed;
    if (el.name === 'kineticLaw') {
      const locals = [...(child(el, 'listOfLocalParameters')?.children ?? []), ...(child(el, 'listOfParameters')?.children ?? [])];
      inner = new Set([...shadowed, ...locals.map((l) => l.attrs['id'])]);
    }
    if (el.name === 'lambda') {
      inner = new Set([...shadowed, ...el.children.filter((c) => c.name === 'bvar').map((b) => (b.children[0]?.texts ?? b.texts).join('').trim())]);
    }
    for (const c of el.children) rewrite(c, inner);
  };
  for (const items of flat.lists.values()) for (const el of items) rewrite(el, new Set());
  for (const [from, a] of flat.aliases) {
    const { to, divisors } = final(a.to);
    flat.aliases.set(from, { to, divisors: [...a.divisors, ...divisors] });
  }
  for (const from of redirects.keys()) {
    const { to, divisors } = final(from);
    if (to !== from) flat.aliases.set(from, { to, divisors });
  }
}
