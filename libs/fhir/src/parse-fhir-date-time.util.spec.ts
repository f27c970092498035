import { describe, expect, it } from 'vitest';
import { parseFhirDateTime } from './parse-fhir-date-time.util';

describe(parseFhirDateTime.name, () => {
  it.each([
    ['2013-08-10T04:44:29+00:00', '2013-08-10T04:44:29.000Z'],
    ['2013-08-10T04:44:29.043+02:00', '2013-08-10T02:44:29.043Z'],
    ['2013-08-10T23:30:00-05:30', '2013-08-11T05:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['2024-02', '2024-02-01T00:00:00.000Z'],
    ['2024', '2024-01-01T00:00:00.000Z'],
    ['2026-03-01T08:05:00.123456Z', '2026-03-01T08:05:00.123Z'],
  ])('should read %s as %s', (text, iso) => {
    expect(parseFhirDateTime(text)).toEqual({ ok: true, iso });
  });

  it.each([
    ['2013-08-10T04:44:29', 'no time zone'],
    ['2023-02-29', 'day 29'],
    ['2023-13-01', 'month 13'],
    ['2023-01-01T24:00:00Z', 'invalid time'],
    ['2023-01-01T10:00:00+15:00', 'zone offset'],
    ['10/08/2013', 'not a FHIR dateTime'],
    ['2013-08-10T04:44Z', 'not a FHIR dateTime'],
    ['', 'not a FHIR dateTime'],
  ])('should refuse %s (%s)', (text, reason) => {
    const result = parseFhirDateTime(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(reason);
  });
});

describe(`${parseFhirDateTime.name} edge cases`, () => {
  it('should apply the Gregorian leap-year rule', () => {
    expect(parseFhirDateTime('2000-02-29').ok).toBe(true);
    expect(parseFhirDateTime('1900-02-29').ok).toBe(false);
  });

  it('should roll a leap second into the next minute', () => {
    expect(parseFhirDateTime('2016-12-31T23:59:60Z')).toEqual({ ok: true, iso: '2017-01-01T00:00:00.000Z' });
  });

  it('should keep literal years below 100', () => {
    expect(parseFhirDateTime('0050-06-01T00:00:00Z')).toEqual({ ok: true, iso: '0050-06-01T00:00:00.000Z' });
    expect(parseFhirDateTime('0050')).toEqual({ ok: true, iso: '0050-01-01T00:00:00.000Z' });
  });
});
