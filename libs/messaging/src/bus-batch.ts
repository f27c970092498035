import { EventPattern, type MessageHandler } from '@nestjs/microservices';
import { BaseRpcContext } from '@nestjs/microservices';
import { busTransportFor, type BusHandlerOptions } from './bus-handler.decorator';
import type { BusMessage, UnprocessableMessageError } from './bus-message';

type BusBatchHandlerMethod = (values: readonly Buffer[], ...rest: never[]) => unknown;

/** The Nest handler extras that mark a batch handler. */
const BATCH_EXTRAS = { shujiBatch: true } as const;

/**
 * Context of a batch handler (`@Ctx() ctx: BusBatchContext`): the messages, in partition order, and the place to
 * name a message that can never succeed (`reject`): it alone goes to the dead-letter topic, the others are handled.
 */
export class BusBatchContext extends BaseRpcContext<[readonly BusMessage[], number, string]> {
  private readonly rejected = new Map<number, UnprocessableMessageError>();

  getMessages(): readonly BusMessage[] {
    return this.args[0];
  }
  getAttempt(): number {
    return this.args[1];
  }
  getGroupId(): string {
    return this.args[2];
  }
  /** Message `index` is unprocessable: dead-lettered with this error's reason and code once the handler returns. */
  reject(index: number, error: UnprocessableMessageError): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.args[0].length) throw new RangeError(`reject: no message ${index} in a batch of ${this.args[0].length}`);
    this.rejected.set(index, error);
  }
  rejections(): ReadonlyMap<number, UnprocessableMessageError> {
    return this.rejected;
  }
}

/**
 * Marks a consumer method that takes a partition's messages in batches:
 * `@BusBatchHandler(Topics.x, { group }) handle(@Payload() values: readonly Buffer[], @Ctx() ctx: BusBatchContext)`.
 * Over Kafka it receives what one fetch brought (eachBatch); the in-process bus calls it with one message at a time.
 * It must be all-or-nothing for the messages it does not reject: it either stores all of them or throws.
 */
export function BusBatchHandler(topic: string, options: BusHandlerOptions = {}): <M extends BusBatchHandlerMethod>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>) => void {
  const decorate = (options.group ? EventPattern<string>(topic, busTransportFor(options.group), BATCH_EXTRAS) : EventPattern<string>(topic, BATCH_EXTRAS)) as MethodDecorator;
  return <M extends BusBatchHandlerMethod>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>) => {
    decorate(target, key, descriptor);
  };
}

/** True for a handler registered by @BusBatchHandler. */
export function isBatchHandler(handler: MessageHandler | null | undefined): boolean {
  return (handler?.extras as Record<string, unknown> | undefined)?.['shujiBatch'] === true;
}
