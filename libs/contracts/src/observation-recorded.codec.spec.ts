import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Modality } from './gen/shuji/events/v1/events_pb';
import { encodeObservationRecorded, encodeObservationRecordedReflectively, type ObservationRecordedFields } from './observation-recorded.codec';

const reference = encodeObservationRecordedReflectively;

const text = fc.oneof(fc.constant(''), fc.string(), fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ minLength: 100, maxLength: 400 }), fc.string({ minLength: 60, maxLength: 70 }), fc.string({ unit: 'binary', maxLength: 80 }));
const coding = fc.record({ system: text, code: text, display: text });
const instant = fc.oneof(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.constant(0), fc.constant(1000), fc.integer({ min: -62_135_596_800_000, max: -1 }));
const fields: fc.Arbitrary<ObservationRecordedFields> = fc.record({
  eventId: text,
  schemaVersion: fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 2 ** 32 - 1 })),
  patientId: text,
  effectiveMs: instant,
  receivedMs: instant,
  source: text,
  code: coding,
  value: fc.oneof(
    fc.record({ case: fc.constant('numericValue' as const), value: fc.oneof(fc.double({ noNaN: true }), fc.constant(0), fc.constant(-0)) }),
    fc.record({ case: fc.constant('codedValue' as const), value: coding }),
    fc.record({ case: fc.constant('textValue' as const), value: text }),
  ),
  unit: text,
  modality: fc.constantFrom(...Object.values(Modality).filter((m): m is Modality => typeof m === 'number')),
  fhirResourceId: text,
  fhirVersionId: text,
});

describe(encodeObservationRecorded.name, () => {
  it('should write byte for byte what the reflective encoder writes, for any record', () => {
    fc.assert(fc.property(fields, (f) => {
      expect(encodeObservationRecorded(f).toString('hex')).toBe(reference(f).toString('hex'));
    }), { numRuns: 2000 });
  });

  it('should write a CGM reading as the reflective encoder does (a fixed case)', () => {
    const f: ObservationRecordedFields = {
      eventId: 'cgm-1', schemaVersion: 1, patientId: 'p-1', effectiveMs: Date.parse('2026-01-05T07:05:00.250Z'), receivedMs: Date.parse('2026-01-05T08:00:00Z'), source: 'device',
      code: { system: 'http://loinc.org', code: '99504-3', display: '' }, value: { case: 'numericValue', value: 130 }, unit: 'mg/dL', modality: Modality.CGM, fhirResourceId: '', fhirVersionId: '',
    };
    expect(encodeObservationRecorded(f)).toEqual(reference(f));
  });
});
