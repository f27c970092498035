export * from './corpus/observation-codes';
export * from './corpus/cgm-sensor-noise';
export { bundleTimeline } from './corpus/synthea-timeline';
