import { describe, expect, it } from 'vitest';
import { parseObservationSearch } from './fhir-search.util';

describe(parseObservationSearch.name, () => {
  it('should read patient, system|code and a day as [start, next day)', () => {
    const sut = parseObservationSearch({ patient: 'Patient/p-1', code: 'http://loinc.org|8480-6', date: '2024-03-01' });
    expect(sut).toEqual({
      ok: true,
      value: { patientId: 'p-1', code: '8480-6', codeSystem: 'http://loinc.org', from: new Date('2024-03-01T00:00:00Z'), to: new Date('2024-03-02T00:00:00Z') },
    });
  });

  it('should combine ge and lt prefixes into a range and widen partial dates (month, year)', () => {
    const sut = parseObservationSearch({ patient: 'p-1', date: ['ge2024-02', 'le2024'] });
    expect(sut.ok && sut.value.from).toEqual(new Date('2024-02-01T00:00:00Z'));
    expect(sut.ok && sut.value.to).toEqual(new Date('2025-01-01T00:00:00Z'));
  });

  it('should treat gt as after the whole period and lt as before its start', () => {
    const sut = parseObservationSearch({ patient: 'p-1', date: ['gt2024-01-31', 'lt2024-03-01T10:00:00+02:00'] });
    expect(sut.ok && sut.value.from).toEqual(new Date('2024-02-01T00:00:00Z'));
    expect(sut.ok && sut.value.to).toEqual(new Date('2024-03-01T08:00:00Z'));
  });

  it('should name the parameter when patient is missing, a date is malformed or a parameter is unknown', () => {
    const sut = parseObservationSearch({ date: 'yesterday', foo: 'bar' });
    expect(sut.ok).toBe(false);
    const where = sut.ok ? [] : sut.issues.flatMap((i) => i.expression ?? []);
    expect(where.sort()).toEqual(['date', 'foo', 'patient']);
  });

  it('should refuse a _count outside 1..10000 and a repeated patient', () => {
    expect(parseObservationSearch({ patient: 'p', _count: '0' }).ok).toBe(false);
    expect(parseObservationSearch({ patient: ['a', 'b'] }).ok).toBe(false);
  });
  it('should refuse a NUL byte, a control character or an over-long value in any parameter, naming it', () => {
    const sut = parseObservationSearch({ patient: 'p-1', code: '\u0000', date: 'ge2024\u0007' });
    expect(sut.ok).toBe(false);
    expect(sut.ok ? [] : sut.issues.map((i) => i.expression?.[0])).toEqual(expect.arrayContaining(['code', 'date']));
    expect(parseObservationSearch({ patient: 'p-1', code: 'x'.repeat(2000) }).ok).toBe(false);
  });
});
