/**
 * Questions asked of a loaded knowledge base: a node by its code, the edges of a node, the models explaining an
 * observation, the interactions and contraindications of a drug, and one interaction's factor on a quantity.
 */
import type { KnowledgeBase, KnowledgeEdge, KnowledgeNode, NodeKind } from './knowledge-base.types';

/** The node of a code: SNOMED CT for a condition, ATC or RxNorm for a drug, LOINC for an observation, the id for a model. */
export function findNode(kb: KnowledgeBase, kind: NodeKind, code: string): KnowledgeNode | undefined {
  const primary = kind === 'drug' ? (kb.atcByRxnorm.get(code) ?? code) : code;
  return kb.nodes.get(`${kind}:${primary}`);
}

/** Every edge with the node at either end, in file order. */
export function edgesOf(kb: KnowledgeBase, node: KnowledgeNode): readonly KnowledgeEdge[] {
  return kb.edgesByNode.get(node.ref) ?? [];
}

/** The explained-by-model edges of an observation (LOINC): which models predict it. */
export function modelsExplaining(kb: KnowledgeBase, loinc: string): readonly KnowledgeEdge[] {
  return (kb.edgesByNode.get(`observation:${loinc}`) ?? []).filter((e) => e.type === 'explained-by-model' && e.from === `observation:${loinc}`);
}

/** The interacts-with edges of a drug (ATC or RxNorm), as the drug that acts or the one acted on. */
export function interactionsOf(kb: KnowledgeBase, drugCode: string): readonly KnowledgeEdge[] {
  const drug = findNode(kb, 'drug', drugCode);
  return drug === undefined ? [] : edgesOf(kb, drug).filter((e) => e.type === 'interacts-with');
}

/** The contraindicated-with edges of a drug (ATC or RxNorm): the conditions it must not be given in. */
export function contraindicationsOf(kb: KnowledgeBase, drugCode: string): readonly KnowledgeEdge[] {
  const drug = findNode(kb, 'drug', drugCode);
  return drug === undefined ? [] : edgesOf(kb, drug).filter((e) => e.type === 'contraindicated-with');
}

export class InteractionNotFoundError extends Error {
  readonly code = 'INTERACTION_NOT_FOUND';
  constructor(perpetrator: string, victim: string, on: string) {
    super(`the knowledge base has no interaction of ${perpetrator} on ${victim} with a factor on ${on}`);
    this.name = 'InteractionNotFoundError';
  }
}

/** The interaction of `perpetrator` on `victim` (ATC or RxNorm) with a factor on `on`, e.g. amiodarone on warfarin's S-clearance. */
export function interactionFactor(kb: KnowledgeBase, perpetrator: string, victim: string, on: string): { readonly factor: number; readonly edge: KnowledgeEdge } {
  const [from, to] = [findNode(kb, 'drug', perpetrator)?.ref, findNode(kb, 'drug', victim)?.ref];
  const edge = kb.edges.find((e) => e.type === 'interacts-with' && e.from === from && e.to === to && e.effect?.on === on && e.effect.factor !== undefined);
  if (edge?.effect?.factor === undefined) throw new InteractionNotFoundError(perpetrator, victim, on);
  return { factor: edge.effect.factor, edge };
}
