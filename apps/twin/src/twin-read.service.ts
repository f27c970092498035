import { Inject, Injectable, Logger, Optional, type OnModuleDestroy } from '@nestjs/common';
import { ACCESS_AUDIT, auditedRead, Permission, requireAccess, type AccessAudit, type Principal } from '@shuji/access';
import { forecastTwinReading, type ForecastSpan, type HybridCalibration, type TwinForecast, type TwinForecastMethod } from '@shuji/forecasting';
import type { ConsentCategory } from '@shuji/contracts';
import type { FoundationModel } from '@shuji/foundation-model';
import { ShujiMetrics } from '@shuji/observability';
import { RevisionCache } from './revision-cache';
import { ForecastUnavailableError, TwinNotFoundError, TwinService, type TwinSummary } from '@shuji/twin';

export const TWIN_FOUNDATION_MODEL = Symbol('TwinFoundationModel');
export const HYBRID_CALIBRATION = Symbol('HybridCalibration');

/** The twin's reads over HTTP: its summary and its forecasts (the hybrid's composition is @shuji/forecasting's). */
@Injectable()
export class TwinReadService implements OnModuleDestroy {
  private readonly logger = new Logger('twin-read');
  /** Forecasts of the current revisions (a forecast is a pure function of the twin's revision and the request). */
  private readonly forecasts = new RevisionCache<TwinForecast>();

  constructor(
    @Inject(TwinService) private readonly twins: TwinService,
    @Inject(TWIN_FOUNDATION_MODEL) private readonly fm: FoundationModel | null,
    @Inject(HYBRID_CALIBRATION) private readonly calibration: HybridCalibration,
    @Optional() @Inject(ACCESS_AUDIT) private readonly audit?: AccessAudit,
    @Optional() @Inject(ShujiMetrics) private readonly metrics?: ShujiMetrics,
  ) {
    if (fm !== null && fm.name !== calibration.fmModel) {
      this.logger.warn(`hybrid calibration was fitted with ${calibration.fmModel}, the loaded FM is ${fm.name}: rerun npm run calibrate:hybrid`);
    }
  }

  /** The twin's summary (throws AccessDeniedError, TwinNotFoundError). Audited. */
  async summary(principal: Principal | undefined, patientId: string): Promise<TwinSummary> {
    requireAccess(principal, Permission.TwinRead, patientId);
    return this.audited(principal.id, 'read-twin-summary', patientId, `Twin/${patientId}`, () => this.twins.summary(patientId));
  }

  /** The consent the twin applies, per category (throws AccessDeniedError, TwinNotFoundError). Audited. */
  async consents(principal: Principal | undefined, patientId: string): Promise<Record<ConsentCategory, boolean>> {
    requireAccess(principal, Permission.TwinRead, patientId);
    return this.audited(principal.id, 'read-twin-consent', patientId, `Twin/${patientId}/consent`, async () => (await this.twins.get(patientId)).consents);
  }

  /** Checks and audits a subscription to the twin's live updates (throws AccessDeniedError). */
  async subscribe(principal: Principal | undefined, patientId: string): Promise<void> {
    requireAccess(principal, Permission.TwinRead, patientId);
    await this.audit?.record({ actor: principal.id, action: 'subscribe-twin-updates', patientId, resource: `Twin/${patientId}/events`, details: { outcome: 'allowed' } });
  }

  /** Forecast over `span` (throws AccessDeniedError, TwinNotFoundError, ForecastUnavailableError). Audited. */
  async forecast(principal: Principal | undefined, patientId: string, code: string, span: ForecastSpan, method: TwinForecastMethod): Promise<TwinForecast> {
    requireAccess(principal, Permission.ForecastRead, patientId);
    const horizon = 'horizonMin' in span ? `horizon_min=${span.horizonMin}` : `horizon_days=${span.horizonDays}`;
    const resource = `Twin/${patientId}/forecast?code=${encodeURIComponent(code)}&${horizon}&method=${method}`;
    const run = async (): Promise<TwinForecast> => {
      const engine = await this.twins.get(patientId);
      return this.forecasts.get(`${patientId}|${code}|${horizon}|${method}`, engine.revision, () => forecastTwinReading(engine, code, span, method, this.fm, this.calibration));
    };
    return this.audited(principal.id, 'read-twin-forecast', patientId, resource, () => (this.metrics === undefined ? run() : this.metrics.time(this.metrics.forecastDuration, run, { method })));
  }

  /** Runs a read and writes its audit row (who, what, whose, outcome) whatever the outcome. */
  private audited<T>(actor: string, action: string, patientId: string, resource: string, read: () => Promise<T>): Promise<T> {
    return auditedRead(this.audit, { actor, action, patientId, resource }, read, (err) =>
      err instanceof TwinNotFoundError ? 'not-found' : err instanceof ForecastUnavailableError ? 'unavailable' : 'error',
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.fm?.close();
  }
}
