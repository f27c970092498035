import { Controller, Inject, UseFilters } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Topics } from '@shuji/contracts';
import { BusErrorFilter, BusHandler } from '@shuji/messaging';
import { ForecastService } from './forecast.service';

/** Consumer group shuji-inference: observations build timelines; a twin update triggers a forecast. */
// errors must reach the bus's retry/dead-letter logic unchanged
@UseFilters(BusErrorFilter)
@Controller()
export class InferenceEventsConsumer {
  constructor(@Inject(ForecastService) private readonly forecasts: ForecastService) {}

  @BusHandler(Topics.observationRecorded)
  onObservationRecorded(@Payload() value: Buffer): void {
    this.forecasts.onObservationRecorded(value);
  }

  @BusHandler(Topics.twinUpdated)
  async onTwinUpdated(@Payload() value: Buffer): Promise<void> {
    await this.forecasts.onTwinUpdated(value);
  }
}
