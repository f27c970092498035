/**
 * Streams virtual T1D patients event by event into a TwinEngine with its batch personalisation (as the twin
 * consumer and validateT1dCohort of @shuji/twin do) and, at forecast times every `forecastEveryMin` of the last
 * day, records what every method needs to be scored: the reading that arrives at each horizon, the last reading,
 * the linear extrapolation, the twin's ensemble forecast and the FM's quantiles on the timeline so far.
 * Calibration and scoring then work on these samples, so the expensive part (the twin) runs once per cohort.
 */
import type { FoundationModel } from '@shuji/foundation-model';
import { uvaPadovaSubjects } from '@shuji/models';
import {
  applyWithBatchPersonalisation,
  cgmForecastPoints,
  DEFAULT_TWIN_SETTINGS,
  forecastReading,
  generateVirtualPatient,
  MS_PER_MIN,
  ObservationCodes,
  T1dGlucoseComponent,
  TwinEngine,
  type TwinEvent,
  type TwinSettings,
} from '@shuji/twin';
import { linearExtrapolation, type TimedReading } from '../baselines/linear-extrapolation.util';
import type { GbtArx } from '../baselines/gbt-arx';
import type { RidgeArx } from '../baselines/ridge-arx';
import { gbtArxFromEvents } from '../hybrid/gbt-arx-from-events.util';
import { ridgeArxFromEvents } from '../hybrid/ridge-arx-from-events.util';
import { fmQuantilesAt, type FmQuantiles, type TwinQuantiles } from '../hybrid/hybrid-forecast.util';
import { twinEventsToTimeline } from '../timeline/twin-events-to-timeline.util';

export interface CohortSpec {
  /** Seed of the virtual-patient draw and their lives (2026: tuning; 2027: held out). */
  readonly seed: number;
  /** Patient indices (index i is drawn around shared subject i mod 30). */
  readonly indices: readonly number[];
  readonly days?: number;
  /** σ of the log-parameter draw around the shared subject (generateVirtualPatient's default 0.1). */
  readonly logSd?: number;
}

export interface SampleOptions {
  readonly horizonsMin: readonly number[];
  readonly forecastEveryMin?: number;
  readonly settings?: Partial<TwinSettings>;
  /** The ridge ARX the hybrid stacks (calibrationRidge), forecast from the twin's event log as the product does. */
  readonly stackRidge?: RidgeArx;
  readonly ridgePersonalLambda?: number;
  /** The GBT ARX the hybrid stacks (calibrationGbt, version 3), forecast from the twin's event log as the product does. */
  readonly stackGbt?: GbtArx;
}

export interface ForecastSample {
  readonly patientId: string;
  readonly timeMs: number;
  readonly horizonMin: number;
  /** The CGM reading that arrived at the horizon. */
  readonly y: number;
  readonly last: number;
  readonly linear: number;
  readonly twin: TwinQuantiles;
  readonly fm: FmQuantiles;
  /** The stacked ridge ARX's forecast, when options.stackRidge is given. */
  readonly ridge?: number;
  /** The stacked GBT ARX's forecast, when options.stackGbt is given. */
  readonly gbt?: number;
}

export interface CohortSamples {
  readonly samples: readonly ForecastSample[];
  readonly twinComponent: string;
  readonly fmModel: string;
  readonly cpuMs: number;
}

const DAY_MS = 86_400_000;

export async function collectForecastSamples(cohort: CohortSpec, fm: FoundationModel, options: SampleOptions): Promise<CohortSamples> {
  const days = cohort.days ?? 3;
  const everyMin = options.forecastEveryMin ?? 15;
  const settings: TwinSettings = { ...DEFAULT_TWIN_SETTINGS, ...options.settings };
  const cgm = ObservationCodes.cgmGlucose.loinc;
  const horizons = options.horizonsMin;
  const samples: ForecastSample[] = [];
  let twinComponent = '';
  const started = process.cpuUsage();
  for (const index of cohort.indices) {
    const vp = generateVirtualPatient({ index, days, seed: cohort.seed, logSd: cohort.logSd });
    const prior = uvaPadovaSubjects().find((s) => s.name === vp.baseSubject)?.parameters;
    if (prior === undefined) throw new Error(`no shared subject ${vp.baseSubject}`);
    const component = new T1dGlucoseComponent({ prior });
    twinComponent = component.id;
    const engine = new TwinEngine(vp.patientId, component, settings);
    const scoreFrom = vp.truth.timeMs[0] + (days - 1) * DAY_MS;
    const history: TimedReading[] = [];
    const pending: Promise<ForecastSample[]>[] = [];
    const apply = (e: TwinEvent): void => {
      // the twin as the product runs it: with its daily batch personalisation
      applyWithBatchPersonalisation(engine, e);
      if (e.kind === 'observation' && e.loinc === cgm) history.push({ t: e.timeMs / MS_PER_MIN, v: e.value });
    };
    for (const { reading, targets } of cgmForecastPoints(engine, vp.events, { fromMs: scoreFrom, horizonsMin: horizons, everyMin, apply })) {
      const tRef = reading.timeMs / MS_PER_MIN;
      const twin = forecastReading(engine, cgm, horizons);
      const linear = horizons.map((h) => linearExtrapolation(history.slice(-12), tRef, h));
      const base = { patientId: vp.patientId, timeMs: reading.timeMs, last: reading.value };
      const ridge = options.stackRidge === undefined ? undefined : ridgeArxFromEvents(options.stackRidge, engine.events, cgm, reading.timeMs, horizons, { personalLambda: options.ridgePersonalLambda });
      const gbt = options.stackGbt === undefined ? undefined : gbtArxFromEvents(options.stackGbt, engine.events, cgm, reading.timeMs, horizons);
      pending.push(
        fm.forecast(twinEventsToTimeline(engine.events), tRef).then((f) =>
          horizons.map((h, i) => {
            const fmAt = fmQuantilesAt(f, cgm, h);
            if (fmAt === undefined) throw new Error(`${vp.patientId}: the FM gives no ${cgm} 10/50/90 % forecast at ${h} min`);
            return { ...base, horizonMin: h, y: targets[i], linear: linear[i], twin: twin[i], fm: fmAt, ...(ridge === undefined ? {} : { ridge: ridge[i] }), ...(gbt === undefined ? {} : { gbt: gbt[i] }) };
          }),
        ),
      );
    }
    for (const batch of await Promise.all(pending)) samples.push(...batch);
  }
  const used = process.cpuUsage(started);
  return { samples, twinComponent, fmModel: fm.name, cpuMs: (used.user + used.system) / 1000 };
}
