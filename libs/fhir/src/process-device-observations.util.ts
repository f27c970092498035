import { LOINC_SYSTEM, MODALITIES, RXNORM_SYSTEM, type CanonicalObservation, type Modality } from './canonical-observation';
import { convertUnit, normaliseUnitSymbol } from './convert-unit.util';
import { deterministicUuid } from './deterministic-uuid.util';
import type { DeviceFieldError, DeviceIngestResult, IngestOptions } from './ingest-result';
import { isValidLoincCode } from './is-valid-loinc-code.util';
import { LOINC_TABLE } from './loinc-table';
import { parseFhirDateTime } from './parse-fhir-date-time.util';
import { FHIR_ID, isRecord } from './validate-datatypes.util';
import { ATC_SYSTEM, INSULIN_RATE_UNIT, checkInsulinQuantity, isInsulinCoding, readInsulinUnit, type InsulinQuantity } from './insulin.util';
import { CARBOHYDRATE_INTAKE_LOINC, carbohydrateBoundError } from './canonical-event-kind.util';
import { exceedsJsonDepth, JSON_MAX_DEPTH } from './check-json-depth.util';
import { bloodPressurePairError } from './check-blood-pressure.util';
import { plausibilityError } from './check-plausibility.util';
import { atcOfDrug, checkDrugDose, DRUG_TABLE } from './drug-dose.util';
import { GENOTYPE_LOINC, readGenotype } from './genotype.util';
import { textError } from './check-text.util';
import { timePolicyError } from './time-policy.util';

/**
 * The compact device format of `POST /v1/ingest/observations`, for CGMs and wearables that do not speak FHIR:
 *
 *   [{ "patient_id": "p-17", "code": "99504-3", "value": 6.1, "unit": "mmol/L", "time": "2026-03-01T08:05:00Z",
 *      "source": "dexcom-g7", "modality": "cgm", "event_id": "g7-000123" }]
 *
 * - `patient_id`: a FHIR id ([A-Za-z0-9-.]{1,64}).
 * - `code`: a LOINC code (`99504-3`, its Mod 10 check digit verified) or `system|code` for another code system.
 * - `value`: a finite number; `unit`: its UCUM unit, converted to the code's canonical unit when the code is known.
 * - `time`: an ISO 8601 instant with a zone, within the time policy (time-policy.util: 1900 to 5 min after `receivedAt`).
 * - `source`, `modality`, `event_id`: optional. Without `event_id` the id is a name-based UUID of
 *   (patient, code, time, source), so a device that re-sends a reading is stored once.
 * Unknown fields are refused (they are usually a misspelt known field). Every error names the index and field.
 *
 * Meals and insulin are items of the same shape, so a CGM app uploads its whole timeline in one batch:
 *
 *   { "patient_id": "p-17", "code": "9059-7", "value": 45, "unit": "g", "time": "…" }                       a meal
 *   { "patient_id": "p-17", "code": "http://www.whocc.no/atc|A10AB04", "value": 4.5, "unit": "U", "time": "…" }  a bolus
 *   { …, "code": "http://www.whocc.no/atc|A10AB04", "value": 0.9, "unit": "U/h", "time": "…" }                a basal rate
 *   { …, "code": "http://www.whocc.no/atc|A10AB04", "value": 0.45, "unit": "U", "duration_min": 30, … }      the same rate
 *
 * - A meal is LOINC 9059-7 (carbohydrate intake) in g (or another mass unit), 0–1000 g; modality `meal`.
 * - Insulin is coded ATC A10A… (or RxNorm with `display` naming the insulin); its unit is `U`/`[IU]` for a
 *   bolus, `U/h`/`[IU]/h` for a basal rate in force from `time`, or `U` with `duration_min` (units delivered over
 *   that many minutes, stored as the rate). `U` is read as the international unit. A bolus is 0–300 IU, a rate
 *   0–100 IU/h; modality `medication`. Other ATC/RxNorm codes are medications stored as sent.
 * - `display`: optional name of the code (needed only to recognise an RxNorm insulin).
 */
