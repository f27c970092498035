import { BaseRpcContext } from '@nestjs/microservices';

/** One consumed message, the same shape whichever transport delivered it. */
export interface BusMessage {
  readonly topic: string;
  readonly partition: number;
  /** Offset within the partition, as a decimal string (Kafka offsets are int64). */
  readonly offset: string;
  readonly key: string;
  /** Protobuf bytes, never parsed by the transport. */
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

/** What a producer hands to the bus: always an explicit envelope, so no DTO field is mistaken for one. */
export interface OutgoingMessage {
  readonly key: string;
  readonly value: Buffer;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Context passed to every `@EventPattern` handler by both bus servers (`@Ctx() ctx: BusContext`):
 * the message and the 1-based attempt number.
 */
export class BusContext extends BaseRpcContext<[BusMessage, number, string]> {
  getMessage(): BusMessage {
    return this.args[0];
  }
  getAttempt(): number {
    return this.args[1];
  }
  getGroupId(): string {
    return this.args[2];
  }
}

/**
 * Thrown by a handler for a message that can never succeed (undecodable, invalid):
 * it goes straight to the dead-letter topic without retries.
 */
export class UnprocessableMessageError extends Error {
  constructor(
    message: string,
    readonly code: string = 'UNPROCESSABLE',
  ) {
    super(message);
    this.name = 'UnprocessableMessageError';
  }
}
