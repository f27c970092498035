import { Module } from '@nestjs/common';
import { knowledgeBase } from '@shuji/knowledge';
import { KNOWLEDGE_BASE, KnowledgeController } from './knowledge.controller';

/** The read-only knowledge API; imported by apps/platform (the bearer guard needs AccessModule at the root). The base is loaded and checked once, at start. */
@Module({ controllers: [KnowledgeController], providers: [{ provide: KNOWLEDGE_BASE, useFactory: knowledgeBase }] })
export class KnowledgeModule {}
