/**
 * CGM-style glucose metrics of one period of a simulated glucose series (equally spaced samples), a subset of
 * cgmConsensusMetrics (cgm-consensus-metrics.ts), in the population's result layout:
 * - time in ranges (70–180, < 70, < 54, > 180 mg/dL) and the mean, as defined by the international consensus
 *   on time in range: Battelino T, Danne T, Bergenstal RM, et al. Diabetes Care 2019;42(8):1593–1603;
 * - level 2 ("clinically significant") hypoglycaemia events: a run of readings < 54 mg/dL lasting ≥ 15 minutes
 *   (same consensus, Table 2), counted once per run;
 * - the glucose management indicator GMI (%) = 3.31 + 0.02392 · mean glucose (mg/dL): Bergenstal RM, Beck RW,
 *   Close KL, et al. Diabetes Care 2018;41(11):2275–2280 (the HbA1c a mean glucose corresponds to).
 */
import { cgmConsensusMetrics } from './cgm-consensus-metrics';
import type { MetricDefinition } from './metric-definition';

export const GLUCOSE_METRICS: readonly MetricDefinition[] = [
  { name: 'mean_glucose', unit: 'mg/dL', description: 'mean plasma glucose' },
  { name: 'gmi', unit: '%', description: 'glucose management indicator (HbA1c equivalent of the mean, Bergenstal 2018)' },
  { name: 'time_in_range', unit: '%', description: 'time 70–180 mg/dL' },
  { name: 'time_below_70', unit: '%', description: 'time < 70 mg/dL' },
  { name: 'time_below_54', unit: '%', description: 'time < 54 mg/dL' },
  { name: 'time_above_180', unit: '%', description: 'time > 180 mg/dL' },
  { name: 'level2_hypo_events', unit: '1', description: 'episodes < 54 mg/dL lasting ≥ 15 min (severe hypoglycaemia risk)' },
];

/**
 * Writes the GLUCOSE_METRICS of samples [from, to) of `glucose` (mg/dL, every `stepMin` minutes) into
 * out[m * stride + offset] for metric m.
 */
export function glucoseMetrics(glucose: Float64Array, from: number, to: number, stepMin: number, out: Float64Array, stride: number, offset: number): void {
  const m = cgmConsensusMetrics(glucose, stepMin, from, to);
  const values = [m.meanGlucose, m.gmi, m.timeInRange, m.timeBelow70, m.timeBelow54, m.timeAbove180, m.level2HypoEvents];
  values.forEach((v, k) => (out[k * stride + offset] = v));
}
