// What apps/platform composes; nothing else of the knowledge app is imported from outside it.
export { KnowledgeModule } from './knowledge.module';
