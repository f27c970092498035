import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMessage, fromTimestamp } from './codec';
import { Modality, ObservationRecordedSchema } from './gen/shuji/events/v1/events_pb';
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

  it('should write bytes the generic decoder reads back as the same record, NaN and infinities included', () => {
    // a lone surrogate has no UTF-8 form: it is written (by either encoder) as U+FFFD
    const utf8 = (x: string): string => Buffer.from(x, 'utf8').toString('utf8');
    const plain = fields.map((f) => ({ ...f, effectiveMs: Math.abs(f.effectiveMs), receivedMs: Math.abs(f.receivedMs) }));
    const withSpecialNumbers = fc.oneof(
      plain,
      plain.chain((f) => fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, Number.MIN_VALUE, Number.MAX_VALUE).map((value) => ({ ...f, value: { case: 'numericValue' as const, value } }))),
    );
    fc.assert(fc.property(withSpecialNumbers, (f) => {
      const m = decodeMessage(ObservationRecordedSchema, encodeObservationRecorded(f));
      const h = m.header!;
      expect([h.eventId, h.schemaVersion, h.patientId, h.source, h.correlationId]).toEqual([utf8(f.eventId), f.schemaVersion, utf8(f.patientId), utf8(f.source), '']);
      expect([fromTimestamp(h.effectiveTime)?.getTime(), fromTimestamp(h.receivedTime)?.getTime()]).toEqual([f.effectiveMs, f.receivedMs]);
      expect(m.code).toMatchObject({ system: utf8(f.code.system), code: utf8(f.code.code), display: utf8(f.code.display) });
      expect(m.value.case).toBe(f.value.case);
      if (f.value.case === 'numericValue') expect(Object.is(m.value.value, f.value.value)).toBe(true);
      else if (f.value.case === 'textValue') expect(m.value.value).toBe(utf8(f.value.value));
      else expect(m.value.value).toMatchObject({ system: utf8(f.value.value.system), code: utf8(f.value.value.code), display: utf8(f.value.value.display) });
      expect([m.unit, m.modality, m.fhirResourceId, m.fhirVersionId, m.panelCode]).toEqual([utf8(f.unit), f.modality, utf8(f.fhirResourceId), utf8(f.fhirVersionId), '']);
    }), { numRuns: 1000 });
  });

  it('should refuse, as the reflective encoder does, a schema version beyond uint32 or a modality beyond int32', () => {
    const f: ObservationRecordedFields = {
      eventId: 'e', schemaVersion: 1, patientId: 'p', effectiveMs: 1000, receivedMs: 2000, source: 's',
      code: { system: 'http://loinc.org', code: '99504-3', display: '' }, value: { case: 'numericValue', value: 1 }, unit: 'mg/dL', modality: Modality.CGM, fhirResourceId: '', fhirVersionId: '',
    };
    for (const bad of [{ ...f, schemaVersion: 2 ** 32 }, { ...f, schemaVersion: 2 ** 53 }, { ...f, modality: 2 ** 31 as Modality }]) {
      expect(() => reference(bad)).toThrow(/invalid (uint32|int32)/);
      expect(() => encodeObservationRecorded(bad)).toThrow(/invalid (uint32|int32)/);
    }
    expect(encodeObservationRecorded({ ...f, schemaVersion: 2 ** 32 - 1 })).toEqual(reference({ ...f, schemaVersion: 2 ** 32 - 1 }));
    expect(encodeObservationRecorded({ ...f, modality: (2 ** 31 - 1) as Modality })).toEqual(reference({ ...f, modality: (2 ** 31 - 1) as Modality }));
  });
});
