/**
 * The physical activity level (PAL: total energy expenditure over basal metabolic rate, FAO/WHO/UNU, Human energy
 * requirements, Rome 2004) in force from an observation's time: the input of the body-weight twin (Hall model). No
 * LOINC code names it, so it is coded in Shuji's own system, unit "1":
 *
 *   device: { "patient_id": "p-17", "code": "urn:shuji:twin|physical-activity-level", "value": 1.6, "unit": "1", "time": "…" }
 *   FHIR:   Observation.code.coding { system: "urn:shuji:twin", code: "physical-activity-level" }, valueQuantity { value: 1.6, code: "1" }
 *
 * Bounded 1.0–2.5 by the plausibility table; the twin takes it as an 'activity-level' event.
 */
export const SHUJI_TWIN_SYSTEM = 'urn:shuji:twin';
export const PHYSICAL_ACTIVITY_LEVEL_CODE = 'physical-activity-level';
