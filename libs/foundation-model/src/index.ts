export * from './corpus/observation-codes';
export * from './corpus/cgm-sensor-noise';
export { bundleTimeline } from './corpus/synthea-timeline';
export * from './tokenizer/tokenizer-spec';
export * from './tokenizer/tokenize';
export * from './inference/forecast';
export * from './inference/micro-batcher';
export * from './inference/execution-provider';
export * from './inference/foundation-model';
