import { create, fromBinary, toBinary, type DescMessage, type MessageInitShape, type MessageShape } from '@bufbuild/protobuf';
import { timestampDate, timestampFromDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import {
  ActivityLoggedSchema,
  ConsentChangedSchema,
  ForecastPublishedSchema,
  IngestRequestedSchema,
  MealLoggedSchema,
  MedicationAdministeredSchema,
  MedicationScheduledSchema,
  ObservationRecordedSchema,
  PopulationShardCompletedSchema,
  PopulationShardRequestedSchema,
  TwinUpdatedSchema,
} from './gen/shuji/events/v1/events_pb';
import { Topics, type Topic } from './topics';

/** The protobuf schema carried by each topic: the wire format is protobuf binary, nothing else. */
export const TopicSchemas = {
  [Topics.ingestRequested]: IngestRequestedSchema,
  [Topics.observationRecorded]: ObservationRecordedSchema,
  [Topics.medicationAdministered]: MedicationAdministeredSchema,
  [Topics.medicationScheduled]: MedicationScheduledSchema,
  [Topics.mealLogged]: MealLoggedSchema,
  [Topics.activityLogged]: ActivityLoggedSchema,
  [Topics.consentChanged]: ConsentChangedSchema,
  [Topics.twinUpdated]: TwinUpdatedSchema,
  [Topics.forecastPublished]: ForecastPublishedSchema,
  [Topics.populationShardRequested]: PopulationShardRequestedSchema,
  [Topics.populationShardCompleted]: PopulationShardCompletedSchema,
} as const satisfies Record<Topic, DescMessage>;

/** Current schema version of each message; producers stamp it, consumers check it. */
export const SCHEMA_VERSION = 1;

export function encodeMessage<D extends DescMessage>(schema: D, init: MessageInitShape<D>): Buffer {
  const bytes = toBinary(schema, create(schema, init));
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Decodes protobuf bytes; throws on malformed input (the caller dead-letters it). */
export function decodeMessage<D extends DescMessage>(schema: D, bytes: Uint8Array): MessageShape<D> {
  return fromBinary(schema, bytes);
}

export function toTimestamp(date: Date): Timestamp {
  return timestampFromDate(date);
}

export function fromTimestamp(ts: Timestamp | undefined): Date | undefined {
  return ts ? timestampDate(ts) : undefined;
}
