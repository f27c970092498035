import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import type { OutgoingMessage } from './bus-message';
import type { InProcessBroker } from './in-process-broker';

/** Nest ClientProxy that emits onto the InProcessBroker: `client.emit(topic, {key, value, headers})`. */
export class InProcessClient extends ClientProxy {
  constructor(private readonly broker: InProcessBroker) {
    super();
  }

  async connect(): Promise<void> {}

  close(): void {}

  unwrap<T>(): T {
    return this.broker as T;
  }

  protected async dispatchEvent<T = unknown>(packet: ReadPacket<OutgoingMessage>): Promise<T> {
    const topic = typeof packet.pattern === 'string' ? packet.pattern : JSON.stringify(packet.pattern);
    const m = packet.data;
    if (!m || typeof m.key !== 'string' || !Buffer.isBuffer(m.value)) {
      throw new Error('InProcessClient.emit expects an explicit {key: string, value: Buffer} envelope');
    }
    return this.broker.publish(topic, [m]) as T;
  }

  // Request/response is not part of Shuji's event contract.
  protected publish(_packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    callback({ err: new Error('request/response is not supported on the event bus'), isDisposed: true });
    return () => undefined;
  }
}
