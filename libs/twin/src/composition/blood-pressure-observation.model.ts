import { ObservationCodes } from './observation-codes';

/**
 * Where a person's pressure is measured, a setting of the twin's blood-pressure component (one LOINC code, 8480-6
 * or 8462-4, is used for both, so a reading does not say): 'home' (self-measured, validated upper-arm device) or
 * 'office' (clinic). A person measured in both places needs the method on the reading (FHIR Observation.method), which
 * the event does not carry yet.
 */
export type BloodPressureSetting = 'home' | 'office';

/** Systolic and diastolic pressure (mmHg), or white-coat offsets of each. */
export interface SystolicDiastolic {
  readonly sbp: number;
  readonly dbp: number;
}

/** Readings the twin will assimilate (mmHg): beyond these a value is a device or transcription error. */
export const BP_READING_MM_HG = { sbp: { min: 40, max: 300 }, dbp: { min: 20, max: 200 } } as const;

/**
 * SD of one reading around the person's pressure of that day (mmHg): within-day variability, device and observer
 * error. Assumed, of the order of published reproducibility: a single home reading ~7/5, an office reading ~10/7
 * (Stergiou GS et al., Am J Hypertens 2002;15:101-104, home readings reproduce better than office ones; Rothwell PM
 * et al., Lancet 2010;375:895-905, visit-to-visit SD of office SBP ≈ 10 mmHg including true variation).
 */
export const READING_SD: Readonly<Record<BloodPressureSetting, SystolicDiastolic>> = {
  home: { sbp: 7, dbp: 5 },
  office: { sbp: 10, dbp: 7 },
};

/**
 * The white-coat offset (office minus home, mmHg): personal, with a population prior of mean 5/5 (the office 140/90
 * and home 135/85 thresholds describe the same risk: Parati G et al., ESH guidelines for home blood pressure
 * monitoring, J Hypertens 2008;26:1505-1526) and an assumed SD 6/4 (white-coat and masked effects both occur).
 */
export const WHITE_COAT_PRIOR: { readonly mean: SystolicDiastolic; readonly sd: SystolicDiastolic } = {
  mean: { sbp: 5, dbp: 5 },
  sd: { sbp: 6, dbp: 4 },
};

/** Which pressure a LOINC code reads, or null when blood pressure does not explain it. */
export function bloodPressureQuantity(loinc: string): keyof SystolicDiastolic | null {
  if (loinc === ObservationCodes.systolicBp.loinc) return 'sbp';
  if (loinc === ObservationCodes.diastolicBp.loinc) return 'dbp';
  return null;
}

/** Whether a value can be assimilated: finite and within BP_READING_MM_HG for a pressure code; other codes are not judged here. */
export function isPlausibleBloodPressure(loinc: string, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  const quantity = bloodPressureQuantity(loinc);
  return quantity === null || (value >= BP_READING_MM_HG[quantity].min && value <= BP_READING_MM_HG[quantity].max);
}

/** The predicted reading: the person's pressure, plus the white-coat offset at the office. */
export function predictedReading(setting: BloodPressureSetting, pressure: number, whiteCoat: number): number {
  return setting === 'office' ? pressure + whiteCoat : pressure;
}
