export * from './shared/recommend-input.error';
export * from './weight/weight-planner';
export * from './warfarin/warfarin-dose.calculator';
export * from './warfarin/warfarin-dose.request';
export { WARFARIN_RACES, type WarfarinRace } from './warfarin/warfarin-population';
