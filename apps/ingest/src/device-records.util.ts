import { MODALITIES, type CanonicalObservation } from '@shuji/fhir';
import { UnprocessableMessageError } from '@shuji/messaging';

const MODALITY = new Set<string>(MODALITIES);
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/**
 * The records of a FORMAT_DEVICE_RECORDS request: the gateway's normalised observations (validated there once).
 * Only their shape is checked here, so that a record no producer of ours could have written is dead-lettered with a
 * reason instead of failing the batch's insert; `patientId` is the request's partition key, which every record must carry.
 */
export function readDeviceRecords(json: string, patientId: string): CanonicalObservation[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (err) {
    throw new UnprocessableMessageError(`body is not JSON: ${(err as Error).message}`, 'INVALID_BODY');
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw new UnprocessableMessageError('device records: a non-empty JSON array is required', 'INVALID_RECORDS');
  parsed.forEach((r: unknown, i) => {
    const problem = recordProblem(r, patientId);
    if (problem !== undefined) throw new UnprocessableMessageError(`device records [${i}]: ${problem}`, 'INVALID_RECORDS');
  });
  return parsed as CanonicalObservation[];
}

function recordProblem(r: unknown, patientId: string): string | undefined {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return 'not an object';
  const o = r as Record<string, unknown>;
  if (o['patientId'] !== patientId) return 'patientId differs from the request\'s';
  for (const k of ['eventId', 'codeSystem', 'code', 'source']) if (typeof o[k] !== 'string' || o[k] === '') return `${k} is missing`;
  for (const k of ['effectiveTime', 'receivedTime']) if (typeof o[k] !== 'string' || !ISO_UTC.test(o[k] as string)) return `${k} is not a UTC instant`;
  if (typeof o['modality'] !== 'string' || !MODALITY.has(o['modality'])) return 'modality is unknown';
  const v = o['value'] as Record<string, unknown> | null | undefined;
  if (typeof v !== 'object' || v === null) return 'value is missing';
  if (v['kind'] === 'quantity') return typeof v['value'] === 'number' && Number.isFinite(v['value']) && typeof v['unit'] === 'string' ? undefined : 'value is not a finite quantity with a unit';
  if (v['kind'] === 'coded') return typeof v['system'] === 'string' && typeof v['code'] === 'string' ? undefined : 'value is not a coding';
  if (v['kind'] === 'text') return typeof v['text'] === 'string' ? undefined : 'value is not a text';
  return 'value kind is unknown';
}
