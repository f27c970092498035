export * from './shared/recommend-input.error';
// JSON Schemas of the request bodies for the OpenAPI document (the parsers stay the authority)
export * from './shared/request-schemas';
export * from './shared/result-schemas';
export * from './weight/weight-planner';
export * from './warfarin/warfarin-dose.calculator';
export * from './warfarin/warfarin-dose.request';
export { WARFARIN_RACES, type WarfarinRace } from '@shuji/models';
// the published comparator the calculator is validated against (bench/recommend-validation.ts, the specs)
export { iwpcPharmacogeneticWeeklyDose } from './warfarin/testing/iwpc-pharmacogenetic.comparator';
export * from './flags/risk-flags';
// what-if simulation of a twin (issue 15): the engine, its plug-in registry and the T1D plug-in
export * from './whatif/what-if-plugin';
export * from './whatif/what-if-registry';
export * from './whatif/parse-what-if-request';
export * from './whatif/summarise-outcomes';
export * from './whatif/run-what-if';
export { closeWhatIfWorkerPools, DEFAULT_WHAT_IF_THREADS } from './whatif/what-if-worker-pool';
export { T1dWhatIfPlugin, T1D_OUTCOMES } from './whatif/t1d/t1d-what-if.plugin';
export { T1D_LIMITS } from './whatif/t1d/t1d-safety-limits';
export { T1D_CHANGE_KINDS } from './whatif/t1d/t1d-settings';

export { defaultWhatIfRegistry } from './whatif/default-what-if-registry';
// the slow components' what-if plug-ins, and the parts of a (composite) twin each plug-in simulates (plan engines use it)
export { pluginParts, partTwin, twinParts, type TwinPart } from './whatif/parts/twin-parts';
export { BodyWeightWhatIfPlugin } from './whatif/body-weight/body-weight-what-if.plugin';
export { BloodPressureWhatIfPlugin } from './whatif/blood-pressure/blood-pressure-what-if.plugin';
export { WarfarinWhatIfPlugin } from './whatif/warfarin/warfarin-what-if.plugin';
export { rosendaalShare, clipToWindow, type InrPoint } from './whatif/warfarin/rosendaal';
// health-management plans for the patient app and the clinician (issue 15, item 3): targets, simulated actions, CarePlan
export * from './plan/build-health-plan';
export { healthPlanCarePlan } from './plan/health-plan-fhir';
export * from './plan/parse-health-plan-query';
export { cohortArgs, type StartKind, type TwinKind } from './validation/t1d-validation-persons';
export { validateHealthPlan, type ActionSummary, type HealthPlanValidation, type PersonPlanResult } from './plan/validation/health-plan-validation';
// settings optimisation under hard limits (issue 15, item 2): the engine, its plug-in registry, the T1D plug-in
export * from './optimise/optimise-plugin';
export * from './optimise/optimise-registry';
export * from './optimise/hard-limits';
export * from './optimise/optimise-plans';
export * from './optimise/parse-optimise-request';
export { T1dSettingsOptimiserPlugin } from './optimise/t1d/t1d-settings-optimiser.plugin';
export { DEFAULT_T1D_OPTIMISE_LIMITS, type T1dOptimiseLimits } from './optimise/t1d/t1d-optimise-limits';
export { defaultOptimiseRegistry } from './optimise/default-optimise-registry';
export {
  calibrateT1dWhatIf,
  nudgedStartLives,
  pairedLifeTags,
  SETTINGS_JUDGING,
  startingSettingsLives,
  validateT1dSettings,
  validateT1dSettingsVariants,
  TBR_TOLERANCE_POINTS,
  type FinalistDiagnosis,
  type SettingsValidation,
  type SettingsVariant,
  type PatientSettingsResult,
  type WhatIfCalibrationRow,
} from './optimise/validation/t1d-settings-validation';
export { truthGridBound } from './optimise/validation/t1d-truth-grid-bound';
export type { GridObjective } from './optimise/validation/truth-grid';
// stored recommendations with provenance, re-run and decisions; CDS Hooks 2.0 cards (issue 15)
export * from './provenance/recommenders';
export * from './provenance/recommendation-record';
export * from './provenance/twin-recommendation';
export * from './provenance/recommendation-decision';
export { parseWeightPlanRequest } from './provenance/weight-plan.request';
export * from './cds/cds-hooks.types';
export * from './cds/cds-services';
export { parseCdsHookRequest } from './cds/parse-cds-hook-request';
export { parseCdsFeedback } from './cds/parse-cds-feedback';
export { draftMedicationOrders, WARFARIN_ATC, AMLODIPINE_ATC, type DraftMedicationOrder } from './cds/draft-orders';
export { warfarinInputsFromHook, warfarinOrderCard, warfarinMissingInputsCard, amlodipineOrderCard, AMLODIPINE_MAX_MG_PER_DAY } from './cds/order-cards';
export { patientViewCards, type OpenRecommendation } from './cds/patient-view-cards';
// JSON Schemas of the CDS Hooks 2.0 shapes: the OpenAPI document's and the conformance tests' (apps/recommend, test/)
export { CDS_DISCOVERY_SCHEMA, CDS_REQUEST_SCHEMAS, CDS_RESPONSE_SCHEMA, CDS_FEEDBACK_SCHEMA } from './cds/cds-hooks-2.0.schemas';
export { fhirProvenance, type ProvenanceSubject } from './provenance/fhir-provenance';
