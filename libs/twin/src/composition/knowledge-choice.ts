/**
 * A descriptor's choice from the knowledge base (@shuji/knowledge, `modelChoiceReason`): the profile calls for the model
 * when a condition of the person is monitored by readings the model explains, or when readings or doses the base calls
 * sufficient are there. Monotone in the profile, as the registry requires: the base's rules only ask whether a fact is
 * present, and a profile's facts only grow.
 */
import { knowledgeBase, modelChoiceReason, type KnowledgeBase } from '@shuji/knowledge';
import type { TwinProfile } from './twin-profile';

/** The `chooses` of the descriptor of `modelId`: why the profile calls for it, or undefined. */
export function chosenBy(modelId: string, kb: KnowledgeBase = knowledgeBase()): (profile: TwinProfile) => string | undefined {
  return (profile) => modelChoiceReason(kb, modelId, profile);
}
