import { Controller, Get, Inject, NotFoundException, Param } from '@nestjs/common';
import { ForecastNotFoundError, ForecastService, type PatientForecast } from './forecast.service';

@Controller('forecasts')
export class ForecastController {
  constructor(@Inject(ForecastService) private readonly forecasts: ForecastService) {}

  /** The latest foundation-model forecast of a person (quantiles per code and horizon). */
  @Get(':patientId')
  latest(@Param('patientId') patientId: string): PatientForecast {
    try {
      return this.forecasts.latestFor(patientId);
    } catch (error) {
      if (error instanceof ForecastNotFoundError) throw new NotFoundException(error.message);
      throw error;
    }
  }
}
