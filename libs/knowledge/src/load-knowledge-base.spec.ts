import { describe, expect, it } from 'vitest';
import knowledgeJson from '../data/knowledge-base.json';
import { knowledgeBase } from './default-knowledge-base';
import { KnowledgeBaseError, loadKnowledgeBase } from './load-knowledge-base';

const committed = (): Record<string, unknown> => JSON.parse(JSON.stringify(knowledgeJson)) as Record<string, unknown>;
const problemsOf = (raw: unknown): readonly string[] => {
  try {
    loadKnowledgeBase(raw);
    return [];
  } catch (err) {
    if (err instanceof KnowledgeBaseError) return err.problems;
    throw err;
  }
};

describe(loadKnowledgeBase.name, () => {
  it('should load the committed base with its version and content hash, every edge cited', () => {
    const sut = knowledgeBase();
    expect(sut.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(sut.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(loadKnowledgeBase(committed()).hash).toBe(sut.hash);
    expect(sut.edges.length).toBeGreaterThan(30);
    expect(sut.edges.every((e) => e.sources.length > 0 && e.sources.every((s) => s.citation.length > 10))).toBe(true);
  });

  it('should change the hash with the content', () => {
    const raw = committed();
    (raw.conditions as { name: string }[])[0].name = 'renamed';
    expect(loadKnowledgeBase(raw).hash).not.toBe(knowledgeBase().hash);
  });

  it('should list every problem at once, naming the edge and what is wrong', () => {
    const raw = committed();
    const edges = raw.edges as Record<string, unknown>[];
    edges[0].to = 'condition:99999999'; // no such node (and no valid SNOMED id)
    delete edges[1].sources;
    edges.push({ type: 'treats', from: 'observation:8480-6', to: 'condition:38341003', sources: [{ citation: 'a citation long enough' }] });
    edges.push({ type: 'interacts-with', from: 'drug:C01BD01', to: 'drug:M01AE01', sources: [{ citation: 'a citation', doi: 'doi:10.1/x' }] });
    (raw.systems as Record<string, string>).loinc = 'loinc';
    (raw.conditions as Record<string, string>[]).push({ snomed: '38341004', name: 'slipped digit' });
    const sut = problemsOf(raw);
    expect(sut).toEqual(
      expect.arrayContaining([
        'systems.loinc: must state http://loinc.org, got "loinc"',
        expect.stringMatching(/^conditions\[7\]: snomed "38341004" is not a well-formed SNOMED CT code/),
        expect.stringMatching(/^edges\[0\] .*: to "condition:99999999" is no node of the base/),
        expect.stringMatching(/^edges\[1\] .*: needs at least one source/),
        expect.stringMatching(/^edges\[\d+\] \(treats observation:8480-6 .*: from must be a drug, not a observation/),
        expect.stringMatching(/an interaction needs its mechanism/),
        expect.stringMatching(/an interaction needs an effect/),
        expect.stringMatching(/doi "doi:10.1\/x" is not a DOI/),
      ]),
    );
    expect(sut).toHaveLength(8);
    expect(() => loadKnowledgeBase(raw)).toThrow(/knowledge base invalid \(8 problems\)/);
  });

  it('should refuse an explained-by-model edge that does not say whether its data suffice, and an approximate effect without a note', () => {
    const raw = committed();
    const edges = raw.edges as Record<string, unknown>[];
    const explained = edges.find((e) => e.type === 'explained-by-model') as Record<string, unknown>;
    delete explained.sufficient;
    const interaction = edges.find((e) => e.type === 'interacts-with' && (e.effect as { approximate: boolean }).approximate) as { effect: Record<string, unknown> };
    delete interaction.effect.note;
    expect(problemsOf(raw)).toEqual([expect.stringMatching(/must say whether its data alone suffice/), expect.stringMatching(/an approximate effect needs a note/)]);
  });

  it('should refuse a node listed twice and an edge listed twice', () => {
    const raw = committed();
    (raw.drugs as unknown[]).push({ atc: 'B01AA03', rxnorm: '1', name: 'warfarin again' });
    (raw.edges as unknown[]).push((raw.edges as unknown[])[0]);
    expect(problemsOf(raw)).toEqual([expect.stringMatching(/drug:B01AA03 is listed twice/), expect.stringMatching(/is listed twice/)]);
  });
});
