import { cgmForecastPoints, forecastReading, ObservationCodes, TwinEngine, type TwinEvent } from '@shuji/twin';

export interface DayScore {
  readonly n: number;
  /** Sum of squared errors of the twin's mean forecast and of persistence (the last reading), mg/dL². */
  readonly twinSe: number;
  readonly persistenceSe: number;
}

/**
 * Folds a log through `engine` and scores its CGM forecast `horizonMin` ahead every `everyMin` from `scoreFromMs`
 * against the reading that then arrives, beside persistence: the scoring of the offline validation
 * (`cgmForecastPoints`, as validateT1dCohort of @shuji/twin uses it; docs/validation.md), here over a log the
 * pipeline stored.
 */
export function foldAndScore(engine: TwinEngine, log: readonly TwinEvent[], scoreFromMs: number, horizonMin = 30, everyMin = 15): DayScore {
  let n = 0;
  let twinSe = 0;
  let persistenceSe = 0;
  for (const { reading, targets } of cgmForecastPoints(engine, log, { fromMs: scoreFromMs, horizonsMin: [horizonMin], everyMin })) {
    const [f] = forecastReading(engine, ObservationCodes.cgmGlucose.loinc, [horizonMin]);
    n++;
    twinSe += (f!.mean - targets[0]) ** 2;
    persistenceSe += (reading.value - targets[0]) ** 2;
  }
  return { n, twinSe, persistenceSe };
}
