import 'reflect-metadata';
import { AccessDeniedError, Role, type Principal } from '@shuji/access';
import { CDS_DISCOVERY_SCHEMA, CDS_FEEDBACK_SCHEMA, CDS_REQUEST_SCHEMAS, CDS_RESPONSE_SCHEMA, RecommendInputError, type CdsCard, type CdsHook, type PanelFacts } from '@shuji/recommend';
import { fhirR4SchemaErrors, jsonSchemaErrors } from '@shuji/testing';
import { describe, expect, it } from 'vitest';
import { CdsHooksService } from './cds-hooks.service';
import { CdsServiceNotFoundError } from './recommendation.tokens';
import { FakeRecommendationStore } from './recommendation-store.fake';

/**
 * CDS Hooks 2.0 conformance (issue 15): discovery, a request and response of each hook and feedback validated
 * against JSON Schemas of the 2.0 shapes (libs/recommend/src/cds/testing), card field limits, and refusals.
 */
const conforms = jsonSchemaErrors;

const clinician: Principal = { id: 'clinician:c1', role: Role.Clinician, patients: ['p1'] };
const NOW = new Date('2026-12-01T12:00:00Z');
const facts: PanelFacts = { cgmReadings: 288, cgmBelow70: 30, cgmBelow54: 10, lastSystolic: 185, lastInr: 4.8 };

function makeSut() {
  const store = new FakeRecommendationStore();
  const reads: string[] = [];
  const sut = new CdsHooksService('shuji@test', store, (patientId) => {
    reads.push(patientId);
    return Promise.resolve(patientId === 'p1' ? facts : undefined);
  }, () => Promise.resolve({ revision: 7, components: ['hamberg-warfarin@1.0.0/twin.1'] }));
  return { sut, store, reads };
}

const medication = (id: string, atc: string, display: string, mg: number) => ({
  resourceType: 'MedicationRequest',
  id,
  status: 'draft',
  intent: 'order',
  subject: { reference: 'Patient/p1' },
  medicationCodeableConcept: { coding: [{ system: 'http://www.whocc.no/atc', code: atc, display }] },
  dosageInstruction: [{ timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } }, doseAndRate: [{ doseQuantity: { value: mg, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }] }],
});
const observation = (loinc: string, value: number, unit: string) => ({ resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: loinc }] }, effectiveDateTime: '2026-11-01T09:00:00Z', valueQuantity: { value, unit, code: unit } });
const genotype = (text: string) => ({ resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '84413-4' }] }, valueString: text });
const searchset = (...resources: object[]) => ({ resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource })) });

