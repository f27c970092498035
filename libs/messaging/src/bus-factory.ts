import { ClientKafka, type CustomTransportStrategy } from '@nestjs/microservices';
import type { BusClient } from './event-publisher';
import type { ShujiConfig } from '@shuji/config';
import { InProcessBroker } from './in-process-broker';
import { InProcessJournal } from './in-process-journal';
import { InProcessClient } from './in-process.client';
import { InProcessServer } from './in-process.server';
import type { RetryPolicy } from './retry-policy';
import { ShujiKafkaServer } from './shuji-kafka.server';

type BusConfig = Pick<ShujiConfig, 'SHUJI_BUS' | 'KAFKA_BROKERS' | 'KAFKA_CLIENT_ID' | 'KAFKA_PARTITIONS' | 'SHUJI_MAX_ATTEMPTS' | 'SHUJI_RETRY_BACKOFF_MS'>;

export function retryPolicyFrom(config: BusConfig): RetryPolicy {
  return { maxAttempts: config.SHUJI_MAX_ATTEMPTS, initialBackoffMs: config.SHUJI_RETRY_BACKOFF_MS, maxBackoffMs: 30_000, multiplier: 2 };
}

/** Producer side of the seam, chosen by SHUJI_BUS. `broker` is required for inprocess. */
export function createBusClient(config: BusConfig, broker?: InProcessBroker): BusClient {
  if (config.SHUJI_BUS === 'inprocess') {
    if (!broker) throw new Error('SHUJI_BUS=inprocess needs the process-wide InProcessBroker');
    return new InProcessClient(broker);
  }
  return new ClientKafka({
    client: { clientId: `${config.KAFKA_CLIENT_ID}-producer`, brokers: [...config.KAFKA_BROKERS] },
    producer: { allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 },
    producerOnlyMode: true,
    postfixId: '',
  });
}

/** Consumer side of the seam for one consumer group, chosen by SHUJI_BUS. */
export function createBusServer(config: BusConfig, groupId: string, broker?: InProcessBroker): CustomTransportStrategy {
  const retry = retryPolicyFrom(config);
  if (config.SHUJI_BUS === 'inprocess') {
    if (!broker) throw new Error('SHUJI_BUS=inprocess needs the process-wide InProcessBroker');
    return new InProcessServer(broker, { groupId, retry });
  }
  return new ShujiKafkaServer({ brokers: [...config.KAFKA_BROKERS], clientId: `${config.KAFKA_CLIENT_ID}-${groupId}`, groupId, retry });
}

/**
 * The embedded bus; with `journalDir` it is durable across process crashes (see InProcessJournal). `unreadTopics`:
 * topics no group of this process reads, kept to their newest messages (InProcessBroker).
 */
export function createInProcessBroker(config: Pick<ShujiConfig, 'KAFKA_PARTITIONS'>, journalDir?: string, unreadTopics: readonly string[] = []): InProcessBroker {
  return new InProcessBroker(config.KAFKA_PARTITIONS, journalDir ? new InProcessJournal(journalDir) : undefined, new Set(unreadTopics));
}
