/** What the weight + BP program reports per person and period (programs/weight-bp.program.ts). */
import type { MetricDefinition } from './metric-definition';

export const WEIGHT_BP_METRICS: readonly MetricDefinition[] = [
  { name: 'weight', unit: 'kg', description: 'body weight at the end of the period' },
  { name: 'bmi', unit: 'kg/m2', description: 'body-mass index at the end of the period' },
  { name: 'sbp', unit: 'mm[Hg]', description: 'true systolic pressure at the end of the period' },
  { name: 'sbp_controlled', unit: '%', description: 'people with true SBP < 140 mmHg at the end of the period' },
  { name: 'on_amlodipine', unit: '%', description: 'people on amlodipine at the end of the period' },
];
