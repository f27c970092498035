import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InProcessBroker } from '@shuji/messaging';
import { CDS_DISCOVERY_SCHEMA, CDS_FEEDBACK_SCHEMA, CDS_RESPONSE_SCHEMA } from '@shuji/recommend';
import { freePort, jsonSchemaErrors } from '@shuji/testing';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { writeTestTokens } from './support/access-tokens.testing';
import { useEmbeddedPlatform } from './support/embedded-platform.testing';
import { getJson, postJson } from './support/http.testing';

/**
 * Issue 15 on the embedded platform: recommendations stored in PostgreSQL with their provenance, re-run from the
 * stored row (jsonb) to the same output, decided on by a clinician (audited, append-only); CDS Hooks 2.0 with the
 * CDS client's JWT from the development issuer: discovery, order-sign and patient-view cards, feedback.
 */
const access = writeTestTokens();
const sut = useEmbeddedPlatform(mkdtempSync(join(tmpdir(), 'shuji-cds-')), async () => ({ SHUJI_ACCESS_TOKENS_FILE: access.file, SHUJI_PG_PORT: String(await freePort()), PORT: '0', SHUJI_DEMO: 'false' }));

const conforms = jsonSchemaErrors;

/** A CDS client's JWT: the development issuer's, a clinician deciding on tasks and reading observations. */
async function clinicianJwt(): Promise<string> {
  const res = await postJson(`${sut.url}/auth/dev-token`, { sub: 'ehr-cds-client', role: 'clinician', scopes: ['user/Observation.rs', 'user/Task.cu'] }, 'application/json', access.tokens.admin);
  expect(res.status).toBe(200);
  return (res.body as { access_token: string }).access_token;
}

const warfarinInputs = { age_years: 66, height_cm: 172, weight_kg: 80, cyp2c9: '*1/*3', vkorc1_1639: 'A/G', race: 'white', amiodarone: false, enzyme_inducer: false, target_inr: 2.5 };
type View = { id: string; status: string; provenance: { code_version: string; models: { id: string }[]; seed: number }; decisions: { decision: string; reason: string | null; channel: string }[] };

