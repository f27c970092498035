import 'reflect-metadata';
import { AccessDeniedError, Role, type Principal } from '@shuji/access';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { RECOMMENDATION_LIST_SCHEMA, RECOMMENDATION_VIEW_SCHEMA, RERUN_VIEW_SCHEMA } from './recommendation-view.schema';
import { RecommendationNotFoundError } from './recommendation.tokens';
import { FakeRecommendationStore } from './recommendation-store.fake';
import { RecommendationsService } from './recommendations.service';

const clinician: Principal = { id: 'clinician:c1', role: Role.Clinician, patients: ['p1'] };
const patient: Principal = { id: 'patient:p1', role: Role.Patient, patients: ['p1'] };
const inputs = { sex: 'male', age_years: 36, height_cm: 173, weight_kg: 76, physical_activity_level: 1.5, goal_weight_kg: 70, start_date: '2026-01-01', goal_date: '2027-01-01' };

/** The errors of an answer against the OpenAPI document's schema (every object closed), as the client gets it (JSON). */
const ajv = new Ajv2020({ strict: false, validateFormats: false });
function undocumented(schema: object, answer: unknown): unknown[] {
  const validate = ajv.compile(schema);
  return validate(JSON.parse(JSON.stringify(answer))) ? [] : (validate.errors ?? []);
}

function makeSut(known: Readonly<Record<string, 'twin' | 'stored'>> = { p1: 'twin' }) {
  const store = new FakeRecommendationStore();
  const twins: string[] = [];
  const sut = new RecommendationsService(
    'shuji@test',
    store,
    (patientId) => {
      twins.push(patientId);
      return Promise.resolve(known[patientId] === 'twin' ? { revision: 12, components: ['hall-body-weight@1.1.0/twin.1'] } : null);
    },
    undefined,
    (patientId) => Promise.resolve(known[patientId] !== undefined),
  );
  return { sut, store, twins };
}

describe(RecommendationsService.name, () => {
  it('should store a recommendation with the twin revision it rests on, and reproduce it on re-run', async () => {
    const { sut, store } = makeSut();
    const created = await sut.create(clinician, { kind: 'weight-plan', patient_id: 'p1', inputs });
    expect(created).toMatchObject({ kind: 'weight-plan', patient_id: 'p1', status: 'awaiting-decision', provenance: { twin: { revision: 12 }, code_version: 'shuji@test', seed: null } });
    expect(store.audit).toEqual(['create-recommendation']);
    const rerun = await sut.rerun(patient, created.id);
    expect(rerun).toMatchObject({ reproduced: true, differences: [] });
    expect(undocumented(RECOMMENDATION_VIEW_SCHEMA, created)).toEqual([]);
    expect(undocumented(RERUN_VIEW_SCHEMA, rerun)).toEqual([]);
    // the schema is closed: a field it does not name is caught
    expect(undocumented(RECOMMENDATION_VIEW_SCHEMA, { ...created, extra: 1 })).not.toEqual([]);
    expect(await sut.provenance(patient, created.id)).toMatchObject({ resourceType: 'Provenance', target: [{ reference: `urn:uuid:${created.id}` }] });
  });

  it('should record an override with its reason and an acceptance, the latest being the status, by a clinician only', async () => {
    const { sut } = makeSut();
    const { id } = await sut.create(clinician, { kind: 'weight-plan', patient_id: 'p1', inputs });
    await expect(sut.decide(patient, id, { decision: 'accepted' })).rejects.toBeInstanceOf(AccessDeniedError);
    await sut.decide(clinician, id, { decision: 'overridden', reason: 'goal too fast for this patient' });
    const view = await sut.decide(clinician, id, { decision: 'accepted' });
    expect(view.status).toBe('accepted');
    expect(undocumented(RECOMMENDATION_VIEW_SCHEMA, view)).toEqual([]);
    expect(undocumented(RECOMMENDATION_LIST_SCHEMA, await sut.listForPatient(clinician, 'p1'))).toEqual([]);
    expect(view.decisions.map((d) => [d.decision, d.reason, d.channel])).toEqual([
      ['overridden', 'goal too fast for this patient', 'api'],
      ['accepted', null, 'api'],
    ]);
  });

  it('should store nothing on a bad request, naming the field, and touch no twin', async () => {
    const { sut, store, twins } = makeSut();
    await expect(sut.create(clinician, { kind: 'weight-plan', patient_id: 'p1', inputs: { ...inputs, weight_kg: 400 } })).rejects.toMatchObject({ field: 'inputs.weight_kg' });
    await expect(sut.create(clinician, { kind: 'weight-plan', patient_id: 'p2', inputs })).rejects.toBeInstanceOf(AccessDeniedError);
    const { id } = await sut.create(clinician, { kind: 'weight-plan', inputs });
    await expect(sut.decide(clinician, id, { decision: 'overridden' })).rejects.toMatchObject({ field: 'reason' });
    await expect(sut.decide(clinician, '6a7e5a0c-0000-4000-8000-000000000000', { decision: 'accepted' })).rejects.toBeInstanceOf(RecommendationNotFoundError);
    expect(store.rows.size).toBe(1);
    expect(store.rows.get(id)!.decisions).toEqual([]);
    expect(twins).toEqual([]);
  });

  it('should refuse a patient Shuji does not know (422 naming patient_id) and store nothing, but take one known without a twin', async () => {
    const { sut, store } = makeSut({ p1: 'stored' });
    const wide: Principal = { id: 'clinician:c2', role: Role.Clinician, patients: ['p1', 'ghost'] };
    await expect(sut.create(wide, { kind: 'weight-plan', patient_id: 'ghost', inputs })).rejects.toMatchObject({ name: 'UnknownPatientError', field: 'patient_id' });
    expect(store.rows.size).toBe(0);
    const created = await sut.create(wide, { kind: 'weight-plan', patient_id: 'p1', inputs });
    expect(created.provenance).toMatchObject({ twin: null });
    expect(store.rows.size).toBe(1);
  });

  it("should not show a patient's recommendation to a principal without that patient in scope", async () => {
    const { sut } = makeSut();
    const { id } = await sut.create(clinician, { kind: 'weight-plan', patient_id: 'p1', inputs });
    await expect(sut.get({ ...clinician, patients: ['p2'] }, id)).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(sut.listForPatient({ ...clinician, patients: ['p2'] }, 'p1')).rejects.toBeInstanceOf(AccessDeniedError);
    expect((await sut.listForPatient(patient, 'p1')).map((r) => r.id)).toEqual([id]);
  });
});
