import { describe, expect, it } from 'vitest';
import { knowledgeBase } from './default-knowledge-base';
import { contraindicationsOf, edgesOf, findNode, interactionFactor, interactionsOf, InteractionNotFoundError, modelsExplaining } from './knowledge-queries';

const kb = knowledgeBase();

describe(findNode.name, () => {
  it('should find a drug by ATC or RxNorm, and a condition and an observation by their codes', () => {
    expect(findNode(kb, 'drug', '11289')).toBe(findNode(kb, 'drug', 'B01AA03'));
    expect(findNode(kb, 'drug', 'B01AA03')?.codings.map((c) => c.code)).toEqual(['B01AA03', '11289']);
    expect(findNode(kb, 'condition', '38341003')?.name).toMatch(/hypertensi/i);
    expect(findNode(kb, 'observation', '6301-6')?.unit).toBe('{INR}');
    expect(findNode(kb, 'condition', '11289')).toBeUndefined();
  });
});

describe(edgesOf.name, () => {
  it('should give hypertension its drugs and the readings that monitor it', () => {
    const sut = edgesOf(kb, findNode(kb, 'condition', '38341003')!).map((e) => `${e.type} ${e.from} ${e.to}`);
    expect(sut).toEqual([
      'treats drug:C08CA01 condition:38341003',
      'treats drug:C09AA03 condition:38341003',
      'monitored-by condition:38341003 observation:8480-6',
      'monitored-by condition:38341003 observation:8462-4',
    ]);
  });
});

describe(modelsExplaining.name, () => {
  it('should name the model of each observation the twin assimilates', () => {
    expect(modelsExplaining(kb, '8480-6').map((e) => e.to)).toEqual(['model:blood-pressure-pkpd']);
    expect(modelsExplaining(kb, '34714-6').map((e) => e.to)).toEqual(['model:hamberg-warfarin']);
    expect(modelsExplaining(kb, '4548-4')).toEqual([]);
  });
});

describe(interactionsOf.name, () => {
  it("should give warfarin's interactions with their mechanism, effect and sources", () => {
    const sut = interactionsOf(kb, '11289');
    expect(sut.map((e) => e.from)).toEqual(['drug:C01BD01', 'drug:J02AC01', 'drug:J04AB02', 'drug:M01AE01']);
    expect(sut.every((e) => e.mechanism !== undefined && e.effect !== undefined && e.sources.length > 0)).toBe(true);
    expect(sut.find((e) => e.from === 'drug:J02AC01')?.mechanism).toMatch(/CYP2C9/);
    expect(interactionsOf(kb, 'C09AA03').map((e) => e.from)).toEqual(['drug:M01AE01']);
  });
});

describe(contraindicationsOf.name, () => {
  it('should give the conditions a drug must not be given in', () => {
    expect(contraindicationsOf(kb, 'B01AA03').map((e) => e.to)).toEqual(['condition:77386006']);
    expect(contraindicationsOf(kb, 'C08CA01')).toEqual([]);
  });
});

describe(interactionFactor.name, () => {
  it('should give the cited factor on S-warfarin clearance, and refuse an interaction without one', () => {
    expect(interactionFactor(kb, 'C01BD01', 'B01AA03', 'S-warfarin clearance').factor).toBe(0.6);
    expect(interactionFactor(kb, 'J04AB02', 'B01AA03', 'S-warfarin clearance').edge.effect?.approximate).toBe(true);
    expect(() => interactionFactor(kb, 'M01AE01', 'B01AA03', 'S-warfarin clearance')).toThrow(InteractionNotFoundError);
  });
});
