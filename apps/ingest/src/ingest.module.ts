import { Module } from '@nestjs/common';
import { IngestRequestedConsumer } from './ingest-requested.consumer';
import { IngestService } from './ingest.service';

/** The ingest consumer. Needs PersistenceModule and the bus (EventPublisher) from global modules. */
@Module({
  controllers: [IngestRequestedConsumer],
  providers: [IngestService],
})
export class IngestModule {}
