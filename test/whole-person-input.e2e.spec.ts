import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '@shuji/access';
import { InProcessBroker } from '@shuji/messaging';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { writeTestTokens } from './support/access-tokens.testing';
import { useEmbeddedPlatform } from './support/embedded-platform.testing';
import { postJson, waitFor } from './support/http.testing';

/**
 * Issue 13's inputs at the real gateway (embedded platform: one process, in-process bus, embedded PostgreSQL): drug
 * doses, genotypes, blood-pressure pairs, body weight and the activity level. Bad ones get a 4xx naming the field and
 * nothing of the request is stored; good ones reach the person's twin log as its events.
 */
const P = 'whole-a';
const access = writeTestTokens({ deviceP: { id: 'device:whole-a', role: Role.Device, patients: [P] }, patientP: { id: 'patient:whole-a', role: Role.Patient, patients: [P] } });
const dataDir = mkdtempSync(join(tmpdir(), 'shuji-whole-'));
const embedded = useEmbeddedPlatform(dataDir, () => ({ SHUJI_ACCESS_TOKENS_FILE: access.file, PORT: '0', SHUJI_DEMO: 'false' }));

type Outcome = { issue: { severity: string; diagnostics?: string; expression?: string[] }[] };
type DeviceErrors = { errors: { index: number; field: string; message: string }[] };

const minutesAgo = (min: number): string => new Date(Date.now() - min * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const ATC = 'http://www.whocc.no/atc';
const item = (overrides: Record<string, unknown>): Record<string, unknown> => ({ patient_id: P, time: minutesAgo(20), ...overrides });
const observation = (overrides: Record<string, unknown>): Record<string, unknown> => ({
  resourceType: 'Observation',
  status: 'final',
  subject: { reference: `Patient/${P}` },
  effectiveDateTime: minutesAgo(30),
  ...overrides,
});
const administration = (dose: Record<string, unknown>): Record<string, unknown> => ({
  resourceType: 'MedicationAdministration',
  status: 'completed',
  medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '855332', display: 'warfarin sodium 5 MG Oral Tablet' }] },
  subject: { reference: `Patient/${P}` },
  effectiveDateTime: minutesAgo(40),
  dosage: { dose },
});
const transaction = (...resources: Record<string, unknown>[]) => ({
  resourceType: 'Bundle',
  type: 'transaction',
  entry: resources.map((resource) => ({ resource, request: { method: 'POST', url: resource['resourceType'] } })),
});

async function storedCount(): Promise<number> {
  await embedded.platform.app.get(InProcessBroker).whenIdle();
  const [row] = (await embedded.platform.app.get(DataSource).query('SELECT count(*)::int AS n FROM observations WHERE patient_id = $1', [P])) as { n: number }[];
  return row.n;
}

const device = (items: unknown[]) => postJson(`${embedded.url}/v1/ingest/observations`, items, 'application/json', access.tokens.deviceP);
const fhir = (body: unknown) => postJson(`${embedded.url}/fhir`, body, 'application/fhir+json', access.tokens.patientP);

