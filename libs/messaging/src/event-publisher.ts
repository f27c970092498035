import type { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { OutgoingMessage } from './bus-message';

/** What EventPublisher needs of a Nest ClientProxy (ClientKafka's status type differs, hence a Pick). */
export type BusClient = Pick<ClientProxy, 'emit' | 'connect' | 'close'>;

/**
 * The one way services publish: an explicit {key, value: Buffer, headers} envelope through the
 * configured ClientProxy (ClientKafka or InProcessClient). Resolves once the bus accepted it
 * (Kafka: acknowledged by the broker).
 */
export class EventPublisher {
  constructor(private readonly client: BusClient) {}

  async publish(topic: string, message: OutgoingMessage): Promise<void> {
    if (!Buffer.isBuffer(message.value)) throw new Error('EventPublisher.publish: value must be protobuf bytes (Buffer)');
    // a fresh object: Nest's Kafka serializer mutates what it is given
    await lastValueFrom(this.client.emit(topic, { key: message.key, value: message.value, headers: { ...(message.headers ?? {}) } }), {
      defaultValue: undefined,
    });
  }

  async publishAll(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    await Promise.all(messages.map((m) => this.publish(topic, m)));
  }
}
