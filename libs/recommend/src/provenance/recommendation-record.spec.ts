import { describe, expect, it } from 'vitest';
import { RecommendInputError } from '../shared/recommend-input.error';
import { canonicalJson, makeRecommendation, parseRecommendationRequest, rerunRecommendation } from './recommendation-record';

const warfarinInputs = { age_years: 70, height_cm: 165, weight_kg: 70, cyp2c9: '*1/*2', vkorc1_1639: 'A/G', race: 'white', amiodarone: false, enzyme_inducer: true, target_inr: 2.5 };
const weightInputs = { sex: 'female', age_years: 40, height_cm: 165, weight_kg: 80, physical_activity_level: 1.6, goal_weight_kg: 72, start_date: '2026-01-01', goal_date: '2026-09-01' };
const context = { codeVersion: 'shuji@test', twin: { revision: 3, components: ['hamberg-warfarin@1.0.0/twin.1'] } };
/** What the store gives back: JSON (jsonb keeps the numbers, not the key order). */
const throughStore = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe(makeRecommendation.name, () => {
  it('should record the models, sources, seed, code version and twin a warfarin dose rests on', () => {
    const sut = makeRecommendation(parseRecommendationRequest({ kind: 'warfarin-dose', patient_id: 'p1', inputs: warfarinInputs }), context);
    expect(sut.provenance).toMatchObject({ models: [{ id: 'hamberg-warfarin' }], seed: 20070401, code_version: 'shuji@test', twin: context.twin });
    expect(sut.provenance.sources.join(' ')).toMatch(/Hamberg.*2007/);
    expect(sut.provenance.sources.join(' ')).toMatch(/rifampicin/);
    expect(sut.headline).toMatch(/^Warfarin \d+(\.\d)? mg\/week/);
  });

  it('should name the input field, prefixed with inputs., when a recommender refuses it', () => {
    const request = parseRecommendationRequest({ kind: 'weight-plan', inputs: { ...weightInputs, goal_date: '2025-01-01' } });
    expect(() => makeRecommendation(request, context)).toThrow(expect.objectContaining({ field: 'inputs.goal_date' }));
    const warfarin = parseRecommendationRequest({ kind: 'warfarin-dose', inputs: { ...warfarinInputs, weight_kg: -1 } });
    expect(() => makeRecommendation(warfarin, context)).toThrow(expect.objectContaining({ field: 'inputs.weight_kg' }));
  });
});

describe(parseRecommendationRequest.name, () => {
  it.each([
    [{ kind: 'magic', inputs: {} }, 'kind'],
    [{ kind: 'weight-plan', inputs: [] }, 'inputs'],
    [{ kind: 'weight-plan', patient_id: 'a b', inputs: {} }, 'patient_id'],
    [{ kind: 'weight-plan', inputs: {}, extra: 1 }, 'extra'],
    ['text', 'body'],
  ])('should refuse %j naming %s', (body, field) => {
    expect(() => parseRecommendationRequest(body)).toThrow(RecommendInputError);
    expect(() => parseRecommendationRequest(body)).toThrow(expect.objectContaining({ field }));
  });
});

describe(rerunRecommendation.name, () => {
  it.each([
    ['warfarin-dose', warfarinInputs],
    ['weight-plan', weightInputs],
  ])('should reproduce a stored %s exactly from its stored inputs', (kind, inputs) => {
    const stored = throughStore(makeRecommendation(parseRecommendationRequest({ kind, inputs }), context));
    const sut = rerunRecommendation(stored);
    expect(sut.differences).toEqual([]);
    expect(sut.reproduced).toBe(true);
    expect(canonicalJson(sut.output)).toBe(canonicalJson(stored.output));
  });

  it('should name the path that differs when the stored output is not what the inputs give', () => {
    const stored = throughStore(makeRecommendation(parseRecommendationRequest({ kind: 'warfarin-dose', inputs: warfarinInputs }), context));
    const tampered = { ...stored, output: { ...(stored.output as Record<string, unknown>), weekly_dose_mg: (stored.output as { weekly_dose_mg: number }).weekly_dose_mg + 0.1 } };
    const sut = rerunRecommendation(tampered);
    expect(sut.reproduced).toBe(false);
    expect(sut.differences).toEqual(['/weekly_dose_mg']);
  });
});

describe(canonicalJson.name, () => {
  it('should give one text for objects that differ only in key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { e: 3, f: 2 }] }, b: 1 }));
  });
});
