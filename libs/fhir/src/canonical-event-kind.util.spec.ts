import { describe, expect, it } from 'vitest';
import { canonicalEventKind, carbohydrateBoundError } from './canonical-event-kind.util';
import { LOINC_SYSTEM, RXNORM_SYSTEM } from './canonical-observation';

const record = (codeSystem: string, code: string, modality: 'meal' | 'medication' | 'cgm', unit = 'g') => ({ codeSystem, code, modality, value: { kind: 'quantity' as const, value: 1, unit } });

describe(canonicalEventKind.name, () => {
  it('should make a carbohydrate intake in g a meal', () => {
    expect(canonicalEventKind(record(LOINC_SYSTEM, '9059-7', 'meal'))).toBe('meal');
  });

  it('should make a dose a medication whatever its drug', () => {
    expect(canonicalEventKind(record(RXNORM_SYSTEM, '855332', 'medication', 'mg'))).toBe('medication');
  });

  it('should keep a reading an observation, also when it is not a quantity', () => {
    expect(canonicalEventKind(record(LOINC_SYSTEM, '99504-3', 'cgm', 'mg/dL'))).toBe('observation');
    expect(canonicalEventKind({ codeSystem: LOINC_SYSTEM, code: '9059-7', modality: 'meal', value: { kind: 'text', text: 'pasta' } })).toBe('observation');
  });
});

describe(carbohydrateBoundError.name, () => {
  it.each([0, 45, 1000])('should accept %s g', (grams) => {
    expect(carbohydrateBoundError(grams)).toBeUndefined();
  });

  it.each([-5, 1000.5, Number.NaN])('should refuse %s g and say the bound', (grams) => {
    expect(carbohydrateBoundError(grams)).toBe(`a meal's carbohydrate must be 0-1000 g, got ${grams} g`);
  });
});
