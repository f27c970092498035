import { Module } from '@nestjs/common';
import { DeadLetterArchiverConsumer } from './dead-letter-archiver.consumer';
import { IngestRequestedConsumer } from './ingest-requested.consumer';
import { IngestService } from './ingest.service';

/** The ingest consumer (group shuji-ingest) and the dead-letter archiver (group shuji-dlq-archiver). Needs PersistenceModule and the bus (EventPublisher) from global modules. */
@Module({
  controllers: [IngestRequestedConsumer, DeadLetterArchiverConsumer],
  providers: [IngestService],
})
export class IngestModule {}
