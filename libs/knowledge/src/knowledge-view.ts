/**
 * What the read-only knowledge API answers (apps/knowledge): the base's identity and counts, and a node with its edges
 * (both directions, each with its sources) and the models that explain it or what it is monitored by. Plain data,
 * JSON as is.
 */
import { isAtcSubstanceCode, isLoincCode, isRxcui, isSnomedConceptId } from './code-format.util';
import { EDGE_TYPES, NODE_KINDS, type Coding, type EdgeType, type InteractionEffect, type KnowledgeBase, type KnowledgeNode, type NodeKind, type NodeRef, type Source } from './knowledge-base.types';
import { edgesOf, findNode } from './knowledge-queries';

export interface KnowledgeSummary {
  readonly version: string;
  readonly hash: string;
  readonly systems: Readonly<Record<string, string>>;
  readonly counts: Readonly<Record<NodeKind, number>> & { readonly edges: number };
  readonly edgeTypes: Readonly<Record<EdgeType, number>>;
}

export interface NodeSummary {
  readonly kind: NodeKind;
  readonly code: string;
  readonly name: string;
}

export interface EdgeView {
  readonly type: EdgeType;
  readonly from: NodeSummary;
  readonly to: NodeSummary;
  readonly sufficient?: boolean;
  readonly mechanism?: string;
  readonly effect?: InteractionEffect;
  readonly note?: string;
  readonly sources: readonly Source[];
}

export interface NodeView {
  readonly knowledge: { readonly version: string; readonly hash: string };
  readonly node: NodeSummary & { readonly codings: readonly Coding[]; readonly unit?: string; readonly sources?: readonly Source[] };
  readonly edges: readonly EdgeView[];
  /** Models explaining the node (an observation, a drug's doses) or an observation it is monitored by, with the observations or drug they go through. */
  readonly models: readonly { readonly id: string; readonly name: string; readonly via: readonly string[] }[];
}

export class KnowledgeCodeError extends Error {
  readonly code: 'KNOWLEDGE_CODE_MALFORMED' | 'KNOWLEDGE_NODE_NOT_FOUND';
  constructor(kind: 'malformed' | 'not-found', message: string) {
    super(message);
    this.code = kind === 'malformed' ? 'KNOWLEDGE_CODE_MALFORMED' : 'KNOWLEDGE_NODE_NOT_FOUND';
    this.name = 'KnowledgeCodeError';
  }
}

export function knowledgeSummary(kb: KnowledgeBase): KnowledgeSummary {
  const nodes = [...kb.nodes.values()];
  const count = <K extends string>(keys: readonly K[], of: (k: K) => number): Record<K, number> => Object.fromEntries(keys.map((k) => [k, of(k)])) as Record<K, number>;
  return {
    version: kb.version,
    hash: kb.hash,
    systems: kb.systems,
    counts: { ...count(NODE_KINDS, (k) => nodes.filter((n) => n.kind === k).length), edges: kb.edges.length },
    edgeTypes: count(EDGE_TYPES, (t) => kb.edges.filter((e) => e.type === t).length),
  };
}

const CODE_CHECKS: Readonly<Record<Exclude<NodeKind, 'model'>, { readonly valid: (code: string) => boolean; readonly system: string }>> = {
  condition: { valid: isSnomedConceptId, system: 'SNOMED CT' },
  drug: { valid: (c) => isAtcSubstanceCode(c) || isRxcui(c), system: 'ATC or RxNorm' },
  observation: { valid: isLoincCode, system: 'LOINC' },
};

/** The node of `code` with its edges and models; a KnowledgeCodeError for a code not well formed or not in the base. */
export function nodeView(kb: KnowledgeBase, kind: Exclude<NodeKind, 'model'>, code: string): NodeView {
  const check = CODE_CHECKS[kind];
  if (!check.valid(code)) throw new KnowledgeCodeError('malformed', `"${code}" is not a well-formed ${check.system} code`);
  const node = findNode(kb, kind, code);
  if (node === undefined) throw new KnowledgeCodeError('not-found', `no ${kind} with ${check.system} code ${code} in knowledge base ${kb.version}`);
  const summary = (ref: NodeRef): NodeSummary => {
    const n = kb.nodes.get(ref) as KnowledgeNode;
    return { kind: n.kind, code: n.code, name: n.name };
  };
  const edges = edgesOf(kb, node);
  return {
    knowledge: { version: kb.version, hash: kb.hash },
    node: { kind: node.kind, code: node.code, name: node.name, codings: node.codings, ...(node.unit === undefined ? {} : { unit: node.unit }) },
    edges: edges.map(({ from, to, ...rest }) => ({ ...rest, from: summary(from), to: summary(to) })),
    models: explainingModels(kb, node),
  };
}

function explainingModels(kb: KnowledgeBase, node: KnowledgeNode): NodeView['models'] {
  // the node itself (an observation, a drug's doses) and the observations it is monitored by
  const through = [node.ref, ...edgesOf(kb, node).filter((e) => e.type === 'monitored-by' && e.from === node.ref).map((e) => e.to)];
  const models = new Map<NodeRef, string[]>();
  for (const ref of through) {
    for (const e of kb.edgesByNode.get(ref) ?? []) {
      if (e.type === 'explained-by-model' && e.from === ref) models.set(e.to, [...(models.get(e.to) ?? []), ref.slice(ref.indexOf(':') + 1)]);
    }
  }
  return [...models].map(([ref, via]) => {
    const model = kb.nodes.get(ref) as KnowledgeNode;
    return { id: model.code, name: model.name, via };
  });
}
