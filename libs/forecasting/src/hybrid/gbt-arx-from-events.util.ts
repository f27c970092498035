/**
 * The gradient-boosted ARX forecast (gbt-arx.ts) of a person from the twin's own event log, as the product makes it:
 * the same 5-min CGM grid and on-board features as the hybrid's ridge ARX (arxSeriesFromEvents), the population
 * trees as trained (no per-person adaptation). Returns the reading forecast at each asked horizon from `nowMs`, NaN
 * where that horizon falls on a step the model has no trees for, or undefined when the log holds less than the
 * model's 2 h of CGM.
 */
import type { TwinEvent } from '@shuji/twin';
import type { GbtArx } from '../baselines/gbt-arx';
import { arxSeriesFromEvents, stepOf } from './ridge-arx-from-events.util';

export function gbtArxFromEvents(gbt: GbtArx, events: readonly TwinEvent[], code: string, nowMs: number, horizonsMin: readonly number[]): number[] | undefined {
  const grid = arxSeriesFromEvents(events, code, nowMs, gbt.lags, gbt.lags, false);
  if (grid === undefined) return undefined;
  const f = gbt.predict(grid.series, gbt.lags);
  return horizonsMin.map((h) => {
    const j = gbt.steps.indexOf(stepOf(nowMs, grid.lastMs, h));
    return j >= 0 ? f[j] : Number.NaN;
  });
}
