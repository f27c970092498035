/**
 * A worker thread of bench:twin: one member of consumer group shuji-twin. It owns the patients of its partitions
 * (the main thread routes each event by the Kafka partitioner), runs their TwinService and answers every event
 * with its encoded TwinUpdated, in arrival order, one event at a time like a consumer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toTwinUpdated } from '../apps/twin/src/index';
import { DEFAULT_TWIN_SETTINGS, InMemoryTwinEventLog, InMemoryTwinSnapshotStore, ProfileComponentFactory, T1dComponentFactory, TwinService, twinUpdateOf, wholePersonRegistry, type TwinEvent } from '@shuji/twin';

export interface TwinPartitionSetup {
  readonly ensembleSize: number;
  /** UVA/Padova prior parameters per patient id. */
  readonly priors: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** The product's whole-person registry (T1D, body weight, blood pressure) instead of the T1D component alone. */
  readonly wholePerson: boolean;
}

export type TwinPartitionRequest =
  /** Start from empty stores, assimilate these events without answering each, then reply `ready`. */
  | { readonly kind: 'warm'; readonly events: readonly TwinEvent[] }
  | { readonly kind: 'event'; readonly seq: number; readonly event: TwinEvent }
  /** Reply with the event-loop utilisation since the last `utilisation` request. */
  | { readonly kind: 'utilisation' };

export type TwinPartitionReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'updated'; readonly seq: number; readonly twinUpdated: Uint8Array }
  | { readonly kind: 'utilisation'; readonly utilisation: number }
  | { readonly kind: 'error'; readonly message: string };

const setup = workerData as TwinPartitionSetup;
const port = parentPort;
if (port === null) throw new Error('twin-partition.worker must run in a worker thread');
const priorOf = (id: string) => Promise.resolve(setup.priors[id] ?? {});
const factory = setup.wholePerson ? new ProfileComponentFactory(wholePersonRegistry(priorOf)) : new T1dComponentFactory(priorOf);
const newService = (): TwinService =>
  new TwinService(new InMemoryTwinEventLog(), new InMemoryTwinSnapshotStore(), factory, { ...DEFAULT_TWIN_SETTINGS, ensembleSize: setup.ensembleSize });

let service = newService();
let since = performance.eventLoopUtilization();
// messages are handled strictly one after another, as a consumer handles a partition's records
let queue: Promise<void> = Promise.resolve();

async function handle(request: TwinPartitionRequest): Promise<TwinPartitionReply> {
  switch (request.kind) {
    case 'warm':
      service = newService();
      for (const e of request.events) toTwinUpdated(twinUpdateOf(await service.handle(e)));
      return { kind: 'ready' };
    case 'event':
      return { kind: 'updated', seq: request.seq, twinUpdated: toTwinUpdated(twinUpdateOf(await service.handle(request.event))).value };
    case 'utilisation': {
      const now = performance.eventLoopUtilization();
      const utilisation = performance.eventLoopUtilization(now, since).utilization;
      since = now;
      return { kind: 'utilisation', utilisation };
    }
  }
}

port.on('message', (request: TwinPartitionRequest) => {
  queue = queue.then(async () => {
    try {
      port.postMessage(await handle(request));
    } catch (error) {
      port.postMessage({ kind: 'error', message: (error as Error).message } satisfies TwinPartitionReply);
    }
  });
});
