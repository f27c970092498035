import { knowledgeBase, sufficientObservations } from '@shuji/knowledge';
import { describe, expect, it } from 'vitest';
import type { TwinEvent } from '../state/twin-event';
import { chosenBy } from './knowledge-choice';
import { ObservationCodes } from './observation-codes';
import { EMPTY_PROFILE } from './twin-profile';
import { wholePersonRegistry } from './whole-person.descriptors';

const kb = knowledgeBase();
const registry = wholePersonRegistry(() => Promise.resolve({}));
const reading = (loinc: string): TwinEvent => ({ kind: 'observation', id: loinc, patientId: 'p', timeMs: 0, loinc, value: 1, unit: '' });

describe(chosenBy.name, () => {
  it('should know every registered component as a model of the knowledge base', () => {
    for (const d of registry.descriptors) expect(kb.nodes.get(`model:${d.id}`), d.id).toBeDefined();
  });

  it("should start a twin on exactly the readings the base calls sufficient for the descriptor's model", () => {
    const codes = [...kb.nodes.values()].filter((n) => n.kind === 'observation').map((n) => n.code);
    for (const d of registry.descriptors) {
      expect(codes.filter((c) => d.startsTwin(reading(c))).sort(), d.id).toEqual([...sufficientObservations(kb, d.id)].sort());
    }
  });

  it('should know every observation code the twin explains, with its unit', () => {
    for (const code of Object.values(ObservationCodes)) expect(kb.nodes.get(`observation:${code.loinc}`)?.unit, code.loinc).toBe(code.unit);
  });

  it('should choose with the base it is given', () => {
    expect(chosenBy('hall-body-weight', kb)({ ...EMPTY_PROFILE, streams: ['29463-7'] })).toMatch(/LOINC 29463-7/);
    expect(chosenBy('hall-body-weight', kb)({ ...EMPTY_PROFILE, conditions: ['414916001'] })).toBeUndefined();
  });
});
