import { BadRequestException, Controller, Get, Inject, NotFoundException, Param, Query, UnprocessableEntityException, UseFilters, UseGuards } from '@nestjs/common';
import { AccessExceptionFilter, BearerAuthGuard, CurrentPrincipal, RateLimitGuard, type Principal } from '@shuji/access';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags, ApiUnauthorizedResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { BEARER } from '@shuji/observability';
import { ForecastUnavailableError, TwinNotFoundError, type TwinSummary } from '@shuji/twin';
import type { TwinForecast, TwinForecastMethod } from '@shuji/forecasting';
import { TwinReadService } from './twin-read.service';

/** Twin read API: the twin's summary and its forecast of a reading (the hybrid with the FM by default). */
@Controller('v1/twins')
@ApiTags('Twins')
@ApiBearerAuth(BEARER)
@ApiUnauthorizedResponse({ description: 'no valid bearer token' })
@ApiForbiddenResponse({ description: 'the role or the token\'s scopes do not grant this, or the patient is out of scope' })
@ApiNotFoundResponse({ description: 'no twin for this patient (also when the patient is unknown)' })
@UseGuards(BearerAuthGuard, RateLimitGuard)
@UseFilters(AccessExceptionFilter)
export class TwinController {
  constructor(@Inject(TwinReadService) private readonly reads: TwinReadService) {}

  @Get(':patientId')
  @ApiOperation({ summary: 'The twin\'s summary: state, parameters, last update (audited)' })
  @ApiOkResponse({ description: 'TwinSummary' })
  async get(@CurrentPrincipal() principal: Principal | undefined, @Param('patientId') patientId: string): Promise<TwinSummary> {
    return this.mapErrors(() => this.reads.summary(principal, patientId));
  }

  @Get(':patientId/forecast')
  @ApiOperation({ summary: 'Forecast a reading every 5 min up to the horizon (audited)' })
  @ApiQuery({ name: 'code', required: true, description: 'LOINC code, e.g. 99504-3' })
  @ApiQuery({ name: 'horizon_min', required: false, description: 'minutes ahead, (0, 1440]; default 60' })
  @ApiQuery({ name: 'method', required: false, enum: ['hybrid', 'twin'], description: 'default hybrid (twin + foundation model)' })
  @ApiOkResponse({ description: 'TwinForecast: times, median and intervals' })
  @ApiUnprocessableEntityResponse({ description: 'this twin cannot forecast that code' })
  async forecast(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('patientId') patientId: string,
    @Query('code') code: string | undefined,
    @Query('horizon_min') horizon: string | undefined,
    @Query('method') method: string | undefined,
  ): Promise<TwinForecast> {
    if (code === undefined || code === '') throw new BadRequestException('code: give a LOINC code, e.g. 99504-3');
    const horizonMin = Number(horizon ?? 60);
    if (!Number.isFinite(horizonMin) || horizonMin <= 0 || horizonMin > 24 * 60) throw new BadRequestException('horizon_min: must be in (0, 1440]');
    const chosen = method ?? 'hybrid';
    if (chosen !== 'hybrid' && chosen !== 'twin') throw new BadRequestException('method: must be hybrid or twin');
    return this.mapErrors(() => this.reads.forecast(principal, patientId, code, horizonMin, chosen as TwinForecastMethod));
  }

  private async mapErrors<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof TwinNotFoundError) throw new NotFoundException(err.message);
      if (err instanceof ForecastUnavailableError) throw new UnprocessableEntityException(err.message);
      throw err;
    }
  }
}
