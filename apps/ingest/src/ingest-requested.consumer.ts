import { Controller, Inject, Optional, UseFilters } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ConsumerGroups, Topics } from '@shuji/contracts';
import { BusErrorFilter, BusHandler } from '@shuji/messaging';
import { ShujiMetrics } from '@shuji/observability';
import { IngestService } from './ingest.service';

/** Kafka (or in-process) consumer of raw ingest requests; failures are retried, then dead-lettered by the bus. */
// errors must reach the bus's retry/dead-letter logic unchanged, also when the app has HTTP filters
@UseFilters(BusErrorFilter)
@Controller()
export class IngestRequestedConsumer {
  constructor(
    @Inject(IngestService) private readonly ingest: IngestService,
    @Optional() @Inject(ShujiMetrics) private readonly metrics?: ShujiMetrics,
  ) {}

  @BusHandler(Topics.ingestRequested, { group: ConsumerGroups.ingest })
  async onIngestRequested(@Payload() value: Buffer): Promise<void> {
    const outcome = await this.ingest.handle(value);
    this.metrics?.observationsStored.inc(outcome.inserted);
  }
}
