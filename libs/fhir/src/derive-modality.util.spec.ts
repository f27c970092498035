import { describe, expect, it } from 'vitest';
import { deriveModality } from './derive-modality.util';

const category = (code: string) => [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code }] }];

describe(deriveModality.name, () => {
  it.each([
    ['8867-4', 'vital-signs', 'vital'],
    ['2339-0', 'laboratory', 'lab'],
    ['72166-2', 'survey', 'note'],
    ['1234-5', 'social-history', 'note'],
    ['1234-5', 'activity', 'activity'],
    ['8867-4', 'vital-sign', 'vital'],
  ] as const)('should map code %s with category %s to %s', (code, cat, modality) => {
    expect(deriveModality(code, category(cat))).toBe(modality);
  });

  it('should let a code that fixes its modality win over the category', () => {
    expect(deriveModality('99504-3', category('laboratory'))).toBe('cgm');
    expect(deriveModality('55423-8', category('vital-signs'))).toBe('activity');
    expect(deriveModality('9059-7', category('survey'))).toBe('meal');
  });

  it('should fall back to the code table, then to note', () => {
    expect(deriveModality('29463-7', undefined)).toBe('vital');
    expect(deriveModality('0000-0', [])).toBe('note');
    expect(deriveModality(undefined, category('unknown-category'))).toBe('note');
  });
});
