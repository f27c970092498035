import { Controller, Inject, Optional, UseFilters } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ConsumerGroups, Topics } from '@shuji/contracts';
import { BusBatchContext, BusBatchHandler, BusErrorFilter } from '@shuji/messaging';
import { ShujiMetrics } from '@shuji/observability';
import { IngestService } from './ingest.service';

/**
 * Kafka (or in-process) consumer of raw ingest requests, a fetch at a time: one transaction per batch; a request
 * that cannot be processed is dead-lettered alone, other failures are retried by the bus (deliverBatch).
 */
// errors must reach the bus's retry/dead-letter logic unchanged, also when the app has HTTP filters
@UseFilters(BusErrorFilter)
@Controller()
export class IngestRequestedConsumer {
  constructor(
    @Inject(IngestService) private readonly ingest: IngestService,
    @Optional() @Inject(ShujiMetrics) private readonly metrics?: ShujiMetrics,
  ) {}

  @BusBatchHandler(Topics.ingestRequested, { group: ConsumerGroups.ingest })
  async onIngestRequested(@Payload() values: readonly Buffer[], @Ctx() ctx: BusBatchContext): Promise<void> {
    const outcome = await this.ingest.handleBatch(values, (index, error) => ctx.reject(index, error));
    this.metrics?.observationsStored.inc(outcome.inserted);
  }
}
