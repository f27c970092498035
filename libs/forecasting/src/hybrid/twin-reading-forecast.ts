/**
 * The twin's forecast of a reading: by default the hybrid of the ODE twin's ensemble and the foundation model at the
 * horizons where both exist and the hybrid is calibrated (5…30, 60 and 120 min for CGM), stacked with a ridge ARX
 * and gradient-boosted trees on the same event log where the calibration carries them, the twin's own ensemble forecast at every other horizon. The FM reads the twin's own event log. Without an FM, or for a code or horizons the hybrid is
 * not calibrated for, the twin answers and the forecast says why.
 */
import type { FoundationModel } from '@shuji/foundation-model';
import { forecastReading, GlucoseDampedTrendComponent, ObservationCodes, type ForecastPoint, type TwinEngine } from '@shuji/twin';
import { DAILY_GATED_CGM_SETTINGS, gatedCgmForecast } from '../personal/gated-cgm-forecast';
import { twinEventsToTimeline } from '../timeline/twin-events-to-timeline.util';
import { gbtArxFromEvents } from './gbt-arx-from-events.util';
import { calibrationGbt, calibrationRidge, horizonCalibration, type HybridCalibration } from './hybrid-calibration';
import { fmQuantilesAt, hybridAvailable, hybridForecast } from './hybrid-forecast.util';
import { ridgeArxFromEvents } from './ridge-arx-from-events.util';

export type TwinForecastMethod = 'hybrid' | 'twin';

export interface TwinForecastPoint extends ForecastPoint {
  readonly method: TwinForecastMethod;
}

export interface TwinForecast {
  readonly patientId: string;
  readonly code: string;
  readonly revision: number;
  /** What was asked for. */
  readonly requestedMethod: TwinForecastMethod;
  /** `hybrid` when at least one point is the hybrid; each point says which method made it. */
  readonly method: TwinForecastMethod;
  /** The FM in the hybrid (null when none was used). */
  readonly foundationModel: string | null;
  /** Why a hybrid request was answered by the twin alone. */
  readonly fallbackReason?: string;
  /** The hybrid of a person without insulin: the mechanistic filter and the person's own correction (no FM). */
  readonly personalModel?: string;
  readonly points: readonly TwinForecastPoint[];
}

/** How far and how finely to forecast: every 5 min up to `horizonMin`, or every day up to `horizonDays` (slow signals). */
export type ForecastSpan = { readonly horizonMin: number } | { readonly horizonDays: number };

/** The horizons, in minutes, of a span: 5, 10, … up to horizonMin, or 1440, 2880, … up to horizonDays days. */
export function forecastHorizons(span: ForecastSpan): number[] {
  const [step, end] = 'horizonMin' in span ? [5, span.horizonMin] : [1440, span.horizonDays * 1440];
  return Array.from({ length: Math.ceil(end / step) }, (_, i) => Math.min(end, (i + 1) * step));
}

