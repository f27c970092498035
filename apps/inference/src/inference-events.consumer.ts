import { Controller, Inject, Optional, UseFilters } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Topics } from '@shuji/contracts';
import { BusErrorFilter, BusHandler } from '@shuji/messaging';
import { ShujiMetrics } from '@shuji/observability';
import { ForecastService } from './forecast.service';

/** Consumer group shuji-inference: observations build timelines; a twin update triggers a forecast. */
// errors must reach the bus's retry/dead-letter logic unchanged
@UseFilters(BusErrorFilter)
@Controller()
export class InferenceEventsConsumer {
  constructor(
    @Inject(ForecastService) private readonly forecasts: ForecastService,
    @Optional() @Inject(ShujiMetrics) private readonly metrics?: ShujiMetrics,
  ) {}

  @BusHandler(Topics.observationRecorded)
  onObservationRecorded(@Payload() value: Buffer): void {
    this.forecasts.onObservationRecorded(value);
  }

  @BusHandler(Topics.twinUpdated)
  async onTwinUpdated(@Payload() value: Buffer): Promise<void> {
    if (this.metrics === undefined) await this.forecasts.onTwinUpdated(value);
    else await this.metrics.time(this.metrics.forecastDuration, () => this.forecasts.onTwinUpdated(value), { method: 'fm' });
  }
}
