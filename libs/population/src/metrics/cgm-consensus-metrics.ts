/**
 * The international consensus CGM metrics of one glucose series (equally spaced samples, mg/dL): Battelino T, Danne T,
 * Bergenstal RM, et al. Clinical targets for continuous glucose monitoring data interpretation: recommendations from
 * the international consensus on time in range. Diabetes Care 2019;42(8):1593–1603, Table 1 and Figure 2:
 * time in 70–180, below 70, below 54, above 180 and above 250 mg/dL (70 and 180 are in range), mean glucose, the
 * coefficient of variation (SD / mean, target ≤ 36 %; the population SD, as CGM software reports it), the glucose
 * management indicator GMI (%) = 3.31 + 0.02392 × mean (Bergenstal RM, Beck RW, Close KL, et al. Diabetes Care
 * 2018;41(11):2275–2280), and level 2 hypoglycaemia events: runs < 54 mg/dL lasting ≥ 15 min (Table 2), once per run.
 */
import type { MetricDefinition } from './metric-definition';

export interface CgmConsensusMetrics {
  /** Percent of samples. */
  readonly timeInRange: number;
  readonly timeBelow70: number;
  readonly timeBelow54: number;
  readonly timeAbove180: number;
  readonly timeAbove250: number;
  /** mg/dL. */
  readonly meanGlucose: number;
  /** % (HbA1c equivalent of the mean). */
  readonly gmi: number;
  /** Percent. */
  readonly cv: number;
  readonly level2HypoEvents: number;
}

/** Each metric under the name results report it by, with its unit; `key` is its field in CgmConsensusMetrics. */
export const CGM_CONSENSUS_METRICS: readonly (MetricDefinition & { readonly key: keyof CgmConsensusMetrics })[] = [
  { key: 'timeInRange', name: 'time_in_range', unit: '%', description: 'time 70–180 mg/dL' },
  { key: 'timeBelow70', name: 'time_below_70', unit: '%', description: 'time < 70 mg/dL' },
  { key: 'timeBelow54', name: 'time_below_54', unit: '%', description: 'time < 54 mg/dL' },
  { key: 'timeAbove180', name: 'time_above_180', unit: '%', description: 'time > 180 mg/dL' },
  { key: 'timeAbove250', name: 'time_above_250', unit: '%', description: 'time > 250 mg/dL' },
  { key: 'meanGlucose', name: 'mean_glucose', unit: 'mg/dL', description: 'mean plasma glucose' },
  { key: 'gmi', name: 'gmi', unit: '%', description: 'glucose management indicator (HbA1c equivalent of the mean, Bergenstal 2018)' },
  { key: 'cv', name: 'cv', unit: '%', description: 'coefficient of variation, SD / mean (target ≤ 36 %)' },
  { key: 'level2HypoEvents', name: 'level2_hypo_events', unit: '1', description: 'episodes < 54 mg/dL lasting ≥ 15 min (severe hypoglycaemia risk)' },
];

/** The consensus metrics of samples [from, to) of `glucose`, taken every `stepMin` minutes. */
export function cgmConsensusMetrics(glucose: ArrayLike<number>, stepMin: number, from = 0, to = glucose.length): CgmConsensusMetrics {
  const n = to - from;
  if (!(n > 0)) throw new RangeError('glucose: at least one sample is needed');
  let sum = 0;
  let sumSq = 0;
  let inRange = 0;
  let below70 = 0;
  let below54 = 0;
  let above180 = 0;
  let above250 = 0;
  let events = 0;
  let run = 0;
  const eventSamples = Math.ceil(15 / stepMin - 1e-9);
  for (let k = from; k < to; k++) {
    const g = glucose[k];
    sum += g;
    sumSq += g * g;
    if (g >= 70 && g <= 180) inRange++;
    if (g < 70) below70++;
    if (g > 180) above180++;
    if (g > 250) above250++;
    if (g < 54) {
      below54++;
      run++;
      if (run === eventSamples) events++;
    } else run = 0;
  }
  const mean = sum / n;
  const sd = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
  const percent = (count: number): number => (100 * count) / n;
  return {
    timeInRange: percent(inRange),
    timeBelow70: percent(below70),
    timeBelow54: percent(below54),
    timeAbove180: percent(above180),
    timeAbove250: percent(above250),
    meanGlucose: mean,
    gmi: 3.31 + 0.02392 * mean,
    cv: (100 * sd) / mean,
    level2HypoEvents: events,
  };
}