export const DEVICE_BATCH_MAX = 10_000;
const FIELDS = new Set(['patient_id', 'code', 'value', 'unit', 'time', 'source', 'modality', 'event_id', 'display', 'duration_min']);
const EVENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function processDeviceObservations(input: unknown, options: IngestOptions): DeviceIngestResult {
  if (!Array.isArray(input)) return { ok: false, errors: [{ index: -1, field: '(body)', message: 'the body must be a JSON array of observations' }] };
  if (input.length === 0) return { ok: false, errors: [{ index: -1, field: '(body)', message: 'the array is empty' }] };
  if (input.length > DEVICE_BATCH_MAX) {
    return { ok: false, errors: [{ index: -1, field: '(body)', message: `at most ${DEVICE_BATCH_MAX} observations per request, got ${input.length}` }] };
  }
  if (exceedsJsonDepth(input)) return { ok: false, errors: [{ index: -1, field: '(body)', message: `the body nests deeper than ${JSON_MAX_DEPTH} levels` }] };
  const errors: DeviceFieldError[] = [];
  const records: CanonicalObservation[] = [];
  input.forEach((item, index) => {
    const record = readItem(item, index, options, errors);
    if (record !== undefined) records.push(record);
  });
  // without errors every item gave its record, so a record's index is its item's
  const pair = errors.length > 0 ? undefined : bloodPressurePairError(records);
  if (pair !== undefined) errors.push({ index: pair.index, field: 'value', message: pair.message });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, observations: records };
}

function readItem(item: unknown, index: number, options: IngestOptions, errors: DeviceFieldError[]): CanonicalObservation | undefined {
  const fail = (field: string, message: string): undefined => {
    errors.push({ index, field, message });
    return undefined;
  };
  if (!isRecord(item)) return fail('(item)', 'each observation must be a JSON object');
  const before = errors.length;
  for (const key of Object.keys(item)) if (!FIELDS.has(key)) fail(key, `unknown field "${key}"; allowed: ${[...FIELDS].join(', ')}`);

  const patientId = item['patient_id'];
  if (typeof patientId !== 'string' || !FHIR_ID.test(patientId)) fail('patient_id', 'patient_id is required: 1-64 characters of A-Z a-z 0-9 - .');

  const code = readCode(item['code']);
  if (code === undefined) fail('code', 'code is required: a LOINC code with a valid check digit such as "99504-3", or "system|code"');

  const value = item['value'];
  const genotype = code?.system === LOINC_SYSTEM && code.code === GENOTYPE_LOINC;
  if (genotype) {
    const read = typeof value === 'string' && textError(value, 256) === undefined ? readGenotype(value) : { ok: false as const, message: 'a genotype (84413-4) value is a string such as "CYP2C9 *1/*3"' };
    if (!read.ok) fail('value', read.message);
    if (item['unit'] !== undefined) fail('unit', 'a genotype has no unit');
  } else if (typeof value !== 'number' || !Number.isFinite(value)) fail('value', `value must be a finite number, got ${JSON.stringify(value) ?? 'nothing'}`);

  const unitIn = item['unit'];
  if (!genotype && (typeof unitIn !== 'string' || unitIn.trim() === '' || textError(unitIn, 32) !== undefined)) fail('unit', 'unit is required: a UCUM unit such as "mg/dL" (at most 32 characters, no control characters)');

  let effectiveTime: string | undefined;
  const time = item['time'];
  if (typeof time !== 'string' || !time.includes('T')) fail('time', 'time is required: an ISO 8601 instant with a zone, e.g. 2026-03-01T08:05:00Z');
  else {
    const parsed = parseFhirDateTime(time);
    if (!parsed.ok) fail('time', parsed.message);
    else {
      const refused = timePolicyError(parsed.iso, options.receivedAt);
      if (refused !== undefined) fail('time', refused);
      else effectiveTime = parsed.iso;
    }
  }

  const source = item['source'] ?? options.source ?? 'device';
  if (typeof source !== 'string' || source.trim() === '' || textError(source, 128) !== undefined) fail('source', 'source must be a non-empty string of at most 128 characters without control characters');

  const modalityIn = item['modality'];
  if (modalityIn !== undefined && !(typeof modalityIn === 'string' && (MODALITIES as readonly string[]).includes(modalityIn))) {
    fail('modality', `modality must be one of ${MODALITIES.join(', ')}`);
  }
  const eventIdIn = item['event_id'];
  if (eventIdIn !== undefined && !(typeof eventIdIn === 'string' && EVENT_ID.test(eventIdIn))) fail('event_id', 'event_id must be 1-128 characters of A-Z a-z 0-9 . _ : -');
  const displayIn = item['display'];
  if (displayIn !== undefined && !(typeof displayIn === 'string' && displayIn.trim() !== '' && textError(displayIn, 256) === undefined)) fail('display', 'display must be a non-empty string of at most 256 characters without control characters');
  const durationIn = item['duration_min'];
  if (durationIn !== undefined && !(typeof durationIn === 'number' && durationIn > 0 && durationIn <= 1440)) fail('duration_min', 'duration_min must be a number of minutes in (0, 1440]');
  if (errors.length > before || code === undefined || effectiveTime === undefined) return undefined;
  const base = { patientId: patientId as string, effectiveTime, receivedTime: options.receivedAt.toISOString(), source: source as string };
  const idOf = (suffix: string): string => (eventIdIn as string | undefined) ?? deterministicUuid(`device|${base.patientId}|${code.system}|${code.code}|${effectiveTime}|${base.source}${suffix}`);
  if (genotype) {
    const read = readGenotype(value as string) as Extract<ReturnType<typeof readGenotype>, { ok: true }>;
    // one event per gene: two genes' results at one time are two findings, not a conflict
    return { ...base, eventId: idOf(`|${read.gene}`), codeSystem: code.system, code: code.code, value: { kind: 'text', text: `${read.gene} ${read.result}` }, modality: 'genomic' };
  }

  const isMedication = code.system === ATC_SYSTEM || code.system === RXNORM_SYSTEM;
  const isMeal = code.system === LOINC_SYSTEM && code.code === CARBOHYDRATE_INTAKE_LOINC;
  const insulin = isInsulinCoding({ ...code, display: displayIn as string | undefined });
  if (durationIn !== undefined && !insulin) return fail('duration_min', 'duration_min is only for an insulin delivered over a time (a basal rate)');
  const entry = code.system === LOINC_SYSTEM ? LOINC_TABLE[code.code] : undefined;
  let quantity = { value: value as number, unit: normaliseUnitSymbol(unitIn as string) };
  if (insulin) {
    const dose = readInsulinDose(quantity.value, unitIn as string, durationIn as number | undefined, index, errors);
    if (dose === undefined) return undefined;
    quantity = dose;
  } else if (entry?.unit !== undefined && entry.unit !== quantity.unit && !entry.unitSynonyms?.includes(quantity.unit)) {
    const converted = convertUnit(quantity.value, quantity.unit, entry.unit, entry.molarMass);
    if (!converted.ok) return fail('unit', `LOINC ${code.code} is stored in ${entry.unit}: ${converted.message}`);
    quantity = { value: converted.value, unit: entry.unit };
  } else if (entry?.unit !== undefined) quantity = { value: quantity.value, unit: entry.unit };
  const drug = isMedication && !insulin ? atcOfDrug(code) : undefined;
  if (drug !== undefined && DRUG_TABLE[drug] !== undefined) {
    const dose = checkDrugDose(drug, quantity.value, unitIn as string);
    if (!dose.ok) return fail(dose.field, dose.message);
  }
  const mealError = isMeal ? carbohydrateBoundError(quantity.value) : undefined;
  if (mealError !== undefined) return fail('value', mealError);
  const implausible = plausibilityError(code.system, code.code, quantity.value, quantity.unit);
  if (implausible !== undefined) return fail('value', implausible);

  const derived: Modality = isMedication ? 'medication' : ((entry?.modalityFromCode ? entry.modality : entry?.modality === 'vital' ? 'wearable' : entry?.modality) ?? 'wearable');
  const modality: Modality = (modalityIn as Modality | undefined) ?? derived;
  if ((insulin || isMeal) && modality !== derived) return fail('modality', `code ${code.code} is always modality ${derived}`);
  // a basal rate and a bolus of one insulin at one time are two events
  const kindSuffix = quantity.unit === INSULIN_RATE_UNIT ? '|rate' : '';
  const display = (displayIn as string | undefined) ?? entry?.display;
  return {
    ...base,
    eventId: idOf(kindSuffix),
    codeSystem: code.system,
    code: code.code,
    ...(display !== undefined ? { display } : {}),
    value: { kind: 'quantity', value: quantity.value, unit: quantity.unit },
    modality,
  };
}

