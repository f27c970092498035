export * from './topics';
export * from './partition-key.util';
export * from './codec';
export * from './gen/shuji/events/v1/common_pb';
export * from './gen/shuji/events/v1/person_events_pb';
export * from './gen/shuji/events/v1/twin_pb';
export * from './gen/shuji/events/v1/pipeline_pb';
export * from './vocabulary/loinc';
