import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { ShujiConfig } from '@shuji/config';
import { createBusClient, createInProcessBroker } from './bus-factory';
import { EventPublisher, type BusClient } from './event-publisher';
import { InProcessBroker } from './in-process-broker';

export const BUS_CLIENT = Symbol('BUS_CLIENT');

type MessagingConfig = Parameters<typeof createBusClient>[0];

class BusClientLifecycle implements OnApplicationShutdown {
  constructor(private readonly client: BusClient) {}
  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

/**
 * Global bus wiring for an application: the producer (EventPublisher over ClientKafka or InProcessClient)
 * and, for SHUJI_BUS=inprocess, the process-wide InProcessBroker the consumer side must share
 * (`createBusServer(config, group, app.get(InProcessBroker))`).
 */
@Module({})
export class MessagingModule {
  static forRoot(config: MessagingConfig & Pick<ShujiConfig, 'KAFKA_PARTITIONS'>): DynamicModule {
    const broker = config.SHUJI_BUS === 'inprocess' ? createInProcessBroker(config) : undefined;
    return {
      module: MessagingModule,
      global: true,
      providers: [
        ...(broker ? [{ provide: InProcessBroker, useValue: broker }] : []),
        {
          provide: BUS_CLIENT,
          useFactory: async () => {
            const client = createBusClient(config, broker);
            await client.connect();
            return client;
          },
        },
        { provide: EventPublisher, useFactory: (client: BusClient) => new EventPublisher(client), inject: [BUS_CLIENT] },
        { provide: BusClientLifecycle, useFactory: (client: BusClient) => new BusClientLifecycle(client), inject: [BUS_CLIENT] },
      ],
      exports: [BUS_CLIENT, EventPublisher, ...(broker ? [InProcessBroker] : [])],
    };
  }
}
