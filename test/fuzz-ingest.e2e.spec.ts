import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '@shuji/access';
import { Topics } from '@shuji/contracts';
import { LOINC_TABLE, PLAUSIBILITY_TABLE } from '@shuji/fhir';
import { InProcessBroker } from '@shuji/messaging';
import { DeadLetterRepository, ObservationRepository, type StoredObservation } from '@shuji/persistence';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from '../apps/platform/src/index';
import { fhirR4SchemaErrors, freePort } from '@shuji/testing';
import { writeTestTokens } from './support/access-tokens.testing';
import { getJson, postJson } from './support/http.testing';

/**
 * Property-based fuzzing (fast-check) of the FHIR and device routes on the embedded platform (issue 12): random and
 * mutated payloads, sent with patient F's own tokens, never get a 5xx; every body /fhir answers is a schema-valid R4
 * resource; nothing stored is outside its code's plausible range; the other patient's data stay as they were; and
 * the ingest consumer dead-letters nothing the gateway accepted. Seeded (FC_SEED) so a failure replays.
 */
const F = 'fuzz-f';
const OTHER = 'fuzz-other';
const SEED = Number(process.env['FC_SEED'] ?? 20261203);
const RUNS = Number(process.env['FC_RUNS'] ?? 150);
const access = writeTestTokens({
  deviceF: { id: 'device:fuzz-f', role: Role.Device, patients: [F] },
  patientF: { id: 'patient:fuzz-f', role: Role.Patient, patients: [F] },
});
const dataDir = mkdtempSync(join(tmpdir(), 'shuji-fuzz-'));

let platform: RunningPlatform;
let url: string;
let otherBefore: StoredObservation[];
const statuses = new Map<number, number>();

const audit = { actor: 'test:fuzz', action: 'check' };
const minutesAgo = (min: number): string => new Date(Date.now() - min * 60_000).toISOString();
const stored = (patientId: string): Promise<StoredObservation[]> => platform.app.get(ObservationRepository).findRange({ patientId, limit: 10_000 }, audit);

function count(status: number): void {
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
}

/** A /fhir answer: never a 5xx, and a body that is a valid R4 resource (an OperationOutcome or a Bundle). */
function expectFhirAnswer(res: { status: number; body: unknown }): void {
  count(res.status);
  expect(res.status).toBeLessThan(500);
  expect(fhirR4SchemaErrors(res.body)).toEqual([]);
}

// ---- arbitraries: mostly valid values (so that some are stored), their neighbours and garbage ----
const often = <T, U>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<U>): fc.Arbitrary<T | U> => fc.oneof({ weight: 25, arbitrary: valid }, { weight: 1, arbitrary: other });
/** Mostly absent (undefined keys vanish from the JSON), sometimes there. */
const rarely = <T>(there: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: there });
const codes = [...Object.keys(LOINC_TABLE).filter((c) => LOINC_TABLE[c]!.unit !== undefined && c !== '9059-7'), '99504-3', '99504-3', '99504-3'];
const units = ['mg/dL', 'mmol/L', 'kg', 'g', '[lb_av]', '/min', 'Cel', '[degF]', '%', 'mm[Hg]', 'U', 'U/h', 'bogus', '', 'mg\u0000/dL'];
const extreme = fc.constantFrom(0, -5, -90, 1e9, 1e307, -1e307, 5e-324, 39, 600, 3000, 3000.0001, 166.5, Number.MAX_VALUE);
const time = often(
  fc.integer({ min: 1, max: 240 }).map(minutesAgo),
  fc.constantFrom('0001-01-01T00:00:00Z', '1899-12-31T23:59:59Z', new Date(Date.now() + 182 * 86_400_000).toISOString(), '2026-02-30T00:00:00Z', 'yesterday', '2026-01-01T00:00:00'),
);
const text = often(fc.stringMatching(/^[A-Za-z0-9 .:-]{1,30}$/), fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('dex\u0000com', 'x\u001b[2J', '\ud800', 'a'.repeat(300), ' ', '')));
const patient = fc.oneof({ weight: 10, arbitrary: fc.constant(F) }, { weight: 1, arbitrary: fc.constant(OTHER) }, { weight: 1, arbitrary: text });
const odd = fc.oneof(fc.constant(null), fc.constant([]), fc.constant({}), fc.jsonValue({ maxDepth: 3 }));
/** A code with a value and unit that are mostly its own (a plausible value in its canonical unit), sometimes anything. */
const measurement = fc.constantFrom(...codes).chain((code) => {
  const range = PLAUSIBILITY_TABLE[code];
  const canonical = LOINC_TABLE[code]!.unit!;
  const plausible = range === undefined ? fc.double({ min: 0, max: 1000, noNaN: true }) : fc.double({ min: range.min, max: range.max, noNaN: true });
  return fc.record({
    code: often(fc.constant(code), fc.oneof(fc.constantFrom('0000-0', '1234-5', 'http://www.whocc.no/atc|A10AB04', 'urn:x|y\u0000'), odd)),
    value: fc.oneof({ weight: 16, arbitrary: plausible }, { weight: 2, arbitrary: extreme }, { weight: 1, arbitrary: fc.double() }, { weight: 1, arbitrary: odd }),
    unit: often(fc.constant(canonical), fc.oneof(fc.constantFrom(...units), odd)),
  });
});

