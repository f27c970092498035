/** The knowledge base committed with the product (../data/knowledge-base.json), loaded and checked once. */
import knowledgeJson from '../data/knowledge-base.json';
import { loadKnowledgeBase } from './load-knowledge-base';
import type { KnowledgeBase } from './knowledge-base.types';

let loaded: KnowledgeBase | undefined;

/** The committed knowledge base; a file that fails its checks throws a KnowledgeBaseError naming every problem. */
export function knowledgeBase(): KnowledgeBase {
  loaded ??= loadKnowledgeBase(knowledgeJson);
  return loaded;
}
