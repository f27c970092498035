import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { BusBatchContext, isBatchHandler } from './bus-batch';
import { busTransportFor } from './bus-handler.decorator';
import { BusContext } from './bus-message';
import { deliverWithRetry } from './deliver-with-retry';
import { invokeHandler } from './handler-invoker';
import type { InProcessBroker } from './in-process-broker';
import { DEFAULT_RETRY_POLICY, validateRetryPolicy, type RetryPolicy } from './retry-policy';
import { errorKind, outageLogger } from './transient-error';

export interface InProcessServerOptions {
  readonly groupId: string;
  readonly retry?: RetryPolicy;
}

/**
 * Nest transport strategy over the InProcessBroker: the `@EventPattern(topic)` handlers written for
 * Kafka run unchanged, with the same ordering, retry and dead-letter contract (deliverWithRetry).
 */
export class InProcessServer extends Server implements CustomTransportStrategy {
  override readonly propagatesEventHandlerErrors = true;
  protected override readonly logger = new Logger(InProcessServer.name);
  override transportId: symbol;
  private readonly policy: RetryPolicy;
  private closed = false;

  constructor(
    private readonly broker: InProcessBroker,
    private readonly options: InProcessServerOptions,
  ) {
    super();
    this.policy = validateRetryPolicy(options.retry ?? DEFAULT_RETRY_POLICY);
    this.transportId = busTransportFor(options.groupId);
  }

  listen(callback: (...optionalParams: unknown[]) => void): void {
    const topics = [...this.messageHandlers.keys()];
    if (topics.length > 0) {
      this.broker.subscribe(this.options.groupId, topics, async (msg) => {
        const handler = this.getHandlerByPattern(msg.topic);
        if (!handler) throw new Error(`no handler for ${msg.topic}`);
        const outcome = await deliverWithRetry(msg, {
          policy: this.policy,
          groupId: this.options.groupId,
          handle: async (attempt) => {
            if (!isBatchHandler(handler)) return invokeHandler(handler, msg.value, new BusContext([msg, attempt, this.options.groupId]));
            // a batch handler takes this bus's messages one at a time; the one it rejects is dead-lettered as thrown
            const ctx = new BusBatchContext([[msg], attempt, this.options.groupId]);
            await invokeHandler(handler, [msg.value], ctx);
            const rejected = ctx.rejections().get(0);
            if (rejected !== undefined) throw rejected;
          },
          publishDeadLetter: async (topic, message) => {
            this.broker.publish(topic, [message]);
          },
          onRetry: (attempt, error) => this.logger.warn(`${msg.topic}[${msg.partition}]@${msg.offset} attempt ${attempt} failed (${errorKind(error)})`),
          onTransient: outageLogger((line) => this.logger.warn(line), `${msg.topic}[${msg.partition}]@${msg.offset}`),
          isStopping: () => this.closed,
        });
        if (outcome.status === 'dead-lettered') this.logger.error(`${msg.topic}@${msg.offset} dead-lettered after ${outcome.attempts} attempts (${outcome.errorCode}; the reason is kept with the dead letter)`);
      });
    }
    callback();
  }

  close(): void {
    this.closed = true;
    this.broker.unsubscribe(this.options.groupId);
  }

  on(): never {
    throw new Error('InProcessServer has no events');
  }

  unwrap<T>(): T {
    return this.broker as T;
  }
}