/** An insulin item's amount as a bolus in [IU] or a basal rate in [IU]/h, or an error naming the field. */
function readInsulinDose(value: number, unitIn: string, durationMin: number | undefined, index: number, errors: DeviceFieldError[]): InsulinQuantity | undefined {
  if (durationMin !== undefined && readInsulinUnit(unitIn)?.unit === INSULIN_RATE_UNIT) {
    errors.push({ index, field: 'duration_min', message: 'a rate in U/h needs no duration_min; send the units delivered with duration_min, or the rate alone' });
    return undefined;
  }
  const checked = checkInsulinQuantity(value, unitIn, { overMinutes: durationMin });
  if (checked.ok) return checked.quantity;
  errors.push({ index, field: checked.field, message: checked.message });
  return undefined;
}

function readCode(raw: unknown): { system: string; code: string } | undefined {
  if (typeof raw !== 'string') return undefined;
  const bar = raw.indexOf('|');
  if (bar < 0) return isValidLoincCode(raw) ? { system: LOINC_SYSTEM, code: raw } : undefined;
  const system = raw.slice(0, bar);
  const code = raw.slice(bar + 1);
  const fine = system !== '' && code !== '' && !code.includes('|') && textError(system, 1024) === undefined && textError(code, 256) === undefined;
  return fine ? { system, code } : undefined;
}
