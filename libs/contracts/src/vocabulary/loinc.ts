/**
 * The LOINC codes (LOINC 2.80, Regenstrief Institute, https://loinc.org) that Shuji's code names, each with the
 * canonical UCUM unit ingest converts its values to: the one place such a code is written. @shuji/fhir's table
 * (displays, modalities, conversions) keys these entries by them; the twin's observation models and the FM's
 * vocabulary name their codes from here.
 */
export const Loinc = {
  bloodGlucose: { code: '2339-0', unit: 'mg/dL' },
  serumGlucose: { code: '2345-7', unit: 'mg/dL' },
  serumGlucoseMolar: { code: '14749-6', unit: 'mmol/L' },
  capillaryGlucose: { code: '41653-7', unit: 'mg/dL' },
  cgmGlucose: { code: '99504-3', unit: 'mg/dL' },
  hba1c: { code: '4548-4', unit: '%' },
  // µIU/mL = mU/L: the Bergman and Hovorka models' insulin
  serumInsulin: { code: '20448-7', unit: 'u[IU]/mL' },
  bodyWeight: { code: '29463-7', unit: 'kg' },
  bmi: { code: '39156-5', unit: 'kg/m2' },
  bodyHeight: { code: '8302-2', unit: 'cm' },
  heartRate: { code: '8867-4', unit: '/min' },
  systolicBp: { code: '8480-6', unit: 'mm[Hg]' },
  diastolicBp: { code: '8462-4', unit: 'mm[Hg]' },
  inr: { code: '6301-6', unit: '{INR}' },
  /** INR in Capillary blood by Coagulation assay (point-of-care meters). */
  inrPointOfCare: { code: '34714-6', unit: '{INR}' },
  carbohydrateIntake: { code: '9059-7', unit: 'g' },
} as const;

export type LoincTerm = (typeof Loinc)[keyof typeof Loinc];