const deviceItem = fc
  .tuple(measurement, fc.record({ patient_id: often(patient, odd), time: often(time, odd), source: text, event_id: fc.oneof(fc.constantFrom('e-1', 'e-2', 'e-3'), text), display: text, duration_min: rarely(fc.oneof(fc.integer({ min: -5, max: 2000 }), odd)) }, { requiredKeys: ['patient_id', 'time', 'duration_min'] }))
  .map(([m, rest]) => ({ ...rest, ...m }));
const deviceBody = fc.oneof({ weight: 10, arbitrary: fc.array(deviceItem, { minLength: 1, maxLength: 3 }) }, { weight: 1, arbitrary: fc.anything() }, { weight: 1, arbitrary: fc.constant([]) });

const quantityOf = (m: { value: unknown; unit: unknown }) =>
  fc.record({ system: fc.constantFrom('http://unitsofmeasure.org', 'urn:other') }, { requiredKeys: [] }).map((q) => ({ ...q, value: m.value, unit: m.unit, code: m.unit }));
const observation = fc
  .tuple(
    measurement,
    fc.record(
      {
        resourceType: often(fc.constant('Observation'), text),
        id: often(fc.constantFrom('o-1', 'o-2', 'o-3', 'o-4', 'o-5'), text),
        meta: often(fc.record({ versionId: fc.constantFrom('1', '2') }), fc.oneof(fc.constant({ versionId: 'x y' }), odd)),
        status: often(fc.constantFrom('final', 'amended', 'entered-in-error'), text),
        subject: often(patient.map((p) => ({ reference: `Patient/${p}` })), fc.oneof(fc.constantFrom({ reference: 'Patient?identifier=urn:ssn|1' }, { reference: '' }), odd)),
        effectiveDateTime: often(time, odd),
        display: text,
        valueInteger: fc.integer(),
        valueString: text,
        component: rarely(fc.array(measurement.chain((m) => quantityOf(m).map((valueQuantity) => ({ code: { coding: [{ system: 'http://loinc.org', code: m.code }] }, valueQuantity }))), { maxLength: 2 })),
        extension: rarely(fc.oneof(odd, fc.integer({ min: 1, max: 200 }).map((depth) => JSON.parse(`[${'{"extension":['.repeat(depth)}{}${']}'.repeat(depth)}]`) as unknown))),
      },
      { requiredKeys: ['resourceType', 'status', 'subject', 'effectiveDateTime', 'component', 'extension'] },
    ),
    fc.integer({ min: 0, max: 9 }),
  )
  .chain(([m, rest, shape]) =>
    quantityOf(m).map((valueQuantity) => {
      const { display, valueInteger, valueString, ...resource } = rest;
      const code = { coding: [{ system: 'http://loinc.org', code: m.code, ...(display === undefined ? {} : { display }) }] };
      // one value[x] mostly, sometimes two or none (an invariant the edge checks)
      const value = shape < 7 ? { valueQuantity } : shape === 7 ? { valueInteger } : shape === 8 ? { valueString } : { valueQuantity, valueInteger };
      return { ...resource, code, ...value };
    }),
  );
