import { create, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, fromTimestamp, SCHEMA_VERSION, TopicSchemas, toTimestamp } from './codec';
import { ModalitySchema, Modality, ObservationRecordedSchema } from './gen/shuji/events/v1/events_pb';
import { partitionKeyFor } from './partition-key.util';
import { ALL_TOPICS, deadLetterTopicOf, Topics } from './topics';

describe('contracts codec', () => {
  it('should round-trip an ObservationRecorded through protobuf binary', () => {
    const effective = new Date('2024-03-01T08:15:00.123Z');
    const bytes = encodeMessage(ObservationRecordedSchema, {
      header: { eventId: 'e-1', schemaVersion: SCHEMA_VERSION, patientId: 'p-1', effectiveTime: toTimestamp(effective), source: 'test' },
      code: { system: 'http://loinc.org', code: '2339-0' },
      value: { case: 'numericValue', value: 95.5 },
      unit: 'mg/dL',
      modality: Modality.CGM,
    });
    expect(Buffer.isBuffer(bytes)).toBe(true);
    const sut = decodeMessage(ObservationRecordedSchema, bytes);
    expect(sut.header?.patientId).toBe('p-1');
    expect(sut.value).toEqual({ case: 'numericValue', value: 95.5 });
    expect(sut.modality).toBe(Modality.CGM);
    expect(fromTimestamp(sut.header?.effectiveTime)?.toISOString()).toBe(effective.toISOString());
  });

  it('should define every modality the issue names', () => {
    const names = ModalitySchema.values.map((v) => v.name.replace('MODALITY_', '').toLowerCase());
    for (const m of ['vital', 'lab', 'cgm', 'wearable', 'medication', 'meal', 'activity', 'note', 'genomic']) {
      expect(names).toContain(m);
    }
  });

  it('should throw when decoding bytes that are not the message', () => {
    expect(() => decodeMessage(ObservationRecordedSchema, Buffer.from([0x0a, 0xff, 0xff, 0xff]))).toThrow();
  });

  it('should map every topic to a schema and name its dead-letter topic', () => {
    for (const t of ALL_TOPICS) expect(TopicSchemas[t]).toBeDefined();
    expect(deadLetterTopicOf(Topics.observationRecorded)).toBe('shuji.observation.recorded.v1.dlq');
    // generated code and the runtime agree on the binary (independent encode path)
    const msg = create(ObservationRecordedSchema, { unit: 'mmol/L' });
    expect(encodeMessage(ObservationRecordedSchema, { unit: 'mmol/L' })).toEqual(Buffer.from(toBinary(ObservationRecordedSchema, msg)));
  });

  it('should key by patient id and fall back to the request id when none', () => {
    expect(partitionKeyFor('p-7', 'req-1')).toBe('p-7');
    expect(partitionKeyFor('  ', 'req-1')).toBe('req-1');
    expect(() => partitionKeyFor(undefined, '')).toThrow(/partition key/);
  });
});
