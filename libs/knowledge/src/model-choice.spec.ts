import { describe, expect, it } from 'vitest';
import { knowledgeBase } from './default-knowledge-base';
import { modelChoiceReason, sufficientObservations, type PersonFacts } from './model-choice';

const kb = knowledgeBase();
const facts = (over: Partial<PersonFacts>): PersonFacts => ({ conditions: [], medications: [], streams: [], ...over });

describe(modelChoiceReason.name, () => {
  it('should choose a model for a condition monitored by readings the model explains, and say so', () => {
    expect(modelChoiceReason(kb, 'blood-pressure-pkpd', facts({ conditions: ['38341003'], streams: ['8480-6'] }))).toBe(
      'Hypertensive disorder, systemic arterial (SNOMED 38341003) is monitored by 8480-6, explained by blood-pressure-pkpd',
    );
    expect(modelChoiceReason(kb, 'uva-padova-s2008', facts({ conditions: ['46635009'], streams: ['41653-7'] }))).toBe(
      'Diabetes mellitus type 1 (SNOMED 46635009) is monitored by 41653-7, explained by uva-padova-s2008',
    );
  });

  it('should choose on readings or doses alone only where the edge says they suffice', () => {
    // CGM alone calls for the glucose model without insulin, the T1D model only with the diagnosis (issue 14)
    expect(modelChoiceReason(kb, 'glucose-damped-trend', facts({ streams: ['99504-3'] }))).toMatch(/^readings of .* \(LOINC 99504-3\), explained by glucose-damped-trend$/);
    expect(modelChoiceReason(kb, 'uva-padova-s2008', facts({ streams: ['99504-3'] }))).toBeUndefined();
    expect(modelChoiceReason(kb, 'uva-padova-s2008', facts({ conditions: ['46635009'], streams: ['99504-3'] }))).toMatch(/^Diabetes mellitus type 1 .* monitored by 99504-3/);
    expect(modelChoiceReason(kb, 'uva-padova-s2008', facts({ streams: ['41653-7', '2339-0'], medications: ['A10AB04'] }))).toBeUndefined();
    expect(modelChoiceReason(kb, 'uva-padova-s2008', facts({ conditions: ['46635009'], streams: ['2339-0', '4548-4'] }))).toBeUndefined();
    expect(modelChoiceReason(kb, 'hamberg-warfarin', facts({ medications: ['B01AA03'] }))).toBe('doses of warfarin (ATC B01AA03), explained by hamberg-warfarin');
    expect(modelChoiceReason(kb, 'blood-pressure-pkpd', facts({ medications: ['C08CA01'], conditions: ['38341003'] }))).toBeUndefined();
    expect(modelChoiceReason(kb, 'no-such-model', facts({ streams: ['99504-3'] }))).toBeUndefined();
  });

  it('should never unchoose a model when more is known', () => {
    const all = { conditions: ['46635009', '38341003', '414916001'], medications: ['B01AA03', 'C08CA01', 'A10AB04'], streams: ['99504-3', '41653-7', '8480-6', '29463-7', '6301-6'] };
    for (const model of ['uva-padova-s2008', 'glucose-damped-trend', 'hall-body-weight', 'blood-pressure-pkpd', 'hamberg-warfarin']) {
      for (const key of ['conditions', 'medications', 'streams'] as const) {
        for (const item of all[key]) {
          const one = facts({ [key]: [item] });
          if (modelChoiceReason(kb, model, one) !== undefined) expect(modelChoiceReason(kb, model, all), `${model} ${item}`).toBeDefined();
        }
      }
    }
  });
});

describe(sufficientObservations.name, () => {
  it('should list the readings that alone call for each model', () => {
    expect(sufficientObservations(kb, 'uva-padova-s2008')).toEqual([]);
    expect(sufficientObservations(kb, 'glucose-damped-trend')).toEqual(['99504-3']);
    expect(sufficientObservations(kb, 'hall-body-weight')).toEqual(['29463-7', '39156-5']);
    expect(sufficientObservations(kb, 'blood-pressure-pkpd')).toEqual(['8480-6', '8462-4']);
  });
});
