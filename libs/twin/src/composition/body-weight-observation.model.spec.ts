import { describe, expect, it } from 'vitest';
import { BodyWeightObservationModel } from './body-weight-observation.model';
import { ObservationCodes } from './observation-codes';

describe(BodyWeightObservationModel.name, () => {
  const sut = new BodyWeightObservationModel(0.6, 170);

  it('should predict weight, BMI = weight / height² and height, and explain nothing else', () => {
    expect(sut.observe(ObservationCodes.bodyWeight.loinc, 80, 170)).toBe(80);
    expect(sut.observe(ObservationCodes.bmi.loinc, 80, 170)).toBeCloseTo(80 / 1.7 ** 2, 12);
    expect(sut.observe(ObservationCodes.bodyHeight.loinc, 80, 170)).toBe(170);
    expect(sut.observe(ObservationCodes.cgmGlucose.loinc, 80, 170)).toBeNull();
  });

  it('should give the weighing noise to weight, scaled by the reference height² to BMI, and 1 cm to height', () => {
    expect(sut.variance(ObservationCodes.bodyWeight.loinc)).toBeCloseTo(0.36, 12);
    expect(sut.variance(ObservationCodes.bmi.loinc)).toBeCloseTo((0.6 / 1.7 ** 2) ** 2, 12);
    expect(sut.variance(ObservationCodes.bodyHeight.loinc)).toBe(1);
  });

  it('should refuse a weight of 0 kg, a non-finite reading and an adult BMI of 3, and leave other codes alone', () => {
    expect(sut.isPlausible(ObservationCodes.bodyWeight.loinc, 0)).toBe(false);
    expect(sut.isPlausible(ObservationCodes.bodyWeight.loinc, 19.9)).toBe(false);
    expect(sut.isPlausible(ObservationCodes.bodyWeight.loinc, 72.4)).toBe(true);
    expect(sut.isPlausible(ObservationCodes.bodyWeight.loinc, 701)).toBe(false);
    expect(sut.isPlausible(ObservationCodes.bodyWeight.loinc, Number.NaN)).toBe(false);
    expect(sut.isPlausible(ObservationCodes.bmi.loinc, 3)).toBe(false);
    expect(sut.isPlausible(ObservationCodes.bodyHeight.loinc, 50)).toBe(false);
    expect(sut.isPlausible(ObservationCodes.cgmGlucose.loinc, 0)).toBe(true);
  });
});
