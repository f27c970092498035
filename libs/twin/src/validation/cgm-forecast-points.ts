import { ObservationCodes } from '../composition/observation-codes';
import type { TwinEngine } from '../state/twin-engine';
import { MS_PER_MIN, type ObservationEvent, type TwinEvent } from '../state/twin-event';

export interface CgmForecastPoint {
  /** The CGM reading the forecast is made at: persistence forecasts its value. */
  readonly reading: ObservationEvent;
  /** The readings that arrive `horizonsMin` later, in that order. */
  readonly targets: readonly number[];
}

export interface CgmForecastPointOptions {
  /** The first forecast time (epoch ms), e.g. the start of the scored day. */
  readonly fromMs: number;
  readonly horizonsMin: readonly number[];
  /** Forecasts at the CGM readings a whole multiple of this many minutes after `fromMs` (default 15). */
  readonly everyMin?: number;
  /** How an event enters the twin (default `engine.apply`), e.g. with its batch personalisation. */
  readonly apply?: (event: TwinEvent) => void;
}

/**
 * The protocol every evaluation of the twin's CGM forecasts shares (docs/validation.md): folds `events`, in log
 * order, into the twin and, right after each CGM reading at `fromMs` + k · `everyMin`, yields it with the readings
 * that arrive `horizonsMin` later, when they all do. The caller forecasts from the twin as it stands at that point
 * (the generator resumes folding only when asked for the next point).
 */
export function* cgmForecastPoints(engine: TwinEngine, events: readonly TwinEvent[], options: CgmForecastPointOptions): Generator<CgmForecastPoint> {
  const cgm = ObservationCodes.cgmGlucose.loinc;
  const everyMs = (options.everyMin ?? 15) * MS_PER_MIN;
  if (!(everyMs > 0)) throw new RangeError('everyMin: must be positive');
  const apply = options.apply ?? ((event: TwinEvent): void => void engine.apply(event));
  const readings = new Map<number, number>();
  for (const e of events) if (e.kind === 'observation' && e.loinc === cgm) readings.set(e.timeMs, e.value);
  for (const e of events) {
    apply(e);
    if (e.kind !== 'observation' || e.loinc !== cgm || e.timeMs < options.fromMs || (e.timeMs - options.fromMs) % everyMs !== 0) continue;
    const targets = options.horizonsMin.map((h) => readings.get(e.timeMs + h * MS_PER_MIN));
    if (targets.every((y): y is number => y !== undefined)) yield { reading: e, targets };
  }
}
