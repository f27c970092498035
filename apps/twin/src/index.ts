export { TwinModule, type TwinModuleOptions } from './twin.module';
export { toTwinUpdated } from './twin-updated.mapper';
export { observationToTwinEvent, mealToTwinEvent, medicationToTwinEvent } from './twin-event.mapper';
export { PostgresTwinEventLog, PostgresTwinSnapshotStore, twinMigrate } from './postgres-twin.store';
export { TwinSchema1764400000000 } from './twin-schema.migration';