const bundle = fc.record({
  resourceType: fc.constant('Bundle'),
  type: fc.oneof(fc.constantFrom('batch', 'transaction'), text),
  entry: fc.array(fc.oneof({ weight: 8, arbitrary: observation.map((resource) => ({ resource, request: { method: 'POST', url: 'Observation' } })) }, { weight: 1, arbitrary: odd }), { maxLength: 5 }),
});
const search = fc.dictionary(fc.constantFrom('patient', 'code', 'date', '_count', 'subject', 'x\u0000'), fc.oneof(text, patient, fc.constantFrom(...codes), fc.constantFrom('ge2026-01-01', 'lt2026', '%00', '\u0000')), { maxKeys: 4 });

beforeAll(async () => {
  const env = { SHUJI_ACCESS_TOKENS_FILE: access.file, SHUJI_DATA_DIR: dataDir, SHUJI_PG_PORT: String(await freePort()), PORT: '0', SHUJI_DEMO: 'false', SHUJI_RATE_LIMIT_PER_SEC: '0' };
  platform = await startPlatform(env);
  url = platform.url.replace('localhost', '127.0.0.1');
  // the other patient's data, which nothing sent with F's tokens may change
  const seed = Array.from({ length: 5 }, (_, i) => ({ patient_id: OTHER, code: '99504-3', value: 100 + i, unit: 'mg/dL', time: minutesAgo(200 - i * 5), event_id: `e-${i + 1}` }));
  expect((await postJson(`${url}/v1/ingest/observations`, seed, 'application/json', access.tokens.admin)).status).toBe(202);
  const obs = { resourceType: 'Observation', id: 'o-1', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] }, subject: { reference: `Patient/${OTHER}` }, effectiveDateTime: minutesAgo(300), valueQuantity: { value: 70, unit: 'kg' } };
  expect((await postJson(`${url}/fhir/Observation`, obs, 'application/fhir+json', access.tokens.admin)).status).toBe(201);
  await platform.app.get(InProcessBroker).whenIdle();
  otherBefore = await stored(OTHER);
  expect(otherBefore).toHaveLength(6);
}, 180_000);

afterAll(async () => {
  console.log(`fuzz answers by status (seed ${SEED}, ${RUNS} runs per route): ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
  await platform?.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('fuzzing the ingest routes on the embedded platform (issue 12)', () => {
  it('should never answer a device batch with a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(deviceBody, async (body) => {
        const res = await postJson(`${url}/v1/ingest/observations`, JSON.stringify(body) ?? 'null', 'application/json', access.tokens.deviceF);
        count(res.status);
        expect(res.status).toBeLessThan(500);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 300_000);

  it('should answer every FHIR Observation, Bundle and search with a 4xx or 2xx and a valid R4 resource', async () => {
    await fc.assert(
      fc.asyncProperty(observation, async (resource) => expectFhirAnswer(await postJson(`${url}/fhir/Observation`, resource, 'application/fhir+json', access.tokens.patientF))),
      { seed: SEED, numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(bundle, async (b) => expectFhirAnswer(await postJson(`${url}/fhir`, b, 'application/fhir+json', access.tokens.patientF))),
      { seed: SEED, numRuns: Math.ceil(RUNS / 3) },
    );
    await fc.assert(
      fc.asyncProperty(search, async (query) => expectFhirAnswer(await getJson(`${url}/fhir/Observation?${new URLSearchParams(query).toString()}`, access.tokens.patientF))),
      { seed: SEED, numRuns: Math.ceil(RUNS / 3) },
    );
  }, 300_000);

  it('should have stored only plausible values, left the other patient as it was, and dead-lettered nothing the edge accepted', async () => {
    await platform.app.get(InProcessBroker).whenIdle();
    const mine = await stored(F);
    expect(mine.length).toBeGreaterThan(0);
    for (const o of mine) {
      if (o.value.kind !== 'quantity') continue;
      expect(Number.isFinite(o.value.value), o.code).toBe(true);
      const range = o.codeSystem === 'http://loinc.org' ? PLAUSIBILITY_TABLE[o.code] : undefined;
      if (range !== undefined && range.unit === o.value.unit) expect(o.value.value >= range.min && o.value.value <= range.max, `${o.code} ${o.value.value}`).toBe(true);
    }
    expect(await stored(OTHER)).toEqual(otherBefore);
    const letters = await platform.app.get(DeadLetterRepository).list(audit, Topics.ingestRequested, 10_000);
    expect(letters.filter((l) => l.errorCode !== 'EVENT_ID_CONFLICT').map((l) => `${l.errorCode}: ${l.reason}`)).toEqual([]);
  });
});
