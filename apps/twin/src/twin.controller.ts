import { BadRequestException, Controller, Get, Inject, NotFoundException, Param, Query, UnprocessableEntityException } from '@nestjs/common';
import { forecastReading, ForecastUnavailableError, summariseTwin, TwinNotFoundError, TwinService, type ForecastPoint, type TwinSummary } from '@shuji/twin';

/** Twin read API: the twin's summary and its forecast of a reading. */
@Controller('v1/twins')
export class TwinController {
  constructor(@Inject(TwinService) private readonly twins: TwinService) {}

  @Get(':patientId')
  async get(@Param('patientId') patientId: string): Promise<TwinSummary> {
    return summariseTwin(await this.twin(patientId));
  }

  @Get(':patientId/forecast')
  async forecast(
    @Param('patientId') patientId: string,
    @Query('code') code: string | undefined,
    @Query('horizon_min') horizon: string | undefined,
  ): Promise<{ patientId: string; code: string; revision: number; points: ForecastPoint[] }> {
    if (code === undefined || code === '') throw new BadRequestException('code: give a LOINC code, e.g. 99504-3');
    const horizonMin = Number(horizon ?? 60);
    if (!Number.isFinite(horizonMin) || horizonMin <= 0 || horizonMin > 24 * 60) throw new BadRequestException('horizon_min: must be in (0, 1440]');
    const engine = await this.twin(patientId);
    const horizons = Array.from({ length: Math.ceil(horizonMin / 5) }, (_, i) => Math.min(horizonMin, (i + 1) * 5));
    try {
      return { patientId, code, revision: engine.revision, points: forecastReading(engine, code, horizons) };
    } catch (err) {
      if (err instanceof ForecastUnavailableError) throw new UnprocessableEntityException(err.message);
      throw err;
    }
  }

  private async twin(patientId: string): ReturnType<TwinService['get']> {
    try {
      return await this.twins.get(patientId);
    } catch (err) {
      if (err instanceof TwinNotFoundError) throw new NotFoundException(err.message);
      throw err;
    }
  }
}
