import { Loinc } from '@shuji/contracts';

/** LOINC codes and UCUM units the twin's observation models explain (from @shuji/contracts' vocabulary). */
export const ObservationCodes = {
  /** Glucose [Mass/volume] in Interstitial fluid (CGM). */
  cgmGlucose: { loinc: Loinc.cgmGlucose.code, unit: Loinc.cgmGlucose.unit },
  /** Glucose [Mass/volume] in Blood (fingerstick / capillary meter). */
  bloodGlucose: { loinc: Loinc.bloodGlucose.code, unit: Loinc.bloodGlucose.unit },
  /** Glucose [Mass/volume] in Capillary blood by Glucometer. */
  capillaryGlucose: { loinc: Loinc.capillaryGlucose.code, unit: Loinc.capillaryGlucose.unit },
  /** INR in Platelet poor plasma by Coagulation assay. */
  inr: { loinc: Loinc.inr.code, unit: Loinc.inr.unit },
  /** INR in Capillary blood by Coagulation assay (point of care). */
  inrPointOfCare: { loinc: Loinc.inrPointOfCare.code, unit: Loinc.inrPointOfCare.unit },
  /** Systolic blood pressure. */
  systolicBp: { loinc: Loinc.systolicBp.code, unit: Loinc.systolicBp.unit },
  /** Diastolic blood pressure. */
  diastolicBp: { loinc: Loinc.diastolicBp.code, unit: Loinc.diastolicBp.unit },
  /** Body weight. */
  bodyWeight: { loinc: Loinc.bodyWeight.code, unit: Loinc.bodyWeight.unit },
  /** Body mass index. */
  bmi: { loinc: Loinc.bmi.code, unit: Loinc.bmi.unit },
  /** Body height. */
  bodyHeight: { loinc: Loinc.bodyHeight.code, unit: Loinc.bodyHeight.unit },
} as const;

export type ObservationCode = (typeof ObservationCodes)[keyof typeof ObservationCodes];
