import { MODALITIES, type CanonicalObservation, type PatientRecord } from '@shuji/fhir';
import { UnprocessableMessageError } from '@shuji/messaging';

const MODALITY = new Set<string>(MODALITIES);
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/**
 * The records of a FORMAT_DEVICE_RECORDS request: the gateway's normalised observations (validated there once).
 * Only their shape is checked here, so that a record no producer of ours could have written is dead-lettered with a
 * reason instead of failing the batch's insert; `patientId` is the request's partition key, which every record must carry.
 */
export function readDeviceRecords(json: string, patientId: string): CanonicalObservation[] {
  const parsed = parseJson(json);
  if (!Array.isArray(parsed) || parsed.length === 0) throw new UnprocessableMessageError('device records: a non-empty JSON array is required', 'INVALID_RECORDS');
  checkRecords(parsed, 'device records', patientId);
  return parsed as CanonicalObservation[];
}

/**
 * The content of a FORMAT_FHIR_RECORDS request: the observations and patients the gateway normalised from a FHIR
 * Bundle or Observation (validated, references resolved, there once). Shape-checked like device records; a bundle
 * may name several patients, so a record's patient is not held to the partition key.
 */
export function readFhirRecords(json: string): { observations: CanonicalObservation[]; patients: PatientRecord[] } {
  const parsed = parseJson(json) as { observations?: unknown; patients?: unknown } | null;
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray(parsed.observations) || !Array.isArray(parsed.patients)) {
    throw new UnprocessableMessageError('fhir records: an object with the arrays observations and patients is required', 'INVALID_RECORDS');
  }
  if (parsed.observations.length === 0 && parsed.patients.length === 0) throw new UnprocessableMessageError('fhir records: no observation and no patient', 'INVALID_RECORDS');
  checkRecords(parsed.observations, 'fhir records: observations', undefined);
  parsed.patients.forEach((p: unknown, i) => {
    const problem = patientProblem(p);
    if (problem !== undefined) throw new UnprocessableMessageError(`fhir records: patients[${i}]: ${problem}`, 'INVALID_RECORDS');
  });
  return { observations: parsed.observations as CanonicalObservation[], patients: parsed.patients as PatientRecord[] };
}

function parseJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch (err) {
    throw new UnprocessableMessageError(`body is not JSON: ${(err as Error).message}`, 'INVALID_BODY');
  }
}

function checkRecords(records: readonly unknown[], what: string, patientId: string | undefined): void {
  records.forEach((r: unknown, i) => {
    const problem = recordProblem(r, patientId);
    if (problem !== undefined) throw new UnprocessableMessageError(`${what} [${i}]: ${problem}`, 'INVALID_RECORDS');
  });
}

function patientProblem(p: unknown): string | undefined {
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return 'not an object';
  const o = p as Record<string, unknown>;
  if (typeof o['id'] !== 'string' || o['id'] === '') return 'id is missing';
  const ids = o['identifiers'];
  if (!Array.isArray(ids)) return 'identifiers is not an array';
  return ids.every((x: unknown) => typeof x === 'object' && x !== null && typeof (x as Record<string, unknown>)['system'] === 'string' && typeof (x as Record<string, unknown>)['value'] === 'string') ? undefined : 'an identifier is not a system and value';
}

/** `patientId`: the partition key every record must carry, or undefined where records may name several patients. */
function recordProblem(r: unknown, patientId: string | undefined): string | undefined {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return 'not an object';
  const o = r as Record<string, unknown>;
  if (patientId === undefined ? typeof o['patientId'] !== 'string' || o['patientId'] === '' : o['patientId'] !== patientId) return patientId === undefined ? 'patientId is missing' : 'patientId differs from the request\'s';
  for (const k of ['eventId', 'codeSystem', 'code', 'source']) if (typeof o[k] !== 'string' || o[k] === '') return `${k} is missing`;
  for (const k of ['effectiveTime', 'receivedTime']) if (!isUtcInstant(o[k])) return `${k} is not a UTC instant`;
  if (typeof o['modality'] !== 'string' || !MODALITY.has(o['modality'])) return 'modality is unknown';
  const v = o['value'] as Record<string, unknown> | null | undefined;
  if (typeof v !== 'object' || v === null) return 'value is missing';
  if (v['kind'] === 'quantity') return typeof v['value'] === 'number' && Number.isFinite(v['value']) && typeof v['unit'] === 'string' ? undefined : 'value is not a finite quantity with a unit';
  if (v['kind'] === 'coded') return typeof v['system'] === 'string' && typeof v['code'] === 'string' ? undefined : 'value is not a coding';
  if (v['kind'] === 'text') return typeof v['text'] === 'string' ? undefined : 'value is not a text';
  return 'value kind is unknown';
}

/**
 * An ISO 8601 UTC instant that names a real time: of the form the gateway writes, and read back to the same date
 * and time of day (Date.parse takes 2026-02-30 as 2026-03-02 and 24:00 as the next day; PostgreSQL refuses both).
 */
function isUtcInstant(v: unknown): boolean {
  if (typeof v !== 'string' || !ISO_UTC.test(v)) return false;
  const ms = Date.parse(v);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 19) === v.slice(0, 19);
}
