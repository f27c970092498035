import { describe, expect, it } from 'vitest';
import { isAtcSubstanceCode, isLoincCode, isModelId, isRxcui, isSnomedConceptId } from './code-format.util';

describe(isSnomedConceptId.name, () => {
  it('should accept concept ids with a valid Verhoeff check digit and refuse a slipped digit', () => {
    for (const code of ['46635009', '38341003', '49436004', '429098002', '414916001', '238131007', '77386006', '731000124108']) expect(isSnomedConceptId(code), code).toBe(true);
    expect(isSnomedConceptId('38341004')).toBe(false); // wrong check digit
    expect(isSnomedConceptId('38314003')).toBe(false); // transposed digits
    expect(isSnomedConceptId('038341003')).toBe(false);
    expect(isSnomedConceptId('12345')).toBe(false);
  });

  it('should refuse an id of the description or relationship partition, whatever its check digit', () => {
    // one of the ten last digits is Verhoeff-valid, so only the partition check (01, 02) refuses it
    for (const partition of ['01', '02']) {
      for (let d = 0; d <= 9; d++) expect(isSnomedConceptId(`12345${partition}${d}`)).toBe(false);
    }
    expect(Array.from({ length: 10 }, (_, d) => isSnomedConceptId(`1234500${d}`)).filter(Boolean)).toHaveLength(1);
  });
});

describe(isLoincCode.name, () => {
  it('should accept LOINC codes with their mod-10 check digit and refuse others', () => {
    for (const code of ['8480-6', '8462-4', '29463-7', '39156-5', '6301-6', '34714-6', '4548-4', '99504-3', '41653-7', '2339-0']) expect(isLoincCode(code), code).toBe(true);
    expect(isLoincCode('8480-5')).toBe(false);
    expect(isLoincCode('4880-6')).toBe(false);
    expect(isLoincCode('8480')).toBe(false);
  });
});

describe('other code formats', () => {
  it('should know an ATC substance code, an RXCUI and a model id', () => {
    expect(['B01AA03', 'C09AA03', 'M01AE01'].every(isAtcSubstanceCode)).toBe(true);
    expect(['B01AA', 'b01aa03', 'B01AA3'].some(isAtcSubstanceCode)).toBe(false);
    expect(isRxcui('11289')).toBe(true);
    expect(isRxcui('011289')).toBe(false);
    expect(isModelId('uva-padova-s2008')).toBe(true);
    expect(isModelId('UVA padova')).toBe(false);
  });
});
