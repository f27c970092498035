import { fhirR4SchemaErrors } from '@shuji/testing';
import { describe, expect, it } from 'vitest';
import { fhirProvenance } from './fhir-provenance';
import { makeRecommendation, parseRecommendationRequest } from './recommendation-record';

describe(fhirProvenance.name, () => {
  it('should be a valid FHIR R4 Provenance naming the model, its seed, the sources and the twin revision', () => {
    const inputs = { age_years: 70, height_cm: 165, weight_kg: 70, cyp2c9: null, vkorc1_1639: null, race: 'asian', amiodarone: false, enzyme_inducer: false, target_inr: 2.5 };
    const draft = makeRecommendation(parseRecommendationRequest({ kind: 'warfarin-dose', patient_id: 'p1', inputs }), { codeVersion: 'shuji@test', twin: { revision: 4, components: ['c@1'] } });
    const sut = fhirProvenance({ id: '6a7e5a0c-0000-4000-8000-000000000001', headline: draft.headline, patientId: 'p1', createdAt: new Date('2026-12-01T10:00:00Z'), createdBy: 'clinician:c1', provenance: draft.provenance });
    expect(fhirR4SchemaErrors(sut)).toEqual([]);
    const entities = (sut.entity as { what: { display: string; reference?: string } }[]).map((e) => e.what);
    expect(entities[0]!.display).toMatch(/^model hamberg-warfarin .+, seed 20070401$/);
    expect(entities.at(-1)).toEqual({ reference: 'Patient/p1', display: 'digital twin revision 4: c@1' });
    expect(sut.recorded).toBe('2026-12-01T10:00:00.000Z');
  });
});
