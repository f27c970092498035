import { ServerKafka, type KafkaOptions } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, EachMessagePayload, IHeaders, KafkaMessage, PartitionAssigner } from '@nestjs/microservices/external/kafka.interface.js';
import { PartitionAssigners } from 'kafkajs';
import { BusBatchContext, isBatchHandler } from './bus-batch';
import { busTransportFor } from './bus-handler.decorator';
import { BusContext, type BusMessage } from './bus-message';
import { deliverBatch } from './deliver-batch';
import { CoPartitionedAssigner } from './co-partitioned-assigner';
import { deliverWithRetry } from './deliver-with-retry';
import { invokeHandler } from './handler-invoker';
import { announcePartitionsAssigned } from './partition-assignment';
import { announceConsumerLag } from './consumer-lag';
import { DEFAULT_RETRY_POLICY, validateRetryPolicy, type RetryPolicy } from './retry-policy';
import { errorKind, outageLogger } from './transient-error';

export interface ShujiKafkaServerOptions {
  readonly brokers: string[];
  readonly clientId: string;
  /** Used verbatim: Nest's '-server' postfix is switched off so the broker sees exactly this id. */
  readonly groupId: string;
  readonly retry?: RetryPolicy;
  /** Partitions handled concurrently by this process; order still holds within each. */
  readonly partitionsConsumedConcurrently?: number;
  readonly sessionTimeoutMs?: number;
  /** Most messages a @BusBatchHandler receives at once (a fetch may bring more: it is cut into batches of this size). */
  readonly maxBatchMessages?: number;
}

/** Bytes fetched per partition: kafkajs' default (1 MiB) holds ~6,000 compact device readings; 4 MiB lets a batch handler write ~25,000 at once. */
const MAX_BYTES_PER_PARTITION = 4 * 1024 * 1024;

const HEARTBEAT_EVERY_MS = 2_000;
/** kafkajs' own round-robin, under the copy of kafkajs' types that @nestjs/microservices vendors (the same function). */
const ROUND_ROBIN = PartitionAssigners.roundRobin as unknown as PartitionAssigner;

function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) out[k] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}

/**
 * Nest's Kafka transport with Shuji's delivery contract on top: binary values (keepBinary),
 * manual offset commit only after the handler succeeded or the message was dead-lettered
 * (at-least-once), bounded retry with backoff inside the partition (keeps per-key order),
 * heartbeats while a slow handler or a backoff runs, and `<topic>.dlq` with the reason. While the database or
 * broker is down the partition waits (unbounded, see deliverWithRetry) with its message uncommitted; shutting down
 * or a rebalance abandons the wait by throwing, and kafkajs restarts the consumer from the committed offset.
 */
export class ShujiKafkaServer extends ServerKafka {
  private readonly policy: RetryPolicy;
  private readonly shujiGroupId: string;
  /** Set by close(), and by a rebalance seen while a delivery waits out an outage: that delivery is abandoned. */
  private closing = false;
  private rebalanceGeneration = 0;
  private readonly maxBatchMessages: number;
  private readonly runOptions: { autoCommit: false; partitionsConsumedConcurrently: number };

  constructor(opts: ShujiKafkaServerOptions) {
    const options: Required<KafkaOptions>['options'] = {
      postfixId: '',
      client: { clientId: opts.clientId, brokers: opts.brokers, retry: { retries: 8, initialRetryTime: 200 } },
      consumer: {
        groupId: opts.groupId,
        sessionTimeout: opts.sessionTimeoutMs ?? 30_000,
        maxBytesPerPartition: MAX_BYTES_PER_PARTITION,
        heartbeatInterval: 3_000,
        allowAutoTopicCreation: false,
        // a person's topics on one member whatever the member count; round-robin while older members lack it
        partitionAssigners: [CoPartitionedAssigner, ROUND_ROBIN],
      },
      producer: { allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 },
      subscribe: { fromBeginning: true },
      run: { autoCommit: false, partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently ?? 4 },
      parser: { keepBinary: true },
    };
    super(options);
    this.policy = validateRetryPolicy(opts.retry ?? DEFAULT_RETRY_POLICY);
    this.shujiGroupId = opts.groupId;
    this.maxBatchMessages = opts.maxBatchMessages ?? 1_000;
    this.runOptions = { autoCommit: false, partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently ?? 4 };
    // handlers tagged @BusHandler(topic, { group }) bind to this server only
    this.transportId = busTransportFor(opts.groupId);
  }

  /** Nest's status listeners, plus the announcement of each completed group join (see partition-assignment) and of the lag after each batch (consumer-lag). */
  override registerConsumerEventListeners(): void {
    super.registerConsumerEventListeners();
    this.consumer?.on(this.consumer.events.GROUP_JOIN, (event) => announcePartitionsAssigned(this.shujiGroupId, event.payload.memberAssignment));
    this.consumer?.on(this.consumer.events.END_BATCH_PROCESS, (event) => announceConsumerLag(this.shujiGroupId, event.payload.topic, event.payload.partition, event.payload.offsetLag));
    this.consumer?.on(this.consumer.events.REBALANCING, () => {
      this.rebalanceGeneration += 1;
    });
  }

  override async close(): Promise<void> {
    this.closing = true;
    await super.close();
  }

  override getMessageHandler(): (payload: EachMessagePayload) => Promise<void> {
    return (payload) => this.deliver(payload);
  }

