/**
 * Reads a knowledge base from its JSON form and checks it once, completely: every problem is listed in one
 * KnowledgeBaseError (the data file is edited by hand, so a first error alone would make a slow loop). Checked: the
 * four code systems stated with their canonical URIs; every code well formed in its system (check digits included);
 * no node twice; every edge of a known type between kinds that type allows, both ends existing, no edge twice; every
 * edge and model with at least one source (a citation, and a well-formed DOI or https URL where given);
 * explained-by-model edges saying whether data alone suffice; interacts-with edges with a mechanism and an effect.
 */
import { createHash } from 'node:crypto';
import { isAtcSubstanceCode, isLoincCode, isModelId, isRxcui, isSnomedConceptId } from './code-format.util';
import {
  CODE_SYSTEMS,
  EDGE_TYPES,
  type Coding,
  type EdgeType,
  type InteractionEffect,
  type KnowledgeBase,
  type KnowledgeEdge,
  type KnowledgeNode,
  type NodeKind,
  type NodeRef,
  type Source,
} from './knowledge-base.types';

export class KnowledgeBaseError extends Error {
  readonly code = 'KNOWLEDGE_BASE_INVALID';
  constructor(readonly problems: readonly string[]) {
    super(`knowledge base invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n- ${problems.join('\n- ')}`);
    this.name = 'KnowledgeBaseError';
  }
}

