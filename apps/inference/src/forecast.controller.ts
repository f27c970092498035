import { Controller, Get, Inject, NotFoundException, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ProtectedApi } from '@shuji/observability';
import { CurrentPrincipal, Permission, requireAccess, type Principal } from '@shuji/access';
import { ForecastNotFoundError, ForecastService, type PatientForecast } from './forecast.service';

@Controller('forecasts')
@ProtectedApi('Foundation-model forecasts')
export class ForecastController {
  constructor(@Inject(ForecastService) private readonly forecasts: ForecastService) {}

  /** The latest foundation-model forecast of a person (quantiles per code and horizon). */
  @Get(':patientId')
  @ApiOperation({ summary: 'The latest foundation-model forecast of a person' })
  @ApiOkResponse({ description: 'PatientForecast: quantiles per code and horizon' })
  @ApiNotFoundResponse({ description: 'no forecast yet' })
  latest(@CurrentPrincipal() principal: Principal | undefined, @Param('patientId') patientId: string): PatientForecast {
    // here and not in ForecastService: the service is a cache of the model's output shared with the consumer
    requireAccess(principal, Permission.ForecastRead, patientId);
    try {
      return this.forecasts.latestFor(patientId);
    } catch (error) {
      if (error instanceof ForecastNotFoundError) throw new NotFoundException(error.message);
      throw error;
    }
  }
}
