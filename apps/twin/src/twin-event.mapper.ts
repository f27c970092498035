/**
 * Wire events (protobuf) → twin events. Observations: numeric LOINC values. Meals: carbohydrate grams.
 * Insulin (ATC A10A…, or RxNorm named insulin; unit [IU] or U): a bolus when infusion_seconds is 0, otherwise a
 * basal rate of dose/duration in force from its start (ingest sends a rate as one hour's units over 3600 s).
 * Anything else is not a twin input (null).
 */
import {
  decodeMessage,
  fromTimestamp,
  MealLoggedSchema,
  MedicationAdministeredSchema,
  ObservationRecordedSchema,
  type EventHeader,
} from '@shuji/contracts';
import { UnprocessableMessageError } from '@shuji/messaging';
import { isInsulinCoding, readInsulinUnit } from '@shuji/fhir';
import type { TwinEvent } from '@shuji/twin';

const LOINC_SYSTEM = 'http://loinc.org';

function header(h: EventHeader | undefined): { id: string; patientId: string; timeMs: number } {
  const time = fromTimestamp(h?.effectiveTime);
  if (h === undefined || h.eventId === '' || h.patientId === '' || time === undefined) {
    throw new UnprocessableMessageError('event header lacks event_id, patient_id or effective_time', 'BAD_HEADER');
  }
  return { id: h.eventId, patientId: h.patientId, timeMs: time.getTime() };
}

function decode<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    throw new UnprocessableMessageError(`undecodable event: ${(err as Error).message}`, 'DECODE_FAILED');
  }
}

export function observationToTwinEvent(value: Uint8Array): TwinEvent | null {
  const msg = decode(() => decodeMessage(ObservationRecordedSchema, value));
  if (msg.value.case !== 'numericValue' || msg.code?.system !== LOINC_SYSTEM) return null;
  return { kind: 'observation', ...header(msg.header), loinc: msg.code.code, value: msg.value.value, unit: msg.unit };
}

export function mealToTwinEvent(value: Uint8Array): TwinEvent | null {
  const msg = decode(() => decodeMessage(MealLoggedSchema, value));
  if (!(msg.carbohydrateG > 0)) return null;
  return { kind: 'meal', ...header(msg.header), carbsG: msg.carbohydrateG };
}

export function medicationToTwinEvent(value: Uint8Array): TwinEvent | null {
  const msg = decode(() => decodeMessage(MedicationAdministeredSchema, value));
  const coding = msg.medication;
  // an A10A… code is ATC whatever label its producer gave the system
  const isInsulin = coding !== undefined && (isInsulinCoding(coding) || coding.code.startsWith('A10A'));
  const inUnits = readInsulinUnit(msg.doseUnit)?.unit === '[IU]';
  if (!isInsulin || !inUnits || !(msg.doseValue >= 0)) return null;
  const h = header(msg.header);
  if (msg.infusionSeconds > 0) return { kind: 'basal-rate', ...h, unitsPerHour: msg.doseValue / (msg.infusionSeconds / 3600) };
  return { kind: 'insulin-bolus', ...h, units: msg.doseValue };
}
