/**
 * Hard limits of a T1D what-if's settings: a request outside them is refused (400 naming the field), whatever the
 * twin. They are the programmable ranges insulin pumps accept, the narrower of two current pumps' user guides
 * (Medtronic MiniMed 780G: carb ratio 1–200 g/U, sensitivity 5–400 mg/dL/U, target 60–250 mg/dL, basal 0–35 U/h;
 * Tandem t:slim X2: carb ratio 1–300 g/U, correction 1–600 mg/dL/U, target 70–250 mg/dL, basal 0.1–15 U/h,
 * largest bolus 25 U), so nothing a pump would refuse is simulated as if it were a therapy. A basal of 0 U/h is
 * accepted (a suspended segment) but a profile of zeros for a whole day is not (no insulin at all is diabetic
 * ketoacidosis, which UVA/Padova does not model). Meals: at most 10 a day and 250 g each, a design bound of the
 * meal model (UVA/Padova's meal tests are of 45–100 g; Dalla Man et al., IEEE TBME 2007;54:1740).
 */
export const T1D_LIMITS = {
  basalUnitsPerHour: { min: 0, max: 15 },
  carbRatioGPerUnit: { min: 1, max: 200 },
  correctionMgDlPerUnit: { min: 5, max: 400 },
  targetMgDl: { min: 70, max: 250 },
  mealCarbsG: { min: 0, max: 250 },
  mealsPerDay: 10,
  basalSegmentsPerDay: 48,
  /** The largest bolus a pump delivers at once: a computed bolus above it is capped, as the pump would. */
  maxBolusUnits: 25,
} as const;
