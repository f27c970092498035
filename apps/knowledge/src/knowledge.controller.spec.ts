import { BadRequestException, NotFoundException } from '@nestjs/common';
import { knowledgeBase } from '@shuji/knowledge';
import { describe, expect, it } from 'vitest';
import { KnowledgeController } from './knowledge.controller';

describe(KnowledgeController.name, () => {
  const sut = new KnowledgeController(knowledgeBase());

  it('should answer a node by its code and the base by its version and hash', () => {
    expect(sut.condition('38341003').node.code).toBe('38341003');
    expect(sut.drug('B01AA03').node.name).toBe('warfarin');
    expect(sut.observation('6301-6').models.map((m) => m.id)).toEqual(['hamberg-warfarin']);
    expect(sut.summary()).toMatchObject({ version: knowledgeBase().version, hash: knowledgeBase().hash });
  });

  it('should map a malformed code to 400 naming the field and an unknown one to 404', () => {
    expect(() => sut.condition('hypertension')).toThrow(BadRequestException);
    expect(() => sut.observation('8480-7')).toThrow(BadRequestException);
    expect(() => sut.drug('N02BE01')).toThrow(NotFoundException);
    try {
      sut.condition('hypertension');
    } catch (err) {
      expect((err as BadRequestException).getResponse()).toMatchObject({ field: 'code' });
    }
  });
});
