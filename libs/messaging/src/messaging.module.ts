import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { ShujiConfig } from '@shuji/config';
import { createBusClient, createInProcessBroker } from './bus-factory';
import { BUS_PROBE, inProcessBusProbe, kafkaBusProbe, type BusProbe } from './bus-probe';
import { EventPublisher, type BusClient } from './event-publisher';
import { InProcessBroker } from './in-process-broker';

export const BUS_CLIENT = Symbol('BUS_CLIENT');

type MessagingConfig = Parameters<typeof createBusClient>[0];

class BusClientLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly client: BusClient,
    private readonly broker: InProcessBroker | undefined,
    private readonly probe: BusProbe,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.probe.close();
    await this.client.close();
    this.broker?.close();
  }
}

export interface MessagingOptions {
  /** In-process bus only: keep a crash-safe journal of messages and offsets here (e.g. <SHUJI_DATA_DIR>/bus). */
  readonly journalDir?: string;
  /** In-process bus only: topics no group of the process reads, kept to their newest messages per partition. */
  readonly unreadTopics?: readonly string[];
}

/**
 * Global bus wiring for an application: the producer (EventPublisher over ClientKafka or InProcessClient)
 * and, for SHUJI_BUS=inprocess, the process-wide InProcessBroker the consumer side must share
 * (`createBusServer(config, group, app.get(InProcessBroker))`).
 */
@Module({})
export class MessagingModule {
  static forRoot(config: MessagingConfig & Pick<ShujiConfig, 'KAFKA_PARTITIONS'>, options: MessagingOptions = {}): DynamicModule {
    const broker = config.SHUJI_BUS === 'inprocess' ? createInProcessBroker(config, options.journalDir, options.unreadTopics) : undefined;
    const probe = broker ? inProcessBusProbe(options.journalDir) : kafkaBusProbe(config.KAFKA_BROKERS, config.KAFKA_CLIENT_ID);
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
        { provide: BUS_PROBE, useValue: probe },
        { provide: BusClientLifecycle, useFactory: (client: BusClient) => new BusClientLifecycle(client, broker, probe), inject: [BUS_CLIENT] },
      ],
      exports: [BUS_CLIENT, BUS_PROBE, EventPublisher, ...(broker ? [InProcessBroker] : [])],
    };
  }
}
