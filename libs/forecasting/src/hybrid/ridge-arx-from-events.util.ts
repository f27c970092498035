/**
 * The ridge ARX forecast (ridge-arx.ts) of a person from the twin's own event log, as the product makes it: the
 * person's CGM on the 5-min grid ending at the latest reading (a missing slot carries the reading before it
 * forward), with insulin and carbohydrates on board from the logged boluses and meals (onBoardFeatures), the model
 * optionally adapted to the person's own history first (RidgeArx.personalise, at most HISTORY_DAYS back). Returns
 * the reading forecast at each asked horizon from `nowMs`, NaN where the horizon is beyond the model's, or undefined
 * when the log holds less than the model's 2 h of CGM.
 */
import type { TwinEvent } from '@shuji/twin';
import { onBoardFeatures, type ArxSeries, type RidgeArx } from '../baselines/ridge-arx';

const STEP_MIN = 5;
const MS_PER_MIN = 60_000;
const HISTORY_DAYS = 7;

export interface RidgeArxFromEventsOptions {
  /** Shrinkage of the person's correction towards the population model; no personalisation when absent. */
  readonly personalLambda?: number;
}

export function ridgeArxFromEvents(
  ridge: RidgeArx,
  events: readonly TwinEvent[],
  code: string,
  nowMs: number,
  horizonsMin: readonly number[],
  options: RidgeArxFromEventsOptions = {},
): number[] | undefined {
  const personal = options.personalLambda !== undefined;
  const grid = arxSeriesFromEvents(events, code, nowMs, ridge.lags, personal ? (HISTORY_DAYS * 1440) / STEP_MIN : ridge.lags, personal);
  if (grid === undefined) return undefined;
  const { series, lastMs } = grid;
  const model = options.personalLambda === undefined ? ridge : ridge.personalise(series, options.personalLambda);
  const f = model.predict(series, series.values.length);
  return horizonsMin.map((h) => {
    const k = stepOf(nowMs, lastMs, h);
    return k >= 0 && k < f.length ? f[k] : Number.NaN;
  });
}

/** The 0-based 5-min step after the last reading (at `lastMs`) that is `horizonMin` after `nowMs`. */
export function stepOf(nowMs: number, lastMs: number, horizonMin: number): number {
  return Math.round((nowMs + horizonMin * MS_PER_MIN - lastMs) / (STEP_MIN * MS_PER_MIN)) - 1;
}

/**
 * The person's CGM of `code` on the 5-min grid ending at the latest reading at or before `nowMs` (a missing slot
 * carries the reading before it forward), the last `maxSlots` slots (fewer when the log is shorter, undefined under
 * `minSlots`), with the on-board features (onBoardFeatures) of the logged boluses and meals at the last slot, or at
 * every slot with `allExogenous`.
 */
export function arxSeriesFromEvents(
  events: readonly TwinEvent[],
  code: string,
  nowMs: number,
  minSlots: number,
  maxSlots: number,
  allExogenous: boolean,
): { series: ArxSeries; lastMs: number } | undefined {
  const readings: { timeMs: number; value: number }[] = [];
  const boluses: { tMin: number; units: number }[] = [];
  const meals: { tMin: number; carbsG: number }[] = [];
  for (const e of events) {
    if (e.timeMs > nowMs) continue;
    if (e.kind === 'observation' && e.loinc === code) readings.push({ timeMs: e.timeMs, value: e.value });
    else if (e.kind === 'insulin-bolus') boluses.push({ tMin: e.timeMs / MS_PER_MIN, units: e.units });
    else if (e.kind === 'meal') meals.push({ tMin: e.timeMs / MS_PER_MIN, carbsG: e.carbsG });
  }
  if (readings.length === 0) return undefined;
  readings.sort((a, b) => a.timeMs - b.timeMs);
  const lastMs = readings[readings.length - 1].timeMs;
  const stepMs = STEP_MIN * MS_PER_MIN;
  // the oldest slot needs a reading at or before it (rounded to the grid), as the validation's grid has
  const span = Math.floor((lastMs - readings[0].timeMs) / stepMs + 0.5) + 1;
  if (span < minSlots) return undefined;
  const n = Math.min(span, maxSlots);
  const values = new Float64Array(n);
  let r = 0;
  for (let j = 0; j < n; j++) {
    const slotMs = lastMs - (n - 1 - j) * stepMs;
    while (r + 1 < readings.length && readings[r + 1].timeMs <= slotMs + stepMs / 2) r++;
    values[j] = readings[r].value;
  }
  const exogenous: Float64Array[] = Array.from({ length: n }, (_, j) =>
    !allExogenous && j < n - 1 ? new Float64Array(0) : onBoardFeatures((lastMs - (n - 1 - j) * stepMs) / MS_PER_MIN, boluses, meals),
  );
  return { series: { values, exogenous }, lastMs };
}