describe('recommendations and CDS Hooks (embedded platform)', () => {
  it('should store a recommendation with provenance, reproduce it from the database, and record an override with its reason', async () => {
    // a recommendation names only a patient Shuji knows: c1 by one stored observation (a body weight)
    const weighed = [{ patient_id: 'c1', time: '2026-11-30T08:00:00Z', event_id: 'c1-weight-1', source: 'test-scale', code: '29463-7', value: 80, unit: 'kg' }];
    expect((await postJson(`${sut.url}/v1/ingest/observations`, weighed, 'application/json', access.tokens.admin)).status).toBe(202);
    await sut.platform.app.get(InProcessBroker).whenIdle();
    const jwt = await clinicianJwt();
    const bad = await postJson(`${sut.url}/v1/recommendations`, { kind: 'warfarin-dose', patient_id: 'c1', inputs: { ...warfarinInputs, target_inr: 9 } }, 'application/json', jwt);
    expect(bad).toMatchObject({ status: 400, body: { field: 'inputs.target_inr' } });
    const db = sut.platform.app.get(DataSource);
    expect(await db.query('SELECT count(*)::int AS n FROM recommendations')).toEqual([{ n: 0 }]);

    const created = await postJson(`${sut.url}/v1/recommendations`, { kind: 'warfarin-dose', patient_id: 'c1', inputs: warfarinInputs }, 'application/json', jwt);
    expect(created.status).toBe(201);
    const view = created.body as View;
    expect(view).toMatchObject({ status: 'awaiting-decision', provenance: { code_version: expect.stringMatching(/^shuji@/), models: [{ id: 'hamberg-warfarin' }], seed: 20070401 } });

    const rerun = await postJson(`${sut.url}/v1/recommendations/${view.id}/rerun`, {}, 'application/json', jwt);
    expect(rerun).toMatchObject({ status: 200, body: { reproduced: true, differences: [] } });

    const provenance = await getJson(`${sut.url}/v1/recommendations/${view.id}/provenance`, jwt);
    expect(provenance).toMatchObject({ status: 200, body: { resourceType: 'Provenance', entity: expect.arrayContaining([{ role: 'source', what: expect.objectContaining({ display: expect.stringMatching(/^model hamberg-warfarin/) }) }]) } });

    const noReason = await postJson(`${sut.url}/v1/recommendations/${view.id}/decision`, { decision: 'overridden' }, 'application/json', jwt);
    expect(noReason).toMatchObject({ status: 400, body: { field: 'reason' } });
    const decided = await postJson(`${sut.url}/v1/recommendations/${view.id}/decision`, { decision: 'overridden', reason: 'INR not yet stable' }, 'application/json', jwt);
    expect(decided).toMatchObject({ status: 200, body: { status: 'overridden', decisions: [{ decision: 'overridden', reason: 'INR not yet stable', channel: 'api' }] } });

    const audit = (await db.query(`SELECT action FROM audit_log WHERE resource = $1 ORDER BY id`, [`Recommendation/${view.id}`])) as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['create-recommendation', 'rerun-recommendation', 'read-recommendation-provenance', 'decide-recommendation']);
    // the application's role may not rewrite what was advised or decided
    await expect(db.query(`UPDATE recommendation_decisions SET reason = 'edited'`)).rejects.toThrow(/permission denied/);
    await expect(db.query(`DELETE FROM recommendations`)).rejects.toThrow(/permission denied/);
    expect((await getJson(`${sut.url}/v1/recommendations/${view.id}`)).status).toBe(401);
  });

  it('should refuse bad requests on the recommendation and calculator routes with a 4xx naming the field, and store nothing', async () => {
    const jwt = await clinicianJwt();
    const db = sut.platform.app.get(DataSource);
    const stored = async (): Promise<[number, number]> => [
      ((await db.query('SELECT count(*)::int AS n FROM recommendations')) as { n: number }[])[0]!.n,
      ((await getJson(`${sut.url}/v1/patients/c1/recommendations`, jwt)).body as unknown[]).length,
    ];
    const before = await stored();
    const weightPlan = { sex: 'male', age_years: 36, height_cm: 173, weight_kg: 76, physical_activity_level: 1.5, goal_weight_kg: 70, start_date: '2026-01-01', goal_date: '2027-01-01' };
    const recommendation = `${sut.url}/v1/recommendations`;
    const calculator = `${sut.url}/v1/calculators/warfarin-dose`;
    const refusals: [string, string, number, string, unknown][] = [
      ['an unknown patient', recommendation, 422, 'patient_id', { kind: 'weight-plan', patient_id: 'nobody-on-file', inputs: weightPlan }],
      ['a plan outside the limits', recommendation, 400, 'inputs.goal_weight_kg', { kind: 'weight-plan', patient_id: 'c1', inputs: { ...weightPlan, goal_weight_kg: 400 } }],
      ['dates in the wrong order', recommendation, 400, 'inputs.goal_date', { kind: 'weight-plan', patient_id: 'c1', inputs: { ...weightPlan, goal_date: '2025-06-01' } }],
      ['an impossible weight', recommendation, 400, 'inputs.weight_kg', { kind: 'warfarin-dose', patient_id: 'c1', inputs: { ...warfarinInputs, weight_kg: 0 } }],
      ['an impossible target INR', recommendation, 400, 'inputs.target_inr', { kind: 'warfarin-dose', patient_id: 'c1', inputs: { ...warfarinInputs, target_inr: 9 } }],
      ['an unknown kind', recommendation, 400, 'kind', { kind: 'cure-all', patient_id: 'c1', inputs: {} }],
      ['an impossible weight (calculator)', calculator, 400, 'weight_kg', { ...warfarinInputs, weight_kg: 0 }],
      ['an impossible target INR (calculator)', calculator, 400, 'target_inr', { ...warfarinInputs, target_inr: 9 }],
      ['an unknown genotype (calculator)', calculator, 400, 'cyp2c9', { ...warfarinInputs, cyp2c9: '*9/*9' }],
    ];
    for (const [what, route, status, field, body] of refusals) {
      const res = await postJson(route, body, 'application/json', access.tokens.admin);
      expect({ what, status: res.status, body: res.body }).toMatchObject({ what, status, body: { field, message: expect.stringContaining(field.replace(/^inputs\./, '')) } });
    }
    expect(await stored()).toEqual(before);
  });

  it('should answer CDS Hooks 2.0 discovery openly, refuse a hook call without a JWT, and answer one with it in the 2.0 shape', async () => {
    const discovery = await getJson(`${sut.url}/cds-services`);
    expect(discovery.status).toBe(200);
    expect(conforms(CDS_DISCOVERY_SCHEMA, discovery.body)).toEqual([]);

    const order = {
      resourceType: 'MedicationRequest',
      id: 'w1',
      status: 'draft',
      intent: 'order',
      medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '11289', display: 'warfarin' }] },
      dosageInstruction: [{ doseAndRate: [{ doseQuantity: { value: 5, unit: 'mg', code: 'mg', system: 'http://unitsofmeasure.org' } }] }],
    };
    const call = {
      hook: 'order-sign',
      hookInstance: '8b3c8f4e-1f6a-4b8e-9a51-2f0d6c7e9a10',
      context: { userId: 'Practitioner/7', patientId: 'c2', draftOrders: { resourceType: 'Bundle', entry: [{ resource: order }] } },
      prefetch: {
        patient: { resourceType: 'Patient', id: 'c2', birthDate: '1958-03-14' },
        observations: { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Observation', code: { coding: [{ system: 'http://loinc.org', code: '8302-2' }] }, valueQuantity: { value: 168, unit: 'cm' } } }, { resource: { resourceType: 'Observation', code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] }, valueQuantity: { value: 71, unit: 'kg' } } }] },
      },
    };
    expect((await postJson(`${sut.url}/cds-services/shuji-order-sign`, call)).status).toBe(401);
    const jwt = await clinicianJwt();
    expect((await postJson(`${sut.url}/cds-services/shuji-order-sign`, { ...call, hook: 'patient-view' }, 'application/json', jwt)).body).toMatchObject({ field: 'hook' });
    expect((await postJson(`${sut.url}/cds-services/nope`, call, 'application/json', jwt)).status).toBe(404);

    const signed = await postJson(`${sut.url}/cds-services/shuji-order-sign`, call, 'application/json', jwt);
    expect(signed.status).toBe(200);
    expect(conforms(CDS_RESPONSE_SCHEMA, signed.body)).toEqual([]);
    const card = (signed.body as { cards: { uuid: string; summary: string; suggestions: { uuid: string }[] }[] }).cards[0]!;
    expect(card.summary).toMatch(/^Warfarin 35 mg\/week ordered/);

    const view = await postJson(`${sut.url}/cds-services/shuji-patient-view`, { hook: 'patient-view', hookInstance: '0c9b1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d', context: { userId: 'Practitioner/7', patientId: 'c2' } }, 'application/json', jwt);
    expect(conforms(CDS_RESPONSE_SCHEMA, view.body)).toEqual([]);
    expect((view.body as { cards: { uuid: string }[] }).cards.map((c) => c.uuid)).toEqual([card.uuid]);

    const feedback = { feedback: [{ card: card.uuid, outcome: 'accepted', acceptedSuggestions: [{ id: card.suggestions[0]!.uuid }], outcomeTimestamp: new Date().toISOString() }] };
    expect(conforms(CDS_FEEDBACK_SCHEMA, feedback)).toEqual([]);
    expect(await postJson(`${sut.url}/cds-services/shuji-order-sign/feedback`, feedback, 'application/json', jwt)).toMatchObject({ status: 200, body: { recorded: 1, decisions: 1 } });
    const stored = await getJson(`${sut.url}/v1/recommendations/${card.uuid}`, jwt);
    expect(stored.body).toMatchObject({ status: 'accepted', decisions: [{ decision: 'accepted', channel: 'cds-hooks' }] });
    const openAfter = await postJson(`${sut.url}/cds-services/shuji-patient-view`, { hook: 'patient-view', hookInstance: '1c9b1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d', context: { userId: 'Practitioner/7', patientId: 'c2' } }, 'application/json', jwt);
    expect(openAfter.body).toEqual({ cards: [] });
  });
});