/** The kinds each edge type may join (from → to). */
const ENDS: Readonly<Record<EdgeType, { readonly from: readonly NodeKind[]; readonly to: readonly NodeKind[] }>> = {
  treats: { from: ['drug'], to: ['condition'] },
  'monitored-by': { from: ['condition', 'drug'], to: ['observation'] },
  'explained-by-model': { from: ['observation', 'drug'], to: ['model'] },
  'contraindicated-with': { from: ['drug'], to: ['condition'] },
  'interacts-with': { from: ['drug'], to: ['drug'] },
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function loadKnowledgeBase(raw: unknown): KnowledgeBase {
  const problems: string[] = [];
  const problem = (where: string, what: string): void => void problems.push(`${where}: ${what}`);
  if (!isObject(raw)) throw new KnowledgeBaseError(['the knowledge base must be a JSON object']);

  if (!isText(raw.version) || !/^\d+\.\d+\.\d+$/.test(raw.version)) problem('version', `must be semantic (x.y.z), got ${JSON.stringify(raw.version)}`);
  const systems = isObject(raw.systems) ? raw.systems : {};
  for (const [name, uri] of Object.entries(CODE_SYSTEMS)) {
    if (systems[name] !== uri) problem(`systems.${name}`, `must state ${uri}, got ${JSON.stringify(systems[name])}`);
  }
  for (const key of ['conditions', 'drugs', 'observations', 'models', 'edges']) {
    if (!Array.isArray(raw[key])) problem(key, 'must be a list');
  }

  const nodes = new Map<NodeRef, KnowledgeNode>();
  const atcByRxnorm = new Map<string, string>();
  const addNode = (where: string, node: KnowledgeNode): void => {
    if (nodes.has(node.ref)) problem(where, `${node.ref} is listed twice`);
    else nodes.set(node.ref, node);
  };
  const name = (where: string, o: Json): string => {
    if (!isText(o.name)) problem(where, 'needs a name');
    return String(o.name);
  };
  const coded = (where: string, o: Json, field: string, valid: (c: string) => boolean, system: string): string | undefined => {
    const code = o[field];
    if (typeof code !== 'string' || !valid(code)) {
      problem(where, `${field} ${JSON.stringify(code)} is not a well-formed ${system} code`);
      return undefined;
    }
    return code;
  };

  list(raw.conditions).forEach((c, i) => {
    const where = `conditions[${i}]`;
    if (!isObject(c)) return problem(where, 'must be an object');
    const snomed = coded(where, c, 'snomed', isSnomedConceptId, 'SNOMED CT');
    if (snomed !== undefined) addNode(where, { kind: 'condition', ref: `condition:${snomed}`, code: snomed, name: name(where, c), codings: [{ system: CODE_SYSTEMS.snomed, code: snomed }] });
  });
  list(raw.drugs).forEach((d, i) => {
    const where = `drugs[${i}]`;
    if (!isObject(d)) return problem(where, 'must be an object');
    const atc = coded(where, d, 'atc', isAtcSubstanceCode, 'ATC (substance level)');
    const rxnorm = coded(where, d, 'rxnorm', isRxcui, 'RxNorm');
    if (atc === undefined) return;
    const codings: Coding[] = [{ system: CODE_SYSTEMS.atc, code: atc }];
    if (rxnorm !== undefined) {
      if (atcByRxnorm.has(rxnorm)) problem(where, `RxNorm ${rxnorm} is given to two drugs`);
      atcByRxnorm.set(rxnorm, atc);
      codings.push({ system: CODE_SYSTEMS.rxnorm, code: rxnorm });
    }
    addNode(where, { kind: 'drug', ref: `drug:${atc}`, code: atc, name: name(where, d), codings });
  });
  list(raw.observations).forEach((o, i) => {
    const where = `observations[${i}]`;
    if (!isObject(o)) return problem(where, 'must be an object');
    const loinc = coded(where, o, 'loinc', isLoincCode, 'LOINC');
    if (!isText(o.unit)) problem(where, 'needs its UCUM unit');
    if (loinc !== undefined) addNode(where, { kind: 'observation', ref: `observation:${loinc}`, code: loinc, name: name(where, o), codings: [{ system: CODE_SYSTEMS.loinc, code: loinc }], unit: String(o.unit) });
  });
  list(raw.models).forEach((m, i) => {
    const where = `models[${i}]`;
    if (!isObject(m)) return problem(where, 'must be an object');
    const id = coded(where, m, 'id', isModelId, 'model id');
    const sources = readSources(where, m.sources, problem);
    if (id !== undefined) addNode(where, { kind: 'model', ref: `model:${id}`, code: id, name: name(where, m), codings: [], sources });
  });

  const edges: KnowledgeEdge[] = [];
  const seen = new Set<string>();
  list(raw.edges).forEach((e, i) => {
    if (!isObject(e)) return problem(`edges[${i}]`, 'must be an object');
    const where = `edges[${i}] (${String(e.type)} ${String(e.from)} → ${String(e.to)})`;
    const type = e.type as EdgeType;
    if (!EDGE_TYPES.includes(type)) return problem(where, `type must be one of ${EDGE_TYPES.join(', ')}`);
    const ends = ENDS[type];
    for (const end of ['from', 'to'] as const) {
      const node = typeof e[end] === 'string' ? nodes.get(e[end] as NodeRef) : undefined;
      if (node === undefined) problem(where, `${end} ${JSON.stringify(e[end])} is no node of the base`);
      else if (!ends[end].includes(node.kind)) problem(where, `${end} must be a ${ends[end].join(' or ')}, not a ${node.kind}`);
    }
    const key = `${type} ${String(e.from)} ${String(e.to)}`;
    if (seen.has(key)) problem(where, 'is listed twice');
    seen.add(key);
    const sources = readSources(where, e.sources, problem);
    if (type === 'explained-by-model' && typeof e.sufficient !== 'boolean') problem(where, 'must say whether its data alone suffice (sufficient: true or false)');
    if (type !== 'explained-by-model' && e.sufficient !== undefined) problem(where, 'sufficient belongs to explained-by-model edges only');
    const effect = type === 'interacts-with' ? readEffect(where, e, problem) : undefined;
    if (type !== 'interacts-with' && (e.mechanism !== undefined || e.effect !== undefined)) problem(where, 'mechanism and effect belong to interacts-with edges only');
    if (e.note !== undefined && !isText(e.note)) problem(where, 'note must be text');
    edges.push({
      type,
      from: e.from as NodeRef,
      to: e.to as NodeRef,
      ...(typeof e.sufficient === 'boolean' ? { sufficient: e.sufficient } : {}),
      ...(type === 'interacts-with' ? { mechanism: String(e.mechanism), effect } : {}),
      ...(isText(e.note) ? { note: e.note } : {}),
      sources,
    });
  });

  if (problems.length > 0) throw new KnowledgeBaseError(problems);
  const edgesByNode = new Map<NodeRef, KnowledgeEdge[]>();
  for (const edge of edges) {
    for (const ref of new Set([edge.from, edge.to])) edgesByNode.set(ref, [...(edgesByNode.get(ref) ?? []), edge]);
  }
  return {
    version: String(raw.version),
    hash: `sha256:${createHash('sha256').update(JSON.stringify(raw)).digest('hex')}`,
    systems: CODE_SYSTEMS,
    nodes,
    edges,
    edgesByNode,
    atcByRxnorm,
  };
}

function readSources(where: string, raw: unknown, problem: (where: string, what: string) => void): Source[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    problem(where, 'needs at least one source (a citation, with its DOI or URL where there is one)');
    return [];
  }
  return raw.flatMap((s, i): Source[] => {
    const at = `${where} sources[${i}]`;
    if (!isObject(s) || !isText(s.citation)) {
      problem(at, 'needs a citation');
      return [];
    }
    if (s.doi !== undefined && (typeof s.doi !== 'string' || !/^10\.\d{4,9}\/\S+$/.test(s.doi))) problem(at, `doi ${JSON.stringify(s.doi)} is not a DOI (10.xxxx/…)`);
    if (s.url !== undefined && (typeof s.url !== 'string' || !/^https:\/\/\S+$/.test(s.url))) problem(at, `url ${JSON.stringify(s.url)} is not an https URL`);
    return [{ citation: s.citation, ...(typeof s.doi === 'string' ? { doi: s.doi } : {}), ...(typeof s.url === 'string' ? { url: s.url } : {}) }];
  });
}

function readEffect(where: string, e: Json, problem: (where: string, what: string) => void): InteractionEffect | undefined {
  if (!isText(e.mechanism)) problem(where, 'an interaction needs its mechanism');
  const effect = e.effect;
  if (!isObject(effect) || !isText(effect.description) || !isText(effect.on) || typeof effect.approximate !== 'boolean') {
    problem(where, 'an interaction needs an effect with a description, the quantity it acts on and whether its size is approximate');
    return undefined;
  }
  if (effect.factor !== undefined && !(typeof effect.factor === 'number' && Number.isFinite(effect.factor) && effect.factor > 0)) {
    problem(where, `effect factor must be a positive number, got ${JSON.stringify(effect.factor)}`);
  }
  if (effect.approximate && !isText(effect.note)) problem(where, 'an approximate effect needs a note saying how it is approximate');
  return {
    description: effect.description,
    on: effect.on,
    ...(typeof effect.factor === 'number' ? { factor: effect.factor } : {}),
    approximate: effect.approximate,
    ...(isText(effect.note) ? { note: effect.note } : {}),
  };
}
