import { Controller, Inject, UseFilters } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ConsumerGroups, Topics } from '@shuji/contracts';
import { BusErrorFilter, BusHandler } from '@shuji/messaging';
import { IngestService } from './ingest.service';

/** Kafka (or in-process) consumer of raw ingest requests; failures are retried, then dead-lettered by the bus. */
// errors must reach the bus's retry/dead-letter logic unchanged, also when the app has HTTP filters
@UseFilters(BusErrorFilter)
@Controller()
export class IngestRequestedConsumer {
  constructor(@Inject(IngestService) private readonly ingest: IngestService) {}

  @BusHandler(Topics.ingestRequested, { group: ConsumerGroups.ingest })
  async onIngestRequested(@Payload() value: Buffer): Promise<void> {
    await this.ingest.handle(value);
  }
}
