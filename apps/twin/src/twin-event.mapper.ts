/**
 * Wire events (protobuf) → twin events. Observations: numeric LOINC values; a genotype (LOINC 84413-4, coded or
 * text value "GENE result", @shuji/fhir readGenotype) a 'genotype' event; the physical activity level
 * (urn:shuji:twin|physical-activity-level, unit 1) an 'activity-level' event. Meals: carbohydrate grams.
 * Insulin (ATC A10A…, or RxNorm named insulin; unit [IU] or U): a bolus when infusion_seconds is 0, otherwise a
 * basal rate of dose/duration in force from its start (ingest sends a rate as one hour's units over 3600 s).
 * Another drug with an ATC code (or an RxNorm code of @shuji/fhir's RXNORM_TO_ATC) and a mass dose (mg, g, ug;
 * converted to mg): a 'medication-dose' event; its prescribed schedule (MedicationScheduled) a 'medication-schedule'.
 * Anything else is not a twin input (null): an RxNorm code without an
 * ATC mapping, a dose in another unit (a syrup in mL), a free-text observation.
 * A record the edge would have refused (a genotype that does not read, a modelled drug dosed in mL) is
 * unprocessable: it can only come from a producer that skipped the edge, and is dead-lettered with the reason.
 */
import {
  CONSENT_CATEGORIES,
  ConsentChangedSchema,
  isConsentCategory,
  decodeMessage,
  fromTimestamp,
  MealLoggedSchema,
  MedicationAdministeredSchema,
  MedicationScheduledSchema,
  ObservationRecordedSchema,
  type EventHeader,
} from '@shuji/contracts';
import { UnprocessableMessageError } from '@shuji/messaging';
import {
  atcOfDrug,
  checkDrugDose,
  DOSE_MASS_UNITS,
  DRUG_TABLE,
  GENOTYPE_LOINC,
  isInsulinCoding,
  normaliseUnitSymbol,
  PHYSICAL_ACTIVITY_LEVEL_CODE,
  readGenotype,
  readInsulinUnit,
  SHUJI_TWIN_SYSTEM,
} from '@shuji/fhir';
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
  if (msg.code?.system === LOINC_SYSTEM && msg.code.code === GENOTYPE_LOINC) return genotypeEvent(msg);
  if (msg.value.case !== 'numericValue') return null;
  if (msg.code?.system === SHUJI_TWIN_SYSTEM && msg.code.code === PHYSICAL_ACTIVITY_LEVEL_CODE && msg.unit === '1') {
    return { kind: 'activity-level', ...header(msg.header), pal: msg.value.value };
  }
  if (msg.code?.system !== LOINC_SYSTEM) return null;
  return { kind: 'observation', ...header(msg.header), loinc: msg.code.code, value: msg.value.value, unit: msg.unit };
}

function genotypeEvent(msg: ReturnType<typeof decodeMessage<typeof ObservationRecordedSchema>>): TwinEvent | null {
  const text = msg.value.case === 'textValue' ? msg.value.value : msg.value.case === 'codedValue' ? msg.value.value.code || msg.value.value.display : undefined;
  if (text === undefined) return null;
  const read = readGenotype(text);
  if (!read.ok) throw new UnprocessableMessageError(read.message, 'BAD_GENOTYPE');
  return { kind: 'genotype', ...header(msg.header), gene: read.gene, result: read.result };
}

/** A consent change from the patient app; an unknown category is unprocessable (dead-lettered with the reason). */
export function consentToTwinEvent(value: Uint8Array): TwinEvent {
  const msg = decode(() => decodeMessage(ConsentChangedSchema, value));
  if (!isConsentCategory(msg.category)) throw new UnprocessableMessageError(`consent category "${msg.category}" is not one of ${CONSENT_CATEGORIES.join(', ')}`, 'BAD_CONSENT');
  return { kind: 'consent', ...header(msg.header), category: msg.category, granted: msg.granted };
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
  if (!isInsulin) return coding === undefined ? null : drugDose(msg, coding);
  const inUnits = readInsulinUnit(msg.doseUnit)?.unit === '[IU]';
  if (!inUnits || !(msg.doseValue >= 0)) return null;
  const h = header(msg.header);
  if (msg.infusionSeconds > 0) return { kind: 'basal-rate', ...h, unitsPerHour: msg.doseValue / (msg.infusionSeconds / 3600) };
  return { kind: 'insulin-bolus', ...h, units: msg.doseValue };
}

/** A non-insulin drug with an ATC code and a mass dose, in mg; null when it is no twin input (see the file's comment). */
function drugDose(msg: ReturnType<typeof decodeMessage<typeof MedicationAdministeredSchema>>, coding: { system: string; code: string; display: string }): TwinEvent | null {
  const atc = atcOfDrug(coding);
  if (atc === undefined) return null;
  const modelled = DRUG_TABLE[atc] !== undefined;
  if (!modelled && !(DOSE_MASS_UNITS.includes(normaliseUnitSymbol(msg.doseUnit)) && msg.doseValue > 0)) return null;
  const dose = checkDrugDose(atc, msg.doseValue, msg.doseUnit);
  if (!dose.ok) throw new UnprocessableMessageError(dose.message, 'BAD_DOSE');
  return { kind: 'medication-dose', ...header(msg.header), atc, mg: dose.mg };
}

/** A prescribed schedule of a modelled drug (see drugDose): its dose in mg, how often, until when. */
export function medicationScheduleToTwinEvent(value: Uint8Array): TwinEvent | null {
  const msg = decode(() => decodeMessage(MedicationScheduledSchema, value));
  const atc = msg.medication === undefined ? undefined : atcOfDrug(msg.medication);
  if (atc === undefined || DRUG_TABLE[atc] === undefined) return null;
  const dose = checkDrugDose(atc, msg.doseValue, msg.doseUnit);
  if (!dose.ok) throw new UnprocessableMessageError(dose.message, 'BAD_DOSE');
  if (!(msg.everySeconds >= 3600)) throw new UnprocessableMessageError('a schedule must dose at most hourly', 'BAD_SCHEDULE');
  const h = header(msg.header);
  const endMs = fromTimestamp(msg.endTime)?.getTime();
  if (endMs !== undefined && !(endMs > h.timeMs)) throw new UnprocessableMessageError('a schedule must end after it starts', 'BAD_SCHEDULE');
  return { kind: 'medication-schedule', ...h, atc, mg: dose.mg, everyMin: msg.everySeconds / 60, ...(endMs === undefined ? {} : { endMs }) };
}