const warfarin = medication('w1', 'B01AA03', 'warfarin', 10);
const amlodipine = medication('a1', 'C08CA01', 'amlodipine', 20);
const prefetch = {
  patient: { resourceType: 'Patient', id: 'p1', birthDate: '1960-05-01' },
  genotypes: searchset(genotype('CYP2C9 *1/*3'), genotype('VKORC1 GA')),
  observations: searchset(observation('8302-2', 172, 'cm'), observation('29463-7', 80, 'kg')),
  medications: searchset({ ...medication('m9', 'C01BD01', 'amiodarone', 200), status: 'active' }),
};
const base = { hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea', fhirServer: 'https://ehr.example.org/fhir' };
const requests: Record<CdsHook, { service: string; body: Record<string, unknown> }> = {
  'patient-view': { service: 'shuji-patient-view', body: { ...base, hook: 'patient-view', context: { userId: 'Practitioner/123', patientId: 'p1' } } },
  'order-select': {
    service: 'shuji-order-select',
    body: { ...base, hook: 'order-select', context: { userId: 'Practitioner/123', patientId: 'p1', selections: ['MedicationRequest/w1'], draftOrders: searchset(warfarin, amlodipine) }, prefetch },
  },
  'order-sign': {
    service: 'shuji-order-sign',
    body: {
      ...base,
      hook: 'order-sign',
      fhirAuthorization: { access_token: 'opaque', token_type: 'Bearer', expires_in: 300, scope: 'user/Patient.read user/Observation.read', subject: 'cds-service' },
      context: { userId: 'Practitioner/123', patientId: 'p1', draftOrders: searchset(warfarin, amlodipine) },
      prefetch,
    },
  },
};

const expectCardsConform = (response: unknown): void => {
  expect(conforms(CDS_RESPONSE_SCHEMA, response)).toEqual([]);
  for (const card of (response as { cards: CdsCard[] }).cards) {
    expect(card.summary.length).toBeLessThan(140);
    // a suggestion's resource is what the EHR would write: a valid FHIR R4 resource
    for (const action of card.suggestions?.flatMap((s) => s.actions) ?? []) expect(fhirR4SchemaErrors(action.resource)).toEqual([]);
  }
};

describe('CDS Hooks 2.0 conformance', () => {
  it('should describe its services in a discovery document of the 2.0 shape, one per hook', () => {
    const { sut } = makeSut();
    const discovery = sut.discovery();
    expect(conforms(CDS_DISCOVERY_SCHEMA, discovery)).toEqual([]);
    expect(discovery.services.map((s) => s.hook).sort()).toEqual(['order-select', 'order-sign', 'patient-view']);
  });

  it.each(Object.keys(requests) as CdsHook[])('should accept a 2.0 %s request and answer cards of the 2.0 shape', async (hook) => {
    const { sut } = makeSut();
    const { service, body } = requests[hook];
    expect(conforms(CDS_REQUEST_SCHEMAS[hook], body)).toEqual([]);
    const response = await sut.call(clinician, service, body, NOW);
    expectCardsConform(response);
    expect(response.cards.length).toBeGreaterThan(0);
  });

  it('should show each risk flag and each recommendation awaiting a decision on patient-view', async () => {
    const { sut, store } = makeSut();
    await sut.call(clinician, 'shuji-order-sign', requests['order-sign'].body, NOW);
    const response = await sut.call(clinician, 'shuji-patient-view', requests['patient-view'].body, NOW);
    expectCardsConform(response);
    expect(response.cards.map((c) => c.indicator)).toEqual(['critical', 'critical', 'critical', 'info']);
    expect(response.cards[3]!.uuid).toBe([...store.rows.keys()][0]);
    expect(response.cards[0]!.links?.[0]?.url).toBe('https://doi.org/10.2337/dci19-0028');
  });

  it('should store the warfarin card as a recommendation with its provenance, warn on a dose outside the model interval and flag amlodipine above the label', async () => {
    const { sut, store } = makeSut();
    const response = await sut.call(clinician, 'shuji-order-sign', requests['order-sign'].body, NOW);
    const [w, a] = response.cards;
    const stored = store.rows.get(w!.uuid)!;
    expect(stored).toMatchObject({ kind: 'warfarin-dose', patientId: 'p1', inputs: { age_years: 66, cyp2c9: '*1/*3', vkorc1_1639: 'A/G', amiodarone: true, enzyme_inducer: false } });
    expect(stored.provenance).toMatchObject({ code_version: 'shuji@test', twin: { revision: 7 }, seed: 20070401, models: [{ id: 'hamberg-warfarin' }] });
    // 70 mg/week for a CYP2C9*1/*3 carrier on amiodarone is far above the model's interval
    expect(w!.indicator).toBe('warning');
    expect(w!.suggestions?.[0]?.actions?.[0]).toMatchObject({ type: 'update', resource: { resourceType: 'MedicationRequest', id: 'w1' } });
    expect(a).toMatchObject({ indicator: 'critical', suggestions: [{ actions: [{ resource: { dosageInstruction: [{ doseAndRate: [{ doseQuantity: { value: 10 } }] }] } }] }] });
  });

  it('should say what is missing instead of a dose when the prefetch lacks the calculator inputs', async () => {
    const { sut, store } = makeSut();
    const { prefetch: _omitted, ...body } = requests['order-sign'].body;
    const response = await sut.call(clinician, 'shuji-order-sign', body, NOW);
    expectCardsConform(response);
    expect(response.cards[0]).toMatchObject({ indicator: 'info', detail: expect.stringContaining('birthDate') });
    expect(store.rows.size).toBe(0);
  });

  it('should record 2.0 feedback, and a decision when the card is a stored recommendation', async () => {
    const { sut, store } = makeSut();
    const [w, a] = (await sut.call(clinician, 'shuji-order-sign', requests['order-sign'].body, NOW)).cards;
    const feedback = {
      feedback: [
        { card: a!.uuid, outcome: 'accepted', acceptedSuggestions: [{ id: a!.suggestions![0]!.uuid }], outcomeTimestamp: '2026-12-01T12:01:00Z' },
        { card: w!.uuid, outcome: 'overridden', overrideReason: { reason: { system: 'urn:shuji:cds:override-reason', code: 'patient-preference', display: 'Patient preference' }, userComment: 'stays on 5 mg' }, outcomeTimestamp: '2026-12-01T12:01:00Z' },
      ],
    };
    expect(conforms(CDS_FEEDBACK_SCHEMA, feedback)).toEqual([]);
    expect(await sut.feedback(clinician, 'shuji-order-sign', feedback)).toEqual({ recorded: 2, decisions: 1 });
    expect(store.rows.get(w!.uuid)!.decisions).toMatchObject([{ decision: 'overridden', reason: 'Patient preference: stays on 5 mg', channel: 'cds-hooks', decidedBy: 'clinician:c1' }]);
    expect(store.feedback.map((f) => f.outcome)).toEqual(['accepted', 'overridden']);
  });

  it('should refuse a request of the wrong hook, without a hookInstance or with an unknown service, storing nothing', async () => {
    const { sut, store } = makeSut();
    const body = requests['order-sign'].body;
    await expect(sut.call(clinician, 'shuji-order-select', body, NOW)).rejects.toMatchObject({ field: 'hook' });
    await expect(sut.call(clinician, 'shuji-order-sign', { ...body, hookInstance: 'x' }, NOW)).rejects.toMatchObject({ field: 'hookInstance' });
    await expect(sut.call(clinician, 'shuji-order-sign', { ...body, fhirServer: undefined }, NOW)).rejects.toMatchObject({ field: 'fhirAuthorization' });
    await expect(sut.call(clinician, 'no-such', body, NOW)).rejects.toBeInstanceOf(CdsServiceNotFoundError);
    await expect(sut.feedback(clinician, 'shuji-order-sign', { feedback: [{ card: 'nope', outcome: 'accepted', outcomeTimestamp: '2026-12-01T12:00:00Z' }] })).rejects.toBeInstanceOf(RecommendInputError);
    expect(store.rows.size + store.feedback.length).toBe(0);
  });

  it('should refuse a hook call without a principal or for a patient out of scope, and feedback from a patient', async () => {
    const { sut, reads } = makeSut();
    const body = requests['patient-view'].body;
    await expect(sut.call(undefined, 'shuji-patient-view', body, NOW)).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(sut.call({ ...clinician, patients: ['p2'] }, 'shuji-patient-view', body, NOW)).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(sut.feedback({ id: 'patient:p1', role: Role.Patient, patients: ['p1'] }, 'shuji-patient-view', { feedback: [] })).rejects.toBeInstanceOf(AccessDeniedError);
    expect(reads).toEqual([]);
  });
});
