import { ClientKafka, type ClientProxy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { OutgoingMessage } from './bus-message';
import type { InProcessBroker } from './in-process-broker';
import { InProcessClient } from './in-process.client';

/** What EventPublisher needs of a Nest ClientProxy (ClientKafka's status type differs, hence a Pick). */
export type BusClient = Pick<ClientProxy, 'emit' | 'connect' | 'close'>;

/** Messages per Kafka produce request when publishing a batch. */
const BATCH = 500;

/**
 * The one way services publish: explicit {key, value: Buffer, headers} envelopes of protobuf bytes through
 * the configured ClientProxy (ClientKafka or InProcessClient). Resolves once the bus accepted the message
 * (Kafka: acknowledged by the broker, acks=all with the idempotent producer).
 */
export class EventPublisher {
  constructor(private readonly client: BusClient) {}

  async publish(topic: string, message: OutgoingMessage): Promise<void> {
    assertEnvelope(message);
    // a fresh object: Nest's Kafka serializer mutates what it is given
    await lastValueFrom(this.client.emit(topic, { key: message.key, value: message.value, headers: { ...(message.headers ?? {}) } }), {
      defaultValue: undefined,
    });
  }

  /**
   * Many messages to one topic. ClientProxy.emit sends one message per request; for batches the
   * underlying producer takes them in one request per BATCH (same ordering per key: one partition each).
   */
  async publishMany(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    messages.forEach(assertEnvelope);
    if (messages.length === 0) return;
    if (this.client instanceof InProcessClient) {
      this.client.unwrap<InProcessBroker>().publish(topic, messages);
      return;
    }
    if (this.client instanceof ClientKafka) {
      await this.client.connect();
      const producer = this.client.producer;
      for (let i = 0; i < messages.length; i += BATCH) {
        await producer.send({ topic, messages: messages.slice(i, i + BATCH).map((m) => ({ key: m.key, value: m.value, headers: { ...(m.headers ?? {}) } })) });
      }
      return;
    }
    for (const m of messages) await this.publish(topic, m);
  }
}

function assertEnvelope(message: OutgoingMessage): void {
  if (typeof message.key !== 'string' || !Buffer.isBuffer(message.value)) {
    throw new Error('EventPublisher: a message is {key: string, value: Buffer (protobuf bytes)}');
  }
}
