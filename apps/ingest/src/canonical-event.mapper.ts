/**
 * Canonical records → wire events. Each record becomes exactly one event (`canonicalEventKind` of @shuji/fhir):
 * a carbohydrate intake a MealLogged, a dose a MedicationAdministered, a prescribed schedule a MedicationScheduled,
 * anything else an ObservationRecorded;
 * the record's deterministic event id is the event id, so a redelivered request publishes the same events.
 */
import {
  encodeMessage,
  encodeObservationRecorded,
  MealLoggedSchema,
  MedicationAdministeredSchema,
  MedicationScheduledSchema,
  Modality,
  SCHEMA_VERSION,
  toTimestamp,
  Topics,
  type EventHeader,
} from '@shuji/contracts';
import { canonicalEventKind, type CanonicalObservation } from '@shuji/fhir';
import type { OutgoingMessage } from '@shuji/messaging';

const MODALITY: Record<CanonicalObservation['modality'], Modality> = {
  vital: Modality.VITAL,
  lab: Modality.LAB,
  cgm: Modality.CGM,
  wearable: Modality.WEARABLE,
  medication: Modality.MEDICATION,
  meal: Modality.MEAL,
  activity: Modality.ACTIVITY,
  note: Modality.NOTE,
  genomic: Modality.GENOMIC,
};

const SECONDS_PER_HOUR = 3600;

export interface TopicBatch {
  readonly topic: string;
  readonly messages: readonly OutgoingMessage[];
}

/**
 * The events of one request, grouped by topic. Inputs (meals, doses) come first: the twin assimilates readings
 * given the inputs it knows, and an input that arrives after readings past its time makes it rewind and replay.
 */
export function toCanonicalEvents(records: readonly CanonicalObservation[]): TopicBatch[] {
  const meals: OutgoingMessage[] = [];
  const doses: OutgoingMessage[] = [];
  const schedules: OutgoingMessage[] = [];
  const observations: OutgoingMessage[] = [];
  for (const r of records) {
    const kind = canonicalEventKind(r);
    if (kind === 'meal') meals.push(toMealLogged(r));
    else if (kind === 'medication') doses.push(toMedicationAdministered(r));
    else if (kind === 'medication-schedule') schedules.push(toMedicationScheduled(r));
    else observations.push(toObservationRecorded(r));
  }
  return [
    { topic: Topics.mealLogged, messages: meals },
    { topic: Topics.medicationScheduled, messages: schedules },
    { topic: Topics.medicationAdministered, messages: doses },
    { topic: Topics.observationRecorded, messages: observations },
  ].filter((b) => b.messages.length > 0);
}

function header(o: CanonicalObservation): EventHeader {
  return {
    $typeName: 'shuji.events.v1.EventHeader',
    eventId: o.eventId,
    schemaVersion: SCHEMA_VERSION,
    patientId: o.patientId,
    effectiveTime: toTimestamp(new Date(o.effectiveTime)),
    receivedTime: toTimestamp(new Date(o.receivedTime)),
    source: o.source,
    correlationId: '',
  };
}

function codingOf(o: CanonicalObservation): { system: string; code: string; display: string } {
  return { system: o.codeSystem, code: o.code, display: o.display ?? '' };
}

function quantityOf(o: CanonicalObservation): { value: number; unit: string } {
  if (o.value.kind !== 'quantity') throw new RangeError(`record ${o.eventId} is not a quantity`);
  return o.value;
}

export function toMealLogged(o: CanonicalObservation): OutgoingMessage {
  const q = quantityOf(o);
  return { key: o.patientId, value: encodeMessage(MealLoggedSchema, { header: header(o), carbohydrateG: q.value, description: o.display ?? '' }) };
}

/**
 * A rate ("[IU]/h", "mg/h") travels as the amount given over one hour with infusion_seconds 3600, which the
 * contract reads back as that rate in force from its start; any other dose is a bolus (infusion_seconds 0).
 */
export function toMedicationAdministered(o: CanonicalObservation): OutgoingMessage {
  const q = quantityOf(o);
  const perHour = q.unit.endsWith('/h');
  return {
    key: o.patientId,
    value: encodeMessage(MedicationAdministeredSchema, {
      header: header(o),
      medication: codingOf(o),
      doseValue: q.value,
      doseUnit: perHour ? q.unit.slice(0, -2) : q.unit,
      infusionSeconds: perHour ? SECONDS_PER_HOUR : 0,
    }),
  };
}

/** A prescribed schedule: its dose, how often, and its end when it has one. */
export function toMedicationScheduled(o: CanonicalObservation): OutgoingMessage {
  const q = quantityOf(o);
  const schedule = o.schedule;
  if (schedule === undefined) throw new RangeError(`record ${o.eventId} has no schedule`);
  return {
    key: o.patientId,
    value: encodeMessage(MedicationScheduledSchema, {
      header: header(o),
      medication: codingOf(o),
      doseValue: q.value,
      doseUnit: q.unit,
      everySeconds: schedule.everyMin * 60,
      ...(schedule.endTime === undefined ? {} : { endTime: toTimestamp(new Date(schedule.endTime)) }),
    }),
  };
}

/** Written by encodeObservationRecorded (the same bytes as encodeMessage, a fraction of its CPU: one per stored reading). */
export function toObservationRecorded(o: CanonicalObservation): OutgoingMessage {
  const value =
    o.value.kind === 'quantity'
      ? ({ case: 'numericValue', value: o.value.value } as const)
      : o.value.kind === 'coded'
        ? ({ case: 'codedValue', value: { system: o.value.system, code: o.value.code, display: o.value.display ?? '' } } as const)
        : ({ case: 'textValue', value: o.value.text } as const);
  const [, resourceId = '', , versionId = ''] = o.sourceResource === undefined ? [] : (o.sourceResource.match(/^Observation\/([^/]+)(\/_history\/([^/]+))?$/) ?? []);
  return {
    key: o.patientId,
    value: encodeObservationRecorded({
      eventId: o.eventId,
      schemaVersion: SCHEMA_VERSION,
      patientId: o.patientId,
      effectiveMs: Date.parse(o.effectiveTime),
      receivedMs: Date.parse(o.receivedTime),
      source: o.source,
      code: codingOf(o),
      value,
      unit: o.value.kind === 'quantity' ? o.value.unit : '',
      modality: MODALITY[o.modality],
      fhirResourceId: resourceId,
      fhirVersionId: versionId,
    }),
  };
}
