import { describe, expect, it } from 'vitest';
import { bloodPressureQuantity, BP_READING_MM_HG, isPlausibleBloodPressure, predictedReading, READING_SD } from './blood-pressure-observation.model';
import { ObservationCodes } from './observation-codes';

describe('blood-pressure observation model', () => {
  it('should read systolic from 8480-6 and diastolic from 8462-4, and nothing from other codes', () => {
    expect(bloodPressureQuantity('8480-6')).toBe('sbp');
    expect(bloodPressureQuantity('8462-4')).toBe('dbp');
    expect(bloodPressureQuantity(ObservationCodes.inr.loinc)).toBeNull();
  });

  it('should accept pressures inside the bounds, inclusive, and refuse those outside or non-finite', () => {
    expect(isPlausibleBloodPressure('8480-6', BP_READING_MM_HG.sbp.min)).toBe(true);
    expect(isPlausibleBloodPressure('8480-6', BP_READING_MM_HG.sbp.max)).toBe(true);
    expect(isPlausibleBloodPressure('8480-6', BP_READING_MM_HG.sbp.max + 1)).toBe(false);
    expect(isPlausibleBloodPressure('8462-4', BP_READING_MM_HG.dbp.min - 1)).toBe(false);
    expect(isPlausibleBloodPressure('8462-4', Number.POSITIVE_INFINITY)).toBe(false);
    expect(isPlausibleBloodPressure(ObservationCodes.bodyWeight.loinc, 400)).toBe(true);
    expect(isPlausibleBloodPressure(ObservationCodes.bodyWeight.loinc, Number.NaN)).toBe(false);
  });

  it('should add the white-coat offset to office readings only, and trust home readings more', () => {
    expect(predictedReading('office', 140, 6)).toBe(146);
    expect(predictedReading('home', 140, 6)).toBe(140);
    expect(READING_SD.home.sbp).toBeLessThan(READING_SD.office.sbp);
    expect(READING_SD.home.dbp).toBeLessThan(READING_SD.office.dbp);
  });
});
