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
import { CGM_CONSENSUS_METRICS, cgmConsensusMetrics } from './cgm-consensus-metrics';

export const GLUCOSE_METRICS = ['mean_glucose', 'gmi', 'time_in_range', 'time_below_70', 'time_below_54', 'time_above_180', 'level2_hypo_events'].map(
  (name) => CGM_CONSENSUS_METRICS.find((m) => m.name === name)!,
);

/**
 * Writes the GLUCOSE_METRICS of samples [from, to) of `glucose` (mg/dL, every `stepMin` minutes) into
 * out[m * stride + offset] for metric m.
 */
export function glucoseMetrics(glucose: Float64Array, from: number, to: number, stepMin: number, out: Float64Array, stride: number, offset: number): void {
  const m = cgmConsensusMetrics(glucose, stepMin, from, to);
  GLUCOSE_METRICS.forEach((d, k) => (out[k * stride + offset] = m[d.key]));
}
