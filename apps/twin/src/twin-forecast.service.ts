/**
 * The twin's forecast of a reading: by default the hybrid of the ODE twin's ensemble and the foundation model
 * (`@shuji/forecasting`) at the horizons where both exist and the hybrid is calibrated (30/60/120 min for CGM),
 * the twin's own ensemble forecast at every other horizon. The FM reads the twin's own event log. Without an FM
 * (not loaded) or for a code it does not forecast, the twin answers and the response says why.
 */
import { Inject, Injectable, Logger, Optional, type OnModuleDestroy } from '@nestjs/common';
import { ACCESS_AUDIT, Permission, requireAccess, type AccessAudit, type Principal } from '@shuji/access';
import { fmQuantilesAt, horizonCalibration, hybridForecast, twinEventsToTimeline, type HybridCalibration } from '@shuji/forecasting';
import type { FoundationModel } from '@shuji/foundation-model';
import { ForecastUnavailableError, forecastReading, summariseTwin, TwinNotFoundError, TwinService, type ForecastPoint, type TwinSummary } from '@shuji/twin';

export const TWIN_FOUNDATION_MODEL = Symbol('TwinFoundationModel');
export const HYBRID_CALIBRATION = Symbol('HybridCalibration');

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
  readonly points: readonly TwinForecastPoint[];
}

@Injectable()
export class TwinForecastService implements OnModuleDestroy {
  private readonly logger = new Logger('twin-forecast');

  constructor(
    @Inject(TwinService) private readonly twins: TwinService,
    @Inject(TWIN_FOUNDATION_MODEL) private readonly fm: FoundationModel | null,
    @Inject(HYBRID_CALIBRATION) private readonly calibration: HybridCalibration,
    @Optional() @Inject(ACCESS_AUDIT) private readonly audit?: AccessAudit,
  ) {
    if (fm !== null && fm.name !== calibration.fmModel) {
      this.logger.warn(`hybrid calibration was fitted with ${calibration.fmModel}, the loaded FM is ${fm.name}: rerun npm run calibrate:hybrid`);
    }
  }

  /** The twin's summary (throws AccessDeniedError, TwinNotFoundError). Audited. */
  async summary(principal: Principal | undefined, patientId: string): Promise<TwinSummary> {
    requireAccess(principal, Permission.TwinRead, patientId);
    return this.audited(principal.id, 'read-twin-summary', patientId, `Twin/${patientId}`, async () => summariseTwin(await this.twins.get(patientId)));
  }

  /** Forecast at every 5 min up to `horizonMin` (throws AccessDeniedError, TwinNotFoundError, ForecastUnavailableError). Audited. */
  async forecast(principal: Principal | undefined, patientId: string, code: string, horizonMin: number, method: TwinForecastMethod): Promise<TwinForecast> {
    requireAccess(principal, Permission.ForecastRead, patientId);
    const resource = `Twin/${patientId}/forecast?code=${encodeURIComponent(code)}&horizon_min=${horizonMin}&method=${method}`;
    return this.audited(principal.id, 'read-twin-forecast', patientId, resource, () => this.forecastOf(patientId, code, horizonMin, method));
  }

  /** Runs a read and writes its audit row (who, what, whose, outcome) whatever the outcome. */
  private async audited<T>(actor: string, action: string, patientId: string, resource: string, read: () => Promise<T>): Promise<T> {
    let outcome = 'error';
    try {
      const result = await read();
      outcome = 'allowed';
      return result;
    } catch (err) {
      outcome = err instanceof TwinNotFoundError ? 'not-found' : err instanceof ForecastUnavailableError ? 'unavailable' : 'error';
      throw err;
    } finally {
      await this.audit?.record({ actor, action, patientId, resource, details: { outcome } });
    }
  }

  private async forecastOf(patientId: string, code: string, horizonMin: number, method: TwinForecastMethod): Promise<TwinForecast> {
    const engine = await this.twins.get(patientId);
    const horizons = Array.from({ length: Math.ceil(horizonMin / 5) }, (_, i) => Math.min(horizonMin, (i + 1) * 5));
    const twinPoints = forecastReading(engine, code, horizons);
    const base = { patientId, code, revision: engine.revision, requestedMethod: method };
    const twinOnly = (fallbackReason?: string): TwinForecast => ({
      ...base,
      method: 'twin',
      foundationModel: null,
      ...(fallbackReason === undefined ? {} : { fallbackReason }),
      points: twinPoints.map((p) => ({ ...p, method: 'twin' })),
    });
    if (method === 'twin') return twinOnly();
    const fm = this.fm;
    const why = fm === null ? 'no foundation model is loaded' : this.hybridUnavailable(code, horizons);
    if (fm === null || why !== undefined) return twinOnly(why);
    const fmForecast = await fm.forecast(twinEventsToTimeline(engine.events), engine.currentTimeMs / 60_000);
    let hybrids = 0;
    const points = twinPoints.map((p): TwinForecastPoint => {
      const calibration = horizonCalibration(this.calibration, p.horizonMin);
      const fmAt = fmQuantilesAt(fmForecast, code, p.horizonMin);
      if (calibration === undefined || fmAt === undefined) return { ...p, method: 'twin' };
      hybrids++;
      return { ...p, ...hybridForecast(p, fmAt, calibration), method: 'hybrid' };
    });
    if (hybrids === 0) return twinOnly(`the foundation model gave no ${code} forecast for this timeline`);
    return { ...base, method: 'hybrid', foundationModel: fmForecast.model, points };
  }

  private hybridUnavailable(code: string, horizons: readonly number[]): string | undefined {
    if (code !== this.calibration.code) return `the hybrid is calibrated for ${this.calibration.code} only`;
    const calibrated = this.calibration.horizons.map((h) => h.horizonMin);
    if (!horizons.some((h) => calibrated.includes(h))) return `the hybrid exists at ${calibrated.join('/')} min only`;
    return undefined;
  }

  async onModuleDestroy(): Promise<void> {
    await this.fm?.close();
  }
}
