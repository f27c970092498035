import { describe, expect, it } from 'vitest';
import { bloodPressureFactory, observationFactory } from './__tests__/fhir-factories';
import { normaliseObservation } from './normalise-observation.util';

const ctx = { patientId: 'p1', receivedAt: new Date('2026-02-01T00:00:00Z'), source: 'fhir' };

describe(normaliseObservation.name, () => {
  it('should produce one canonical record with UTC time, modality from category and a v5 event id', () => {
    const { records, issues } = normaliseObservation(observationFactory(), ctx);
    expect(issues).toEqual([]);
    expect(records).toEqual([
      {
        eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        patientId: 'p1',
        codeSystem: 'http://loinc.org',
        code: '2339-0',
        display: 'Glucose',
        value: { kind: 'quantity', value: 98, unit: 'mg/dL' },
        effectiveTime: '2026-01-05T06:30:00.000Z',
        receivedTime: '2026-02-01T00:00:00.000Z',
        source: 'fhir',
        modality: 'lab',
        sourceResource: 'Observation/obs-1/_history/1',
      },
    ]);
  });

  it.each(['85354-9', '55284-4'])('should split blood-pressure panel %s into systolic 8480-6 and diastolic 8462-4 records', (panel) => {
    const { records, issues } = normaliseObservation(bloodPressureFactory(panel), ctx);
    expect(issues).toEqual([]);
    expect(records.map((r) => [r.code, r.value, r.modality])).toEqual([
      ['8480-6', { kind: 'quantity', value: 128, unit: 'mm[Hg]' }, 'vital'],
      ['8462-4', { kind: 'quantity', value: 82, unit: 'mm[Hg]' }, 'vital'],
    ]);
    expect(new Set(records.map((r) => r.eventId)).size).toBe(2);
  });

  it('should warn when a blood-pressure panel carries neither systolic nor diastolic', () => {
    const { records, issues } = normaliseObservation(bloodPressureFactory('85354-9', { component: [] }), ctx);
    expect(records).toEqual([]);
    expect(issues.map((i) => i.severity)).toContain('warning');
  });

  it('should emit the value and every component of an observation that has both', () => {
    const obs = observationFactory({ component: [{ code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] }, valueQuantity: { value: 1.2, unit: '/s' } }] });
    const { records } = normaliseObservation(obs, ctx);
    expect(records.map((r) => [r.code, r.value])).toEqual([
      ['2339-0', { kind: 'quantity', value: 98, unit: 'mg/dL' }],
      ['8867-4', { kind: 'quantity', value: 72, unit: '/min' }],
    ]);
  });

  it('should convert glucose 5.5 mmol/L to 99.0858 mg/dL for LOINC 2339-0', () => {
    const obs = observationFactory({ valueQuantity: { value: 5.5, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' } });
    const [record] = normaliseObservation(obs, ctx).records;
    expect(record?.value.kind).toBe('quantity');
    if (record?.value.kind === 'quantity') {
      expect(record.value.value).toBeCloseTo(99.0858, 4);
      expect(record.value.unit).toBe('mg/dL');
    }
  });

  it('should convert body weight in pounds and temperature in °F to kg and Cel', () => {
    const weight = observationFactory({ code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] }, valueQuantity: { value: 200, unit: 'lb' } });
    const temp = observationFactory({ code: { coding: [{ system: 'http://loinc.org', code: '8310-5' }] }, valueQuantity: { value: 100.4, code: '[degF]' } });
    expect(normaliseObservation(weight, ctx).records[0]?.value).toEqual({ kind: 'quantity', value: 200 * 0.45359237, unit: 'kg' });
    const t = normaliseObservation(temp, ctx).records[0]?.value;
    expect(t?.kind === 'quantity' && t.unit === 'Cel' && Math.abs(t.value - 38) < 1e-9).toBe(true);
  });

  it('should report an error at the unit when it cannot become the canonical unit', () => {
    const obs = observationFactory({ valueQuantity: { value: 5, unit: 'kg', code: 'kg' } });
    const { records, issues } = normaliseObservation(obs, { ...ctx, path: 'Bundle.entry[2].resource' });
    expect(records).toEqual([]);
    expect(issues).toEqual([expect.objectContaining({ severity: 'error', code: 'processing', expression: ['Bundle.entry[2].resource.valueQuantity.code'] })]);
  });

  it('should read the human unit when the quantity code is not UCUM', () => {
    const obs = observationFactory({ valueQuantity: { value: 5.5, unit: 'mmol/L', system: 'http://acme.example/units', code: 'MMOLL' } });
    const v = normaliseObservation(obs, ctx).records[0]?.value;
    expect(v?.kind === 'quantity' && [v.unit, Number(v.value.toFixed(4))]).toEqual(['mg/dL', 99.0858]);
  });

  it('should keep the unit of codes outside the table', () => {
    const obs = observationFactory({ code: { coding: [{ system: 'http://loinc.org', code: '72514-3' }] }, valueQuantity: { value: 4, unit: '{score}', code: '{score}' } });
    expect(normaliseObservation(obs, ctx).records[0]?.value).toEqual({ kind: 'quantity', value: 4, unit: '{score}' });
  });

  it('should read coded, text, boolean and integer values', () => {
    const coded = observationFactory({ valueQuantity: undefined, valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '8517006', display: 'Former smoker' }] } });
    const text = observationFactory({ valueQuantity: undefined, valueString: 'felt dizzy' });
    const bool = observationFactory({ valueQuantity: undefined, valueBoolean: true });
    const int = observationFactory({ code: { coding: [{ system: 'http://loinc.org', code: '72514-3' }] }, valueQuantity: undefined, valueInteger: 3 });
    expect(normaliseObservation(coded, ctx).records[0]?.value).toEqual({ kind: 'coded', system: 'http://snomed.info/sct', code: '8517006', display: 'Former smoker' });
    expect(normaliseObservation(text, ctx).records[0]?.value).toEqual({ kind: 'text', text: 'felt dizzy' });
    expect(normaliseObservation(bool, ctx).records[0]?.value).toEqual({ kind: 'coded', system: 'http://terminology.hl7.org/CodeSystem/v2-0136', code: 'Y', display: 'Yes' });
    expect(normaliseObservation(int, ctx).records[0]?.value).toEqual({ kind: 'quantity', value: 3, unit: '1' });
  });

  it('should give the same event id to the same resource and version, a new one to a new version', () => {
    const a = normaliseObservation(observationFactory(), ctx).records[0]!.eventId;
    const again = normaliseObservation(observationFactory({ valueQuantity: { value: 99, unit: 'mg/dL' } }), { ...ctx, receivedAt: new Date() }).records[0]!.eventId;
    const v2 = normaliseObservation(observationFactory({ meta: { versionId: '2' } }), ctx).records[0]!.eventId;
    expect(again).toBe(a);
    expect(v2).not.toBe(a);
  });

  it('should hash the content of an observation without id, independent of key order and of the subject spelling', () => {
    const { id: _id, ...noId } = observationFactory();
    const reordered = Object.fromEntries(Object.entries(noId).reverse()) as typeof noId;
    const a = normaliseObservation(noId as never, ctx).records[0]!;
    const b = normaliseObservation({ ...reordered, subject: { reference: 'urn:uuid:other-spelling' } } as never, ctx).records[0]!;
    const changed = normaliseObservation({ ...noId, valueQuantity: { value: 99, unit: 'mg/dL' } } as never, ctx).records[0]!;
    expect(a.eventId).toBe(b.eventId);
    expect(changed.eventId).not.toBe(a.eventId);
    expect(a.sourceResource).toMatch(/^Observation\/#[0-9a-f]{64}$/);
  });

  it('should ingest nothing from an entered-in-error observation', () => {
    const { records, issues } = normaliseObservation(observationFactory({ status: 'entered-in-error' }), ctx);
    expect(records).toEqual([]);
    expect(issues[0]?.severity).toBe('information');
  });

  it('should make CGM glucose modality cgm whatever the category says', () => {
    const obs = observationFactory({ code: { coding: [{ system: 'http://loinc.org', code: '99504-3' }] }, valueQuantity: { value: 6, unit: 'mmol/L' } });
    const [r] = normaliseObservation(obs, ctx).records;
    expect(r?.modality).toBe('cgm');
    expect(r?.value.kind === 'quantity' && r.value.value).toBeCloseTo(6 * 18.0156, 9);
  });

  it('should refuse a blood-pressure panel whose diastolic is not below its systolic, naming the diastolic', () => {
    const swapped = bloodPressureFactory('85354-9', {
      component: [
        { code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: { value: 80, system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
        { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valueQuantity: { value: 80, system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
      ],
    });
    const { issues } = normaliseObservation(swapped, ctx);
    expect(issues.filter((i) => i.severity === 'error').map((i) => i.expression)).toEqual([['Observation.component[1].valueQuantity.value']]);
  });

  it('should keep a genotype as normalised text and refuse one that does not read, naming the value field', () => {
    const genotype = (value: Record<string, unknown>) => {
      const { valueQuantity: _v, ...base } = observationFactory({ code: { coding: [{ system: 'http://loinc.org', code: '84413-4' }] } });
      return { ...base, ...value } as typeof base;
    };
    expect(normaliseObservation(genotype({ valueCodeableConcept: { coding: [{ system: 'https://www.pharmvar.org', code: 'CYP2C9*3/*1' }] } }), ctx).records[0]?.value).toEqual({ kind: 'text', text: 'CYP2C9 *1/*3' });
    const bad = normaliseObservation(genotype({ valueString: 'VKORC1 maybe' }), ctx);
    expect(bad.issues.map((i) => [i.severity, i.expression])).toEqual([['error', ['Observation.valueString']]]);
  });
});
