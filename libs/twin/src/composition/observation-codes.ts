/** LOINC codes and UCUM units the twin's observation models explain. */
export const ObservationCodes = {
  /** Glucose [Mass/volume] in Interstitial fluid (CGM). */
  cgmGlucose: { loinc: '99504-3', unit: 'mg/dL' },
  /** Glucose [Mass/volume] in Blood (fingerstick / capillary meter). */
  bloodGlucose: { loinc: '2339-0', unit: 'mg/dL' },
  /** Glucose [Mass/volume] in Capillary blood by Glucometer. */
  capillaryGlucose: { loinc: '41653-7', unit: 'mg/dL' },
  /** INR in Platelet poor plasma by Coagulation assay. */
  inr: { loinc: '6301-6', unit: '{INR}' },
  /** Systolic blood pressure. */
  systolicBp: { loinc: '8480-6', unit: 'mm[Hg]' },
  /** Body weight. */
  bodyWeight: { loinc: '29463-7', unit: 'kg' },
} as const;

export type ObservationCode = (typeof ObservationCodes)[keyof typeof ObservationCodes];