describe('whole-person inputs at the gateway (issue 13)', () => {
  it('should refuse bad doses, genotypes, BP pairs and weights on the device route, naming index and field, and store nothing of the request', async () => {
    const cgm = item({ code: '99504-3', value: 120, unit: 'mg/dL' });
    for (const [bad, field, text] of [
      [item({ code: `${ATC}|B01AA03`, value: 5, unit: 'mL' }), 'unit', 'a dose of warfarin must be a mass in mg, g, ug, got "mL"'],
      [item({ code: `${ATC}|B01AA03`, value: 5, unit: 'kg' }), 'unit', 'a dose of warfarin must be a mass'],
      [item({ code: `${ATC}|B01AA03`, value: 5, unit: 'g' }), 'value', 'at most 50 mg, got 5000 mg'],
      [item({ code: '84413-4', value: 'CYP2C9 fast' }), 'value', 'a CYP2C9 result must be a diplotype'],
      [item({ code: '84413-4', value: 'hello' }), 'value', 'is not "GENE result"'],
      [item({ code: '29463-7', value: 0, unit: 'kg' }), 'value', 'LOINC 29463-7 must be within 0.2-700 kg'],
      [item({ code: 'urn:shuji:twin|physical-activity-level', value: 4, unit: '1' }), 'value', 'must be within 1-2.5'],
    ] as const) {
      const res = await device([cgm, bad]);
      expect(res.status, text).toBe(422);
      expect((res.body as DeviceErrors).errors[0], text).toMatchObject({ index: 1, field, message: expect.stringContaining(text) });
    }
    const pair = await device([item({ code: '8480-6', value: 80, unit: 'mm[Hg]' }), item({ code: '8462-4', value: 120, unit: 'mm[Hg]' })]);
    expect(pair.status).toBe(422);
    expect((pair.body as DeviceErrors).errors[0]).toMatchObject({ index: 1, field: 'value', message: 'diastolic 120 mm[Hg] must be below the systolic 80 mm[Hg] of the same measurement' });
    expect(await storedCount()).toBe(0);
  });

  it('should refuse them on the FHIR route with an OperationOutcome naming the path, and store nothing of the transaction', async () => {
    const glucose = observation({ code: { coding: [{ system: 'http://loinc.org', code: '2339-0' }] }, valueQuantity: { value: 100, unit: 'mg/dL', system: 'http://unitsofmeasure.org', code: 'mg/dL' } });
    const panel = (sys: number, dia: number) =>
      observation({
        code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
        component: [
          { code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: { value: sys, system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
          { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valueQuantity: { value: dia, system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
        ],
      });
    for (const [bad, path, text] of [
      [administration({ value: 5, system: 'http://unitsofmeasure.org', code: 'mL' }), 'Bundle.entry[1].resource.dosage.dose.code', 'a dose of warfarin must be a mass'],
      [administration({ value: 0.005, system: 'http://unitsofmeasure.org', code: 'kg' }), 'Bundle.entry[1].resource.dosage.dose.code', 'got "kg"'],
      [observation({ code: { coding: [{ system: 'http://loinc.org', code: '84413-4' }] }, valueCodeableConcept: { coding: [{ system: 'https://www.pharmvar.org', code: 'CYP2C9 *1/*banana' }] } }), 'Bundle.entry[1].resource.valueCodeableConcept', 'a CYP2C9 result must be'],
      [observation({ code: { coding: [{ system: 'http://loinc.org', code: '84413-4' }] }, valueString: 'VKORC1 XY' }), 'Bundle.entry[1].resource.valueString', 'GG, GA or AA'],
      [panel(80, 120), 'Bundle.entry[1].resource.component[1].valueQuantity.value', 'diastolic 120 mm[Hg] must be below the systolic 80'],
      [observation({ code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] }, valueQuantity: { value: 0, system: 'http://unitsofmeasure.org', code: 'kg' } }), 'Bundle.entry[1].resource.valueQuantity.value', '0.2-700 kg'],
    ] as const) {
      const res = await fhir(transaction(glucose, bad));
      expect(res.status, text).toBeGreaterThanOrEqual(400);
      expect(res.status, text).toBeLessThan(500);
      const issue = (res.body as Outcome).issue.find((i) => i.severity === 'error');
      expect(issue?.expression, text).toEqual([path]);
      expect(issue?.diagnostics, text).toContain(text);
    }
    expect(await storedCount()).toBe(0);
  });

  it('should take good ones into the twin log: a warfarin dose in mg, the genotypes and the activity level', async () => {
    // the CGM reading starts the (T1D) twin first: the product's registry has no component a dose alone would start
    expect((await device([item({ code: '99504-3', value: 120, unit: 'mg/dL', time: minutesAgo(25) })])).status).toBe(202);
    await embedded.platform.app.get(InProcessBroker).whenIdle();
    const good = await device([
      item({ code: `${ATC}|B01AA03`, value: 5000, unit: 'ug' }),
      item({ code: '84413-4', value: 'CYP2C9 *3/*1' }),
      item({ code: '84413-4', value: 'VKORC1 AG' }),
      item({ code: 'urn:shuji:twin|physical-activity-level', value: 1.6, unit: '1' }),
      item({ code: '8480-6', value: 128, unit: 'mm[Hg]', time: minutesAgo(15) }),
      item({ code: '8462-4', value: 82, unit: 'mm[Hg]', time: minutesAgo(15) }),
    ]);
    expect(good.status).toBe(202);
    const twinEvents = async () =>
      (await embedded.platform.app.get(DataSource).query('SELECT body FROM twin_events WHERE patient_id = $1', [P])) as { body: Record<string, unknown> }[];
    const events = await waitFor(twinEvents, (rows) => rows.length >= 7, 30_000);
    const pick = (kind: string) => events.map((r) => r.body).filter((b) => b['kind'] === kind);
    expect(pick('medication-dose').map((b) => [b['atc'], b['mg']])).toEqual([['B01AA03', 5]]);
    expect(pick('genotype').map((b) => `${String(b['gene'])} ${String(b['result'])}`).sort()).toEqual(['CYP2C9 *1/*3', 'VKORC1 GA']);
    expect(pick('activity-level').map((b) => b['pal'])).toEqual([1.6]);
  });

  it('should turn a MedicationRequest into a schedule in the twin log (planned doses), and refuse an impossible one naming the path', async () => {
    const request = (dosageInstruction?: unknown[]) => ({
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '197361', display: 'amlodipine 5 MG Oral Tablet' }] },
      subject: { reference: `Patient/${P}` },
      authoredOn: minutesAgo(24 * 60),
      ...(dosageInstruction === undefined ? {} : { dosageInstruction }),
    });
    const bad = await fhir(transaction(request([{ timing: { repeat: { frequency: 1, period: 1, periodUnit: 'mo' } } }])));
    expect(bad.status).toBe(400);
    expect((bad.body as Outcome).issue.find((i) => i.severity === 'error')?.expression).toEqual(['Bundle.entry[0].resource.dosageInstruction[0].timing.repeat.periodUnit']);
    const good = await fhir(transaction(request([{ timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } }, doseAndRate: [{ doseQuantity: { value: 2, system: 'http://unitsofmeasure.org', code: '{tbl}' } }] }])));
    expect(good.status).toBe(200);
    const schedules = await waitFor(
      async () => ((await embedded.platform.app.get(DataSource).query("SELECT body FROM twin_events WHERE patient_id = $1 AND body->>'kind' = 'medication-schedule'", [P])) as { body: Record<string, unknown> }[]),
      (rows) => rows.length >= 1,
      30_000,
    );
    expect(schedules.map((r) => [r.body['atc'], r.body['mg'], r.body['everyMin']])).toEqual([['C08CA01', 10, 1440]]);
  });
});
