export * from './topics';
export * from './partition-key.util';
export * from './codec';
export * from './observation-recorded.codec';
export * from './gen/shuji/events/v1/events_pb';
export * from './vocabulary/loinc';
export * from './vocabulary/consent';
export * from './iso-duration';
