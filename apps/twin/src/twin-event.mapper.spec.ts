import { encodeMessage, MealLoggedSchema, MedicationAdministeredSchema, ObservationRecordedSchema, SCHEMA_VERSION, toTimestamp } from '@shuji/contracts';
import { UnprocessableMessageError } from '@shuji/messaging';
import { describe, expect, it } from 'vitest';
import { mealToTwinEvent, medicationToTwinEvent, observationToTwinEvent } from './twin-event.mapper';

const timeMs = Date.UTC(2026, 0, 5, 7);
const header = (eventId = 'e-1') => ({ eventId, schemaVersion: SCHEMA_VERSION, patientId: 'p-1', effectiveTime: toTimestamp(new Date(timeMs)) });
const ATC = 'http://www.whocc.no/atc';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const dose = (overrides: Record<string, unknown>) =>
  encodeMessage(MedicationAdministeredSchema, { header: header(), medication: { system: ATC, code: 'A10AB04' }, doseValue: 4.5, doseUnit: '[IU]', ...overrides });

describe(medicationToTwinEvent.name, () => {
  it('should read a bolus when infusion_seconds is 0 and a basal rate of dose per hour otherwise', () => {
    expect(medicationToTwinEvent(dose({}))).toEqual({ kind: 'insulin-bolus', id: 'e-1', patientId: 'p-1', timeMs, units: 4.5 });
    expect(medicationToTwinEvent(dose({ doseValue: 0.85, infusionSeconds: 3600 }))).toEqual({ kind: 'basal-rate', id: 'e-1', patientId: 'p-1', timeMs, unitsPerHour: 0.85 });
    expect(medicationToTwinEvent(dose({ doseValue: 0.4, infusionSeconds: 1800 }))).toMatchObject({ kind: 'basal-rate', unitsPerHour: 0.8 });
  });

  it('should take an RxNorm insulin by its name and U as international units', () => {
    expect(medicationToTwinEvent(dose({ medication: { system: RXNORM, code: '1652644', display: 'insulin lispro 100 UNT/ML Pen Injector' }, doseUnit: 'U' }))).toMatchObject({ kind: 'insulin-bolus', units: 4.5 });
  });

  it('should ignore a dose that is not insulin in international units', () => {
    expect(medicationToTwinEvent(dose({ medication: { system: RXNORM, code: '855332', display: 'warfarin sodium 5 MG Oral Tablet' }, doseUnit: 'mg' }))).toBeNull();
    expect(medicationToTwinEvent(dose({ doseUnit: 'mg' }))).toBeNull();
    expect(medicationToTwinEvent(dose({ doseValue: -1 }))).toBeNull();
  });

  it('should refuse an event without a header as unprocessable', () => {
    expect(() => medicationToTwinEvent(dose({ header: undefined }))).toThrow(UnprocessableMessageError);
  });
});

describe(mealToTwinEvent.name, () => {
  it('should read the carbohydrate of a meal and ignore a meal without any', () => {
    expect(mealToTwinEvent(encodeMessage(MealLoggedSchema, { header: header('m-1'), carbohydrateG: 45 }))).toEqual({ kind: 'meal', id: 'm-1', patientId: 'p-1', timeMs, carbsG: 45 });
    expect(mealToTwinEvent(encodeMessage(MealLoggedSchema, { header: header('m-2'), proteinG: 30 }))).toBeNull();
  });
});

describe(observationToTwinEvent.name, () => {
  it('should read a numeric LOINC value and refuse undecodable bytes', () => {
    const reading = encodeMessage(ObservationRecordedSchema, { header: header('c-1'), code: { system: 'http://loinc.org', code: '99504-3' }, value: { case: 'numericValue', value: 131 }, unit: 'mg/dL' });
    expect(observationToTwinEvent(reading)).toEqual({ kind: 'observation', id: 'c-1', patientId: 'p-1', timeMs, loinc: '99504-3', value: 131, unit: 'mg/dL' });
    expect(() => observationToTwinEvent(Buffer.from([0xff, 0xff, 0xff]))).toThrow(/undecodable/);
  });
});
