import { fhirR4SchemaErrors } from '@shuji/testing';
import { describe, expect, it } from 'vitest';
import type { OptimiseResult } from '../optimise/optimise-plans';
import { fhirProvenance } from './fhir-provenance';
import { isTwinBasis, modelVersionOf, optimiseHeadline, optimiseRecommendationDraft, twinBasisOf } from './twin-recommendation';

const d = (mean: number, q10: number, q90: number) => ({ mean, q10, q50: mean, q90 });
const result = (options: unknown[]): OptimiseResult =>
  ({
    patient_id: 'p1',
    kind: 't1d-settings',
    horizon: 'P7D',
    seed: 1,
    objective: { outcome: 'time_in_range', direction: 'maximise' },
    hard_limits: { dimensions: [{ key: 'basal_units_per_day', unit: 'U/day' }, { key: 'carb_ratio_g_per_unit', unit: 'g/U' }, { key: 'correction_factor_mg_dl_per_unit', unit: 'mg/dL/U' }] },
    options,
  }) as unknown as OptimiseResult;
const best = {
  rank: 1,
  settings: { basal_units_per_day: 24, carb_ratio_g_per_unit: 9.0498, correction_factor_mg_dl_per_unit: 50 },
  step_percent: { basal_units_per_day: 20, carb_ratio_g_per_unit: -9.5, correction_factor_mg_dl_per_unit: 0 },
  difference: { time_in_range: d(5.14, 1.2, 8.04) },
};
const asOf = {
  mark: '2026-12-04T10:00:00.123456Z',
  eventsSha256: 'ab'.repeat(32),
  summary: {
    patientId: 'p1',
    revision: 900,
    components: [{ id: 'uva-padova-s2008@2008.1/twin.4', explains: [], variables: [] }],
    state: [],
    parameters: [{ name: 'kabs', unit: '1/min', mean: 0.05, sd: 0.01, p05: 0.035, p95: 0.067 }],
    dataCoverage: [{ loinc: '99504-3', count: 864, first: '2026-12-01T00:00:00.000Z', last: '2026-12-03T23:55:00.000Z' }],
    lastUpdate: '2026-12-03T23:55:00.000Z',
  },
};

describe('twin recommendations', () => {
  it('should headline the best option\'s steps and its effect with its interval, or say that none is offered', () => {
    expect(optimiseHeadline(result([best]))).toBe('basal +20 % (24 U/day), carb ratio −9.5 % (9.05 g/U) → time in range +5.1 (10–90 %: +1.2 to +8) over P7D');
    expect(optimiseHeadline(result([]))).toBe('No change offered: no plan kept every limit and improved time in range for most members');
    // the sign is the rounded value's: an effect that rounds to 0 is "±0", not "+0" or "−0"
    const small = { ...best, difference: { time_in_range: d(0.04, -0.04, 0.26) } };
    expect(optimiseHeadline(result([small]))).toBe('basal +20 % (24 U/day), carb ratio −9.5 % (9.05 g/U) → time in range ±0 (10–90 %: ±0 to +0.3) over P7D');
  });

  it('should store the request with its seed, the models from the twin, and the twin basis a re-run refolds', () => {
    const basis = twinBasisOf(asOf);
    expect(basis).toEqual({
      revision: 900,
      components: ['uva-padova-s2008@2008.1/twin.4'],
      log_mark: asOf.mark,
      events_sha256: asOf.eventsSha256,
      observations: asOf.summary.dataCoverage,
      parameters: asOf.summary.parameters,
    });
    const draft = optimiseRecommendationDraft({ request: { horizon: 'P7D' }, result: result([best]), basis, codeVersion: 'shuji@test' });
    expect(draft).toMatchObject({ kind: 't1d-settings', patientId: 'p1', inputs: { horizon: 'P7D', seed: 1 } });
    expect(draft.provenance.models).toEqual([{ id: 'uva-padova-s2008', version: '2008.1/twin.4' }]);
    expect(isTwinBasis(draft.provenance.twin)).toBe(true);
    expect(isTwinBasis({ revision: 1, components: [] })).toBe(false);
    expect(modelVersionOf('plain')).toEqual({ id: 'plain', version: 'unversioned' });

    const fhir = fhirProvenance({ id: '6a7e5a0c-0000-4000-8000-000000000002', headline: draft.headline, patientId: 'p1', createdAt: new Date('2026-12-04T10:00:01Z'), createdBy: 'clinician:c1', provenance: draft.provenance });
    expect(fhirR4SchemaErrors(fhir)).toEqual([]);
    const shown = (fhir.entity as { what: { display: string } }[]).map((e) => e.what.display);
    expect(shown).toContain(`digital twin revision 900: uva-padova-s2008@2008.1/twin.4; folded from its event log through ${asOf.mark} (events SHA-256 ${asOf.eventsSha256})`);
    expect(shown).toContain('864 observations of LOINC 99504-3, 2026-12-01T00:00:00.000Z to 2026-12-03T23:55:00.000Z');
  });
});
