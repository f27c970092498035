// What apps/platform, the e2e tests and the benches compose; nothing else of the twin app is imported from outside it.
export { TwinModule, twinComponentRegistry, type TwinModuleOptions } from './twin.module';
export { TwinAppModule } from './twin-app.module';
export { toTwinUpdated } from './twin-updated.mapper';
export { observationToTwinEvent, mealToTwinEvent, medicationToTwinEvent } from './twin-event.mapper';
