/**
 * Whether what is known of a person calls for a model, and why, from the knowledge base's edges alone:
 * 1. a condition they have is monitored by an observation they have readings of, and that observation is explained by
 *    the model ("Hypertensive disorder, systemic arterial (SNOMED 38341003) is monitored by 8480-6, explained by
 *    blood-pressure-pkpd");
 * 2. they have readings of an observation whose explained-by-model edge says its data alone suffice;
 * 3. they take a drug whose explained-by-model edge says its doses alone suffice.
 * The choice is monotone: facts only add, and each rule only asks whether a fact is present.
 */
import type { KnowledgeBase, KnowledgeEdge, NodeRef } from './knowledge-base.types';

export interface PersonFacts {
  /** SNOMED CT condition codes. */
  readonly conditions: readonly string[];
  /** ATC codes of the drugs taken. */
  readonly medications: readonly string[];
  /** LOINC codes of the observations with readings. */
  readonly streams: readonly string[];
}

const codeOf = (ref: NodeRef): string => ref.slice(ref.indexOf(':') + 1);

/** Why the facts call for the model `modelId`, or undefined when they do not. */
export function modelChoiceReason(kb: KnowledgeBase, modelId: string, facts: PersonFacts): string | undefined {
  const explaining = (kb.edgesByNode.get(`model:${modelId}`) ?? []).filter((e) => e.type === 'explained-by-model');
  const explains = (ref: NodeRef): KnowledgeEdge | undefined => explaining.find((e) => e.from === ref);
  for (const edge of kb.edges) {
    if (edge.type !== 'monitored-by' || !edge.from.startsWith('condition:')) continue;
    const [condition, loinc] = [codeOf(edge.from), codeOf(edge.to)];
    if (facts.conditions.includes(condition) && facts.streams.includes(loinc) && explains(edge.to) !== undefined) {
      return `${kb.nodes.get(edge.from)?.name} (SNOMED ${condition}) is monitored by ${loinc}, explained by ${modelId}`;
    }
  }
  for (const edge of explaining) {
    if (edge.sufficient !== true) continue;
    const code = codeOf(edge.from);
    const node = kb.nodes.get(edge.from);
    if (node?.kind === 'observation' && facts.streams.includes(code)) return `readings of ${node.name} (LOINC ${code}), explained by ${modelId}`;
    if (node?.kind === 'drug' && facts.medications.includes(code)) return `doses of ${node.name} (ATC ${code}), explained by ${modelId}`;
  }
  return undefined;
}

/** The observations (LOINC) whose readings alone call for the model: what may start a twin for it. */
export function sufficientObservations(kb: KnowledgeBase, modelId: string): readonly string[] {
  return (kb.edgesByNode.get(`model:${modelId}`) ?? []).filter((e) => e.type === 'explained-by-model' && e.sufficient === true && e.from.startsWith('observation:')).map((e) => codeOf(e.from));
}