/** Forecast of `code` over `span` (throws ForecastUnavailableError of @shuji/twin). */
export async function forecastTwinReading(
  engine: TwinEngine,
  code: string,
  span: ForecastSpan,
  method: TwinForecastMethod,
  fm: FoundationModel | null,
  calibration: HybridCalibration,
): Promise<TwinForecast> {
  const horizons = forecastHorizons(span);
  const twinPoints = forecastReading(engine, code, horizons);
  const base = { patientId: engine.patientId, code, revision: engine.revision, requestedMethod: method };
  const twinOnly = (fallbackReason?: string): TwinForecast => ({
    ...base,
    method: 'twin',
    foundationModel: null,
    ...(fallbackReason === undefined ? {} : { fallbackReason }),
    points: twinPoints.map((p) => ({ ...p, method: 'twin' })),
  });
  if (method === 'twin') return twinOnly();
  const personal = explainingComponent(engine, code).startsWith(`${GlucoseDampedTrendComponent.modelId}@`) && code === ObservationCodes.cgmGlucose.loinc ? personalForecast(engine, code, horizons) : undefined;
  if (personal !== undefined) return { ...base, method: 'hybrid', foundationModel: null, personalModel: PERSONAL_MODEL, points: personal.map((p) => ({ ...p, method: 'hybrid' })) };
  const why = fm === null ? 'no foundation model is loaded' : hybridUnavailable(calibration, code, horizons, explainingComponent(engine, code));
  if (fm === null || why !== undefined) return twinOnly(why);
  const fmForecast = await fm.forecast(twinEventsToTimeline(engine.events), engine.currentTimeMs / 60_000);
  const ridge = calibrationRidge(calibration);
  const ridgeAt = ridge === undefined ? undefined : ridgeArxFromEvents(ridge, engine.events, code, engine.currentTimeMs, horizons, { personalLambda: calibration.ridgePersonalLambda });
  const gbt = calibrationGbt(calibration);
  const gbtAt = gbt === undefined ? undefined : gbtArxFromEvents(gbt, engine.events, code, engine.currentTimeMs, horizons);
  let hybrids = 0;
  const points = twinPoints.map((p, i): TwinForecastPoint => {
    const atHorizon = horizonCalibration(calibration, p.horizonMin);
    const fmAt = fmQuantilesAt(fmForecast, code, p.horizonMin);
    if (atHorizon === undefined || !hybridAvailable(atHorizon, fmAt, ridgeAt?.[i], gbtAt?.[i])) return { ...p, method: 'twin' };
    hybrids++;
    return { ...p, ...hybridForecast(p, fmAt, atHorizon, ridgeAt?.[i], gbtAt?.[i]), method: 'hybrid' };
  });
  if (hybrids === 0) return twinOnly(`the foundation model gave no ${code} forecast at these horizons and the ridge ARX none yet (it needs 2 h of readings)`);
  return { ...base, method: 'hybrid', foundationModel: fmForecast.model, points };
}

const PERSONAL_MODEL = 'damped-trend Kalman filter + personal ridge correction, with the population AR prior when the glucose moves, plus the person\'s own time-of-day pattern of its errors, conformal intervals (personal-cgm-forecast@3)';

/**
 * A person without insulin (the damped-trend glucose component): the FM and the hybrid's weights were fitted on T1D
 * twins, so the default forecast is the mechanistic model's exact Kalman filter corrected by the person's own stream
 * (personal-cgm-forecast.ts, gated-cgm-forecast.ts, daily-residual-pattern.ts); undefined without a reading in the last 30 min (the twin then answers).
 */
function personalForecast(engine: TwinEngine, code: string, horizons: readonly number[]): ForecastPoint[] | undefined {
  const readings = engine.events.flatMap((e) => (e.kind === 'observation' && e.loinc === code ? [{ timeMs: e.timeMs, value: e.value }] : []));
  return gatedCgmForecast(readings, engine.currentTimeMs, horizons, undefined, DAILY_GATED_CGM_SETTINGS)?.points;
}

/** Id of the twin's component that explains `code` (the part of a composite, or the twin's one component). */
function explainingComponent(engine: TwinEngine, code: string): string {
  return engine.component.partFor?.(code)?.component.id ?? engine.component.id;
}

function hybridUnavailable(calibration: HybridCalibration, code: string, horizons: readonly number[], component: string): string | undefined {
  if (code !== calibration.code) return `the hybrid is calibrated for ${calibration.code} only`;
  // the FM and the hybrid's weights were fitted on T1D people: another glucose model's twin answers alone
  if (component !== calibration.twinComponent) return `the hybrid is calibrated for the ${calibration.twinComponent} twin only`;
  const calibrated = calibration.horizons.map((h) => h.horizonMin);
  if (!horizons.some((h) => calibrated.includes(h))) return `the hybrid exists at ${calibrated.join('/')} min only`;
  return undefined;
}
