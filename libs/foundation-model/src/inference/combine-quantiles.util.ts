/**
 * Combines two quantile forecasts of the same quantity and horizon by averaging their quantile functions
 * (Vincentization: Ratcliff 1979, Psychol Bull 86:446; for forecasts, Lichtendahl, Grushka-Cockayne & Winkler 2013,
 * Manage Sci 59:1594): value at each level = w·a + (1 − w)·b. The result stays ordered when both inputs are, and
 * its interval width is the weighted mean of theirs, which suits combining the ODE twin's ensemble with the FM.
 */
import type { QuantileForecast } from './forecast';

export function combineQuantiles(a: QuantileForecast, b: QuantileForecast, weightOfA: number): QuantileForecast {
  if (!(weightOfA >= 0 && weightOfA <= 1)) throw new RangeError('weightOfA: must be within [0, 1]');
  if (a.code !== b.code || a.horizonMin !== b.horizonMin) {
    throw new RangeError(`cannot combine ${a.code}@${a.horizonMin} min with ${b.code}@${b.horizonMin} min`);
  }
  if (a.levels.length !== b.levels.length || a.levels.some((level, i) => level !== b.levels[i])) {
    throw new RangeError('levels: both forecasts must give the same quantile levels');
  }
  return { ...a, values: a.values.map((v, i) => weightOfA * v + (1 - weightOfA) * b.values[i]) };
}
