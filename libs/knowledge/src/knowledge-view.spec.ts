import { describe, expect, it } from 'vitest';
import { knowledgeBase } from './default-knowledge-base';
import { KnowledgeCodeError, knowledgeSummary, nodeView } from './knowledge-view';

const kb = knowledgeBase();

describe(nodeView.name, () => {
  it("should give hypertension's edges with named ends and sources, and the model explaining what monitors it", () => {
    const sut = nodeView(kb, 'condition', '38341003');
    expect(sut.knowledge).toEqual({ version: kb.version, hash: kb.hash });
    expect(sut.node).toMatchObject({ kind: 'condition', code: '38341003', codings: [{ system: 'http://snomed.info/sct', code: '38341003' }] });
    expect(sut.edges.map((e) => [e.type, e.from.name, e.to.code])).toEqual([
      ['treats', 'amlodipine', '38341003'],
      ['treats', 'lisinopril', '38341003'],
      ['monitored-by', sut.node.name, '8480-6'],
      ['monitored-by', sut.node.name, '8462-4'],
    ]);
    expect(sut.edges.every((e) => e.sources.length > 0)).toBe(true);
    expect(sut.models).toEqual([{ id: 'blood-pressure-pkpd', name: expect.any(String), via: ['8480-6', '8462-4'] }]);
  });

  it("should find warfarin by its RxNorm code, with its interactions and the models of its doses and its INR", () => {
    const sut = nodeView(kb, 'drug', '11289');
    expect(sut.node.code).toBe('B01AA03');
    expect(sut.edges.filter((e) => e.type === 'interacts-with').map((e) => [e.from.name, e.effect?.factor])).toEqual([
      ['amiodarone', 0.6],
      ['fluconazole', 0.37],
      ['rifampicin', 2],
      ['ibuprofen', undefined],
    ]);
    expect(sut.models).toEqual([{ id: 'hamberg-warfarin', name: expect.any(String), via: ['B01AA03', '6301-6', '34714-6'] }]);
  });

  it('should refuse a malformed code and say an unknown one is not in the base', () => {
    expect(() => nodeView(kb, 'condition', '38341004')).toThrow(expect.objectContaining({ code: 'KNOWLEDGE_CODE_MALFORMED' }) as Error);
    expect(() => nodeView(kb, 'observation', '2345-7')).toThrow(new KnowledgeCodeError('not-found', 'no observation with LOINC code 2345-7 in knowledge base 1.0.0'));
    expect(() => nodeView(kb, 'drug', 'N02BE01')).toThrow(/no drug with ATC or RxNorm code N02BE01/);
  });
});

describe(knowledgeSummary.name, () => {
  it('should count nodes by kind and edges by type', () => {
    const sut = knowledgeSummary(kb);
    expect(sut.counts).toEqual({ condition: 7, drug: 8, observation: 11, model: 5, edges: kb.edges.length });
    expect(Object.values(sut.edgeTypes).reduce((a, b) => a + b, 0)).toBe(kb.edges.length);
    expect(sut.edgeTypes['interacts-with']).toBe(5);
  });
});
