import { describe, expect, it } from 'vitest';
import { DEVICE_BATCH_MAX, processDeviceObservations } from './process-device-observations.util';

const receivedAt = new Date('2026-03-01T12:00:00Z');
const reading = (overrides: Record<string, unknown> = {}) => ({ patient_id: 'p-17', code: '99504-3', value: 6.1, unit: 'mmol/L', time: '2026-03-01T08:05:00Z', source: 'dexcom-g7', ...overrides });

describe(processDeviceObservations.name, () => {
  it('should normalise a CGM reading to mg/dL with modality cgm', () => {
    const sut = processDeviceObservations([reading()], { receivedAt });
    expect(sut.ok).toBe(true);
    if (!sut.ok) return;
    const [r] = sut.observations;
    expect(r).toMatchObject({ patientId: 'p-17', codeSystem: 'http://loinc.org', code: '99504-3', modality: 'cgm', effectiveTime: '2026-03-01T08:05:00.000Z', source: 'dexcom-g7' });
    expect(r?.value.kind === 'quantity' && [r.value.unit, Number(r.value.value.toFixed(4))]).toEqual(['mg/dL', 109.8952]);
  });

  it('should derive the same event id for the same reading and keep a given event_id', () => {
    const a = processDeviceObservations([reading()], { receivedAt });
    const b = processDeviceObservations([reading()], { receivedAt: new Date() });
    const given = processDeviceObservations([reading({ event_id: 'g7-000123' })], { receivedAt });
    expect(a.ok && b.ok && a.observations[0]?.eventId === b.observations[0]?.eventId).toBe(true);
    expect(given.ok && given.observations[0]?.eventId).toBe('g7-000123');
  });

  it('should default wearable vitals to wearable and accept system|code', () => {
    const sut = processDeviceObservations([reading({ code: '8867-4', value: 64, unit: 'bpm' }), reading({ code: 'urn:acme|hrv', value: 41, unit: 'ms' })], { receivedAt });
    expect(sut.ok && sut.observations.map((o) => [o.code, o.modality, o.value])).toEqual([
      ['8867-4', 'wearable', { kind: 'quantity', value: 64, unit: '/min' }],
      ['hrv', 'wearable', { kind: 'quantity', value: 41, unit: 'ms' }],
    ]);
  });

  it.each([
    ['patient_id', { patient_id: '' }],
    ['patient_id', { patient_id: 'has space' }],
    ['code', { code: 'glucose' }],
    ['code', { code: '|x' }],
    ['code', { code: '99504-4' }],
    ['value', { value: '6.1' }],
    ['value', { value: null }],
    ['unit', { unit: '' }],
    ['unit', { unit: 'kg' }],
    ['time', { time: '2026-03-01' }],
    ['time', { time: '2026-03-01T08:05:00' }],
    ['time', { time: '2026-03-03T08:05:00Z' }],
    ['modality', { modality: 'telepathy' }],
    ['event_id', { event_id: 'has space' }],
    ['source', { source: '' }],
    ['patientId', { patientId: 'p' }],
  ])('should name the field %s of the failing item', (field, overrides) => {
    const sut = processDeviceObservations([reading(), reading(overrides)], { receivedAt });
    expect(sut.ok).toBe(false);
    if (!sut.ok) expect(sut.errors.map((e) => [e.index, e.field])).toContainEqual([1, field]);
  });

  it('should refuse a body that is not a non-empty array within the batch limit', () => {
    for (const body of [{}, [], Array.from({ length: DEVICE_BATCH_MAX + 1 }, () => reading())]) {
      const sut = processDeviceObservations(body, { receivedAt });
      expect(sut.ok === false && sut.errors[0]).toMatchObject({ index: -1, field: '(body)' });
    }
  });

  it('should report every bad item, not only the first', () => {
    const sut = processDeviceObservations([reading({ value: 'x' }), reading(), 7], { receivedAt });
    expect(sut.ok === false && sut.errors.map((e) => [e.index, e.field])).toEqual([
      [0, 'value'],
      [2, '(item)'],
    ]);
  });

  describe('meals and insulin', () => {
    const ATC_LISPRO = 'http://www.whocc.no/atc|A10AB04';
    const meal = (overrides: Record<string, unknown> = {}) => ({ patient_id: 'p-17', code: '9059-7', value: 45, unit: 'g', time: '2026-03-01T07:00:00Z', ...overrides });
    const insulin = (overrides: Record<string, unknown> = {}) => ({ patient_id: 'p-17', code: ATC_LISPRO, value: 4.5, unit: 'U', time: '2026-03-01T07:00:00Z', ...overrides });
    const quantities = (body: unknown[]) => {
      const sut = processDeviceObservations(body, { receivedAt });
      if (!sut.ok) throw new Error(JSON.stringify(sut.errors));
      return sut.observations.map((o) => [o.modality, o.value]);
    };

    it('should store a meal as carbohydrate intake in g with modality meal', () => {
      expect(quantities([meal(), meal({ value: 0.05, unit: 'kg' })])).toEqual([
        ['meal', { kind: 'quantity', value: 45, unit: 'g' }],
        ['meal', { kind: 'quantity', value: 50, unit: 'g' }],
      ]);
    });

    it('should store a bolus in [IU] and a basal rate in [IU]/h when given as a rate or as units over duration_min', () => {
      expect(quantities([insulin(), insulin({ unit: '[IU]/h', value: 0.9 }), insulin({ value: 0.45, duration_min: 30 })])).toEqual([
        ['medication', { kind: 'quantity', value: 4.5, unit: '[IU]' }],
        ['medication', { kind: 'quantity', value: 0.9, unit: '[IU]/h' }],
        ['medication', { kind: 'quantity', value: 0.9, unit: '[IU]/h' }],
      ]);
    });

    it('should recognise an RxNorm insulin by its display and keep other medications as sent', () => {
      const sut = processDeviceObservations(
        [
          insulin({ code: 'http://www.nlm.nih.gov/research/umls/rxnorm|1652644', display: 'insulin lispro 100 UNT/ML Pen Injector', unit: 'U' }),
          insulin({ code: 'http://www.nlm.nih.gov/research/umls/rxnorm|855332', value: 5, unit: 'mg' }),
        ],
        { receivedAt },
      );
      expect(sut.ok && sut.observations.map((o) => [o.modality, o.display, o.value])).toEqual([
        ['medication', 'insulin lispro 100 UNT/ML Pen Injector', { kind: 'quantity', value: 4.5, unit: '[IU]' }],
        ['medication', undefined, { kind: 'quantity', value: 5, unit: 'mg' }],
      ]);
    });

    it('should give a basal rate and a bolus of one insulin at one time different event ids', () => {
      const sut = processDeviceObservations([insulin(), insulin({ unit: 'U/h', value: 1 })], { receivedAt });
      expect(sut.ok && new Set(sut.observations.map((o) => o.eventId)).size).toBe(2);
    });

    it.each([
      ['value', meal({ value: -5 })],
      ['value', meal({ value: 1500 })],
      ['unit', meal({ unit: 'kcal' })],
      ['modality', meal({ modality: 'lab' })],
      ['unit', insulin({ unit: 'mg' })],
      ['unit', insulin({ unit: 'U/min' })],
      ['value', insulin({ value: 500 })],
      ['value', insulin({ value: -1 })],
      ['value', insulin({ unit: 'U/h', value: 120 })],
      ['value', insulin({ value: 60, duration_min: 30 })],
      ['duration_min', insulin({ duration_min: 0 })],
      ['duration_min', insulin({ duration_min: '30' })],
      ['duration_min', insulin({ unit: 'U/h', duration_min: 30 })],
      ['duration_min', meal({ duration_min: 30 })],
      ['modality', insulin({ modality: 'cgm' })],
      ['display', insulin({ display: '' })],
    ])('should name the field %s when a meal or insulin item is bad (%o)', (field, item) => {
      const sut = processDeviceObservations([meal(), item], { receivedAt });
      expect(sut.ok).toBe(false);
      if (!sut.ok) expect(sut.errors.map((e) => [e.index, e.field])).toEqual([[1, field]]);
    });
  });
  it.each([
    ['glucose −5 mmol/L', { value: -5, unit: 'mmol/L' }, 'value'],
    ['glucose 1e307 mmol/L (Infinity once converted)', { value: 1e307, unit: 'mmol/L' }, 'unit'],
    ['weight −70 kg', { code: '29463-7', value: -70, unit: 'kg' }, 'value'],
    ['heart rate 1e6', { code: '8867-4', value: 1e6, unit: '/min' }, 'value'],
  ])('should refuse %s naming the field', (_name, overrides, field) => {
    const sut = processDeviceObservations([reading(), reading(overrides)], { receivedAt });
    expect(sut.ok).toBe(false);
    expect(sut.ok ? [] : sut.errors.map((e) => [e.index, e.field])).toEqual([[1, field]]);
  });

  it('should refuse control characters in source, display, unit and a system|code, and nesting past the bound', () => {
    const sut = processDeviceObservations(
      [reading({ source: 'dex\u0000com' }), reading({ code: '9059-7', value: 5, unit: 'g', display: 'x\u0000' }), reading({ unit: 'mg\u0000/dL' }), reading({ code: 'urn:acme|h\u0000rv' })],
      { receivedAt },
    );
    expect(sut.ok ? [] : sut.errors.map((e) => [e.index, e.field])).toEqual([[0, 'source'], [1, 'display'], [2, 'unit'], [3, 'code']]);
    const deep = JSON.parse(`[{"patient_id":${'['.repeat(20_000)}${']'.repeat(20_000)}}]`) as unknown;
    expect(processDeviceObservations(deep, { receivedAt })).toMatchObject({ ok: false, errors: [{ index: -1, field: '(body)' }] });
  });
  it('should apply the time policy: 5 minutes of clock skew, nothing later, nothing before 1900', () => {
    const sut = processDeviceObservations([reading({ time: '2026-03-01T12:04:59Z' }), reading({ time: '2026-09-01T12:00:00Z' }), reading({ time: '0001-01-01T00:00:00Z' })], { receivedAt });
    expect(sut.ok ? [] : sut.errors.map((e) => [e.index, e.field])).toEqual([[1, 'time'], [2, 'time']]);
  });

  it('should take a genotype string without unit as one event per gene, and name the value of one that does not read', () => {
    const sut = processDeviceObservations([reading({ code: '84413-4', value: 'CYP2C9 *1/*2', unit: undefined }), reading({ code: '84413-4', value: 'VKORC1 GG', unit: undefined })], { receivedAt });
    expect(sut.ok && sut.observations.map((o) => [o.value, o.modality])).toEqual([
      [{ kind: 'text', text: 'CYP2C9 *1/*2' }, 'genomic'],
      [{ kind: 'text', text: 'VKORC1 GG' }, 'genomic'],
    ]);
    expect(sut.ok && new Set(sut.observations.map((o) => o.eventId)).size).toBe(2);
    const bad = processDeviceObservations([reading({ code: '84413-4', value: 12, unit: undefined })], { receivedAt });
    expect(bad.ok ? [] : bad.errors.map((e) => [e.index, e.field])).toEqual([[0, 'value']]);
  });

  it('should bound a modelled drug dose as a mass and store other drugs as sent', () => {
    const atc = (code: string, value: number, unit: string) => reading({ code: `http://www.whocc.no/atc|${code}`, value, unit });
    expect(processDeviceObservations([atc('B01AA03', 5, 'mg'), atc('R05DA04', 5, 'mL')], { receivedAt }).ok).toBe(true);
    const bad = processDeviceObservations([atc('B01AA03', 5, 'mL'), atc('C08CA01', 1, 'g')], { receivedAt });
    expect(bad.ok ? [] : bad.errors.map((e) => [e.index, e.field])).toEqual([[0, 'unit'], [1, 'value']]);
  });
});
