import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Permission, requireAccess, type Principal } from '@shuji/access';
import { forecastTwinReading, type HybridCalibration, type TwinForecast, type TwinForecastMethod } from '@shuji/forecasting';
import type { FoundationModel } from '@shuji/foundation-model';
import { summariseTwin, TwinService, type TwinSummary } from '@shuji/twin';

export const TWIN_FOUNDATION_MODEL = Symbol('TwinFoundationModel');
export const HYBRID_CALIBRATION = Symbol('HybridCalibration');

/** The twin's reads over HTTP: its summary and its forecasts (the hybrid's composition is @shuji/forecasting's). */
@Injectable()
export class TwinReadService implements OnModuleDestroy {
  private readonly logger = new Logger('twin-read');

  constructor(
    @Inject(TwinService) private readonly twins: TwinService,
    @Inject(TWIN_FOUNDATION_MODEL) private readonly fm: FoundationModel | null,
    @Inject(HYBRID_CALIBRATION) private readonly calibration: HybridCalibration,
  ) {
    if (fm !== null && fm.name !== calibration.fmModel) {
      this.logger.warn(`hybrid calibration was fitted with ${calibration.fmModel}, the loaded FM is ${fm.name}: rerun npm run calibrate:hybrid`);
    }
  }

  /** The twin's summary (throws AccessDeniedError, TwinNotFoundError). */
  async summary(principal: Principal | undefined, patientId: string): Promise<TwinSummary> {
    requireAccess(principal, Permission.TwinRead, patientId);
    return summariseTwin(await this.twins.get(patientId));
  }

  /** Forecast at every 5 min up to `horizonMin` (throws AccessDeniedError, TwinNotFoundError, ForecastUnavailableError). */
  async forecast(principal: Principal | undefined, patientId: string, code: string, horizonMin: number, method: TwinForecastMethod): Promise<TwinForecast> {
    requireAccess(principal, Permission.ForecastRead, patientId);
    return forecastTwinReading(await this.twins.get(patientId), code, horizonMin, method, this.fm, this.calibration);
  }

  async onModuleDestroy(): Promise<void> {
    await this.fm?.close();
  }
}
