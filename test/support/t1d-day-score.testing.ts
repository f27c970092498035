import { forecastReading, ObservationCodes, TwinEngine, type TwinEvent } from '@shuji/twin';

export interface DayScore {
  readonly n: number;
  /** Sum of squared errors of the twin's mean forecast and of persistence (the last reading), mg/dL². */
  readonly twinSe: number;
  readonly persistenceSe: number;
}

/**
 * Folds a log through `engine` and scores its CGM forecast `horizonMin` ahead from every `every`-th CGM reading at
 * or after `scoreFromMs` against the reading that then arrives, beside persistence: the scoring of the offline
 * validation (validateT1dCohort of @shuji/twin, docs/validation.md), here over a log the pipeline stored.
 */
export function foldAndScore(engine: TwinEngine, log: readonly TwinEvent[], scoreFromMs: number, horizonMin = 30, every = 3): DayScore {
  const cgm = ObservationCodes.cgmGlucose.loinc;
  const readings = new Map<number, number>();
  for (const e of log) if (e.kind === 'observation' && e.loinc === cgm) readings.set(e.timeMs, e.value);
  let k = 0;
  let n = 0;
  let twinSe = 0;
  let persistenceSe = 0;
  for (const e of log) {
    engine.apply(e);
    if (e.kind !== 'observation' || e.loinc !== cgm || e.timeMs < scoreFromMs || k++ % every !== 0) continue;
    const target = readings.get(e.timeMs + horizonMin * 60_000);
    if (target === undefined) continue;
    const [f] = forecastReading(engine, cgm, [horizonMin]);
    n++;
    twinSe += (f!.mean - target) ** 2;
    persistenceSe += (e.value - target) ** 2;
  }
  return { n, twinSe, persistenceSe };
}
