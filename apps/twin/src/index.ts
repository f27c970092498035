export { TwinModule, type TwinModuleOptions } from './twin.module';
export { toTwinUpdated } from './twin-updated.mapper';
export { observationToTwinEvent, mealToTwinEvent, medicationToTwinEvent } from './twin-event.mapper';
export { PostgresTwinEventLog, PostgresTwinSnapshotStore } from './postgres-twin.store';
