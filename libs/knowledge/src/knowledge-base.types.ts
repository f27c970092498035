/**
 * The shapes of the knowledge base once loaded (load-knowledge-base.ts): nodes of four kinds, each named by its code in
 * its code system, and typed edges between them, each with the sources it rests on. The file's own schema:
 * docs/knowledge.md.
 */

export const NODE_KINDS = ['condition', 'drug', 'observation', 'model'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** A node's reference in an edge: `<kind>:<primary code>`, e.g. `condition:38341003`, `drug:B01AA03` (ATC), `model:hamberg-warfarin`. */
export type NodeRef = `${NodeKind}:${string}`;

export const EDGE_TYPES = ['treats', 'monitored-by', 'explained-by-model', 'contraindicated-with', 'interacts-with'] as const;
export type EdgeType = (typeof EDGE_TYPES)[number];

/** Where an edge (or a model) comes from: a citation, with its DOI or URL where there is one. */
export interface Source {
  readonly citation: string;
  readonly doi?: string;
  readonly url?: string;
}

/** A code in a code system, FHIR-style (system URI + code). */
export interface Coding {
  readonly system: string;
  readonly code: string;
}

export interface KnowledgeNode {
  readonly kind: NodeKind;
  readonly ref: NodeRef;
  /** The primary code: SNOMED CT (condition), ATC (drug), LOINC (observation), the model id (model). */
  readonly code: string;
  readonly name: string;
  /** Every code of the node with its system (a drug: ATC and RxNorm); a model has none. */
  readonly codings: readonly Coding[];
  /** An observation's UCUM unit. */
  readonly unit?: string;
  /** A model's papers. */
  readonly sources?: readonly Source[];
}

/** What an interaction does, in words and, where it is one number, as a factor on a named quantity. */
export interface InteractionEffect {
  readonly description: string;
  /** The quantity the effect acts on, e.g. "S-warfarin clearance". */
  readonly on: string;
  /** Multiplies `on` (e.g. 0.6: clearance falls by 40 %); absent when the effect is not one factor. */
  readonly factor?: number;
  /** True when the size is derived, rounded or a chosen bound rather than a measured estimate; `note` says how. */
  readonly approximate: boolean;
  readonly note?: string;
}

export interface KnowledgeEdge {
  readonly type: EdgeType;
  readonly from: NodeRef;
  readonly to: NodeRef;
  /**
   * explained-by-model only: whether data of `from` alone (a stream of the observation, doses of the drug) call for
   * the model; otherwise they call for it only with a condition that is monitored by them.
   */
  readonly sufficient?: boolean;
  /** interacts-with only. */
  readonly mechanism?: string;
  readonly effect?: InteractionEffect;
  readonly note?: string;
  readonly sources: readonly Source[];
}

export interface KnowledgeBase {
  readonly version: string;
  /** `sha256:<hex>` of the file's content as parsed (key order kept), so a served answer names the exact base. */
  readonly hash: string;
  /** Code system URIs by short name: snomed, atc, rxnorm, loinc. */
  readonly systems: Readonly<Record<CodeSystemName, string>>;
  readonly nodes: ReadonlyMap<NodeRef, KnowledgeNode>;
  readonly edges: readonly KnowledgeEdge[];
  /** Edges by the node at either end, in file order. */
  readonly edgesByNode: ReadonlyMap<NodeRef, readonly KnowledgeEdge[]>;
  /** RxNorm ingredient code → the drug's ATC code. */
  readonly atcByRxnorm: ReadonlyMap<string, string>;
}

export const CODE_SYSTEMS = {
  snomed: 'http://snomed.info/sct',
  atc: 'http://www.whocc.no/atc',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  loinc: 'http://loinc.org',
} as const;
export type CodeSystemName = keyof typeof CODE_SYSTEMS;
