import { Controller, Inject, Logger, Optional, UseFilters } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ALL_TOPICS, ConsumerGroups, DeadLetterSchema, decodeMessage, deadLetterTopicOf } from '@shuji/contracts';
import { BusErrorFilter, BusHandler, UnprocessableMessageError } from '@shuji/messaging';
import { ShujiMetrics } from '@shuji/observability';
import { DeadLetterRepository } from '@shuji/persistence';

/**
 * Keeps every dead letter of every topic in the database (dead_letters) with its reason, so operators can list and
 * replay them without a Kafka tool, and so bus retention never drops one. While the database is down the archiver
 * waits like any consumer (the bus treats the outage as transient). At-least-once: a redelivery may add a second
 * row for one letter.
 */
@UseFilters(BusErrorFilter)
@Controller()
export class DeadLetterArchiverConsumer {
  private readonly logger = new Logger(DeadLetterArchiverConsumer.name);

  constructor(
    @Inject(DeadLetterRepository) private readonly deadLetters: DeadLetterRepository,
    @Optional() @Inject(ShujiMetrics) private readonly metrics?: ShujiMetrics,
  ) {}

  @BusHandler(ALL_TOPICS.map(deadLetterTopicOf), { group: ConsumerGroups.deadLetterArchiver })
  async onDeadLetter(@Payload() value: Buffer): Promise<void> {
    let letter;
    try {
      letter = decodeMessage(DeadLetterSchema, value);
    } catch (err) {
      throw new UnprocessableMessageError(`not a DeadLetter: ${(err as Error).message}`, 'DECODE_FAILED');
    }
    await this.deadLetters.add({
      topic: letter.originalTopic,
      key: Buffer.from(letter.originalKey).toString('utf8'),
      payload: letter.originalValue,
      reason: letter.reason,
      errorCode: letter.errorCode,
      attempts: letter.attempts,
    });
    this.metrics?.deadLetters.inc({ topic: letter.originalTopic });
    this.logger.warn(`dead letter archived: ${letter.originalTopic}@${letter.originalOffset} ${letter.errorCode}`);
  }
}
