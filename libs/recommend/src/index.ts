export * from './shared/recommend-input.error';
export * from './weight/weight-planner';
export * from './warfarin/warfarin-dose.calculator';
export * from './warfarin/warfarin-dose.request';
export { WARFARIN_RACES, type WarfarinRace } from './warfarin/warfarin-population';
// the published comparator the calculator is validated against (bench/recommend-validation.ts, the specs)
export { iwpcPharmacogeneticWeeklyDose } from './warfarin/testing/iwpc-pharmacogenetic.comparator';
export * from './flags/risk-flags';
