import { encodeMessage, MealLoggedSchema, MedicationAdministeredSchema, MedicationScheduledSchema, ObservationRecordedSchema, SCHEMA_VERSION, toTimestamp } from '@shuji/contracts';
import { UnprocessableMessageError } from '@shuji/messaging';
import { describe, expect, it } from 'vitest';
import { mealToTwinEvent, medicationScheduleToTwinEvent, medicationToTwinEvent, observationToTwinEvent } from './twin-event.mapper';

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

  it('should ignore an insulin dose that is not in international units', () => {
    expect(medicationToTwinEvent(dose({ doseUnit: 'mg' }))).toBeNull();
    expect(medicationToTwinEvent(dose({ doseValue: -1 }))).toBeNull();
  });

  it('should read another drug with an ATC code (or a mapped RxNorm code) and a mass dose as a dose in mg', () => {
    const warfarin = { system: RXNORM, code: '855332', display: 'warfarin sodium 5 MG Oral Tablet' };
    expect(medicationToTwinEvent(dose({ medication: warfarin, doseValue: 5, doseUnit: 'mg' }))).toEqual({ kind: 'medication-dose', id: 'e-1', patientId: 'p-1', timeMs, atc: 'B01AA03', mg: 5 });
    expect(medicationToTwinEvent(dose({ medication: { system: ATC, code: 'C08CA01' }, doseValue: 5000, doseUnit: 'ug' }))).toMatchObject({ atc: 'C08CA01', mg: 5 });
    expect(medicationToTwinEvent(dose({ medication: { system: ATC, code: 'N02BE01' }, doseValue: 0.5, doseUnit: 'g' }))).toMatchObject({ atc: 'N02BE01', mg: 500 });
  });

  it('should leave out drugs without an ATC code and unmodelled drugs in other units, and refuse a modelled drug dosed in mL', () => {
    expect(medicationToTwinEvent(dose({ medication: { system: RXNORM, code: '849574', display: 'Naproxen sodium 220 MG Oral Tablet' }, doseValue: 220, doseUnit: 'mg' }))).toBeNull();
    expect(medicationToTwinEvent(dose({ medication: { system: ATC, code: 'R05DA04' }, doseValue: 5, doseUnit: 'mL' }))).toBeNull();
    expect(() => medicationToTwinEvent(dose({ medication: { system: ATC, code: 'B01AA03' }, doseValue: 5, doseUnit: 'mL' }))).toThrow(/a dose of warfarin must be a mass/);
  });

  it('should refuse an event without a header as unprocessable', () => {
    expect(() => medicationToTwinEvent(dose({ header: undefined }))).toThrow(UnprocessableMessageError);
  });
});

describe(medicationScheduleToTwinEvent.name, () => {
  const schedule = (overrides: Record<string, unknown>) =>
    encodeMessage(MedicationScheduledSchema, { header: header(), medication: { system: RXNORM, code: '197361' }, doseValue: 5, doseUnit: 'mg', everySeconds: 86_400, ...overrides });

  it('should read a modelled drug\'s schedule in mg with its interval and end', () => {
    expect(medicationScheduleToTwinEvent(schedule({}))).toEqual({ kind: 'medication-schedule', id: 'e-1', patientId: 'p-1', timeMs, atc: 'C08CA01', mg: 5, everyMin: 1440 });
    expect(medicationScheduleToTwinEvent(schedule({ endTime: toTimestamp(new Date(timeMs + 86_400_000 * 30)) }))).toMatchObject({ endMs: timeMs + 86_400_000 * 30 });
  });

  it('should leave out other drugs and refuse an impossible schedule as unprocessable', () => {
    expect(medicationScheduleToTwinEvent(schedule({ medication: { system: RXNORM, code: '313782' } }))).toBeNull();
    expect(() => medicationScheduleToTwinEvent(schedule({ doseUnit: 'mL' }))).toThrow(/must be a mass/);
    expect(() => medicationScheduleToTwinEvent(schedule({ everySeconds: 60 }))).toThrow(UnprocessableMessageError);
    expect(() => medicationScheduleToTwinEvent(schedule({ endTime: toTimestamp(new Date(timeMs - 1000)) }))).toThrow(/end after it starts/);
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

  it('should read a genotype from a coded or text value, normalised, and refuse one that does not read', () => {
    const genotype = (value: unknown) => encodeMessage(ObservationRecordedSchema, { header: header('g-1'), code: { system: 'http://loinc.org', code: '84413-4' }, value } as never);
    expect(observationToTwinEvent(genotype({ case: 'codedValue', value: { system: 'https://www.pharmvar.org', code: 'CYP2C9 *3/*1' } }))).toEqual({ kind: 'genotype', id: 'g-1', patientId: 'p-1', timeMs, gene: 'CYP2C9', result: '*1/*3' });
    expect(observationToTwinEvent(genotype({ case: 'textValue', value: 'VKORC1 AG' }))).toMatchObject({ gene: 'VKORC1', result: 'GA' });
    expect(() => observationToTwinEvent(genotype({ case: 'textValue', value: 'CYP2C9 fast' }))).toThrow(UnprocessableMessageError);
  });

  it('should read the physical activity level (unit 1) as an activity level', () => {
    const pal = (unit: string) => encodeMessage(ObservationRecordedSchema, { header: header('a-1'), code: { system: 'urn:shuji:twin', code: 'physical-activity-level' }, value: { case: 'numericValue', value: 1.7 }, unit });
    expect(observationToTwinEvent(pal('1'))).toEqual({ kind: 'activity-level', id: 'a-1', patientId: 'p-1', timeMs, pal: 1.7 });
    expect(observationToTwinEvent(pal('kg'))).toBeNull();
  });
});