  /**
   * Nest's subscription, run with eachBatch when a handler of this group takes batches (@BusBatchHandler); the
   * group's other topics are then delivered message by message inside the batch, as with eachMessage.
   */
  override async bindEvents(consumer: Consumer): Promise<void> {
    if (![...this.messageHandlers.values()].some(isBatchHandler)) return super.bindEvents(consumer);
    await consumer.subscribe({ fromBeginning: true, topics: [...this.messageHandlers.keys()] });
    await consumer.run({ ...this.runOptions, eachBatchAutoResolve: false, eachBatch: (payload) => this.deliverFetched(payload) });
  }

  private async deliverFetched(payload: EachBatchPayload): Promise<void> {
    const { batch, heartbeat, resolveOffset, isRunning, isStale } = payload;
    const handler = this.getHandlerByPattern(batch.topic);
    if (!isBatchHandler(handler)) {
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) return;
        await this.deliver({ topic: batch.topic, partition: batch.partition, message, heartbeat, pause: payload.pause });
        resolveOffset(message.offset);
      }
      return;
    }
    for (let start = 0; start < batch.messages.length; start += this.maxBatchMessages) {
      if (!isRunning() || isStale()) return;
      const messages = batch.messages.slice(start, start + this.maxBatchMessages).map((m) => toBusMessage(batch.topic, batch.partition, m));
      const first = messages[0]!.offset;
      const last = messages[messages.length - 1]!.offset;
      const where = `${batch.topic}[${batch.partition}]@${first}..${last}`;
      const outcome = await this.whileHeartbeating(heartbeat, (isStopping) =>
        deliverBatch(messages, {
          policy: this.policy,
          groupId: this.shujiGroupId,
          handle: async (ms, attempt) => {
            const ctx = new BusBatchContext([ms, attempt, this.shujiGroupId]);
            await invokeHandler(handler!, ms.map((m) => m.value), ctx);
            return ctx.rejections();
          },
          publishDeadLetter: (dlqTopic, m) => this.sendDeadLetter(dlqTopic, m),
          onRetry: (attempt, error) => this.logger.warn(`${where} attempt ${attempt} failed (${errorKind(error)})${attempt === 1 ? '; delivering one message at a time' : ''}`),
          onTransient: outageLogger((line) => this.logger.warn(line), where),
          isStopping,
        }),
      );
      if (outcome.deadLettered.length > 0) this.logger.error(`${where}: ${outcome.deadLettered.length} message(s) dead-lettered (offsets ${outcome.deadLettered.join(', ')}; the reasons are kept with the dead letters)`);
      // Commit past the batch only now, when every message is stored or dead-lettered: a crash before redelivers it.
      await this.consumer!.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
      resolveOffset(last);
    }
  }

  /**
   * Runs a delivery with heartbeats every HEARTBEAT_EVERY_MS, so a slow handler or an outage wait keeps the
   * partition; `isStopping` turns true on close() or when a heartbeat is refused for a rebalance.
   */
  private async whileHeartbeating<T>(heartbeat: () => Promise<void>, run: (isStopping: () => boolean) => Promise<T>): Promise<T> {
    const generation = this.rebalanceGeneration;
    let rebalancing = false;
    // a heartbeat refused for a rebalance means this partition may move: an outage wait must let go of it
    const beat = setInterval(() => void heartbeat().catch(() => void (rebalancing = true)), HEARTBEAT_EVERY_MS);
    try {
      return await run(() => this.closing || rebalancing || generation !== this.rebalanceGeneration);
    } finally {
      clearInterval(beat);
    }
  }

  private async sendDeadLetter(dlqTopic: string, m: { key: string; value: Buffer; headers?: Readonly<Record<string, string>> }): Promise<void> {
    if (!this.producer) throw new Error('Kafka producer not connected');
    await this.producer.send({ topic: dlqTopic, messages: [{ key: m.key, value: m.value, headers: { ...m.headers } }] });
  }

  private async deliver(payload: EachMessagePayload): Promise<void> {
    const { topic, partition, message, heartbeat } = payload;
    const msg = toBusMessage(topic, partition, message);
    const handler = this.getHandlerByPattern(topic);
    const outcome = await this.whileHeartbeating(heartbeat, (isStopping) =>
      deliverWithRetry(msg, {
        policy: this.policy,
        groupId: this.shujiGroupId,
        handle: async (attempt) => {
          if (!handler) throw new Error(`no handler registered for topic ${topic}`);
          await invokeHandler(handler, msg.value, new BusContext([msg, attempt, this.shujiGroupId]));
        },
        publishDeadLetter: (dlqTopic, m) => this.sendDeadLetter(dlqTopic, m),
        onRetry: (attempt, error) => this.logger.warn(`${topic}[${partition}]@${msg.offset} attempt ${attempt} failed (${errorKind(error)})`),
        onTransient: outageLogger((line) => this.logger.warn(line), `${topic}[${partition}]@${msg.offset}`),
        isStopping,
      }),
    );
    if (outcome.status === 'dead-lettered') this.logger.error(`${topic}[${partition}]@${msg.offset} dead-lettered after ${outcome.attempts} attempts (${outcome.errorCode}; the reason is kept with the dead letter)`);
    // Commit the next offset only now: a crash before this line redelivers the message.
    await this.consumer!.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
  }
}

function toBusMessage(topic: string, partition: number, message: KafkaMessage): BusMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString('utf8') : '',
    value: message.value ?? Buffer.alloc(0),
    headers: headersToStrings(message.headers),
  };
}
