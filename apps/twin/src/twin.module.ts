import { Module, type DynamicModule } from '@nestjs/common';
import { uvaPadovaSubjects } from '@shuji/models';
import {
  DEFAULT_TWIN_SETTINGS,
  InMemoryTwinEventLog,
  InMemoryTwinSnapshotStore,
  T1dComponentFactory,
  TwinService,
  type TwinEventLog,
  type TwinSettings,
  type TwinSnapshotStore,
} from '@shuji/twin';
import { DataSource } from 'typeorm';
import { PostgresTwinEventLog, PostgresTwinSnapshotStore } from './postgres-twin.store';
import { TwinEventsConsumer } from './twin-events.consumer';
import { TwinController } from './twin.controller';

export interface TwinModuleOptions {
  /**
   * `postgres`: event log and snapshots in the database of the imported PersistenceModule (durable; the
   * platform's choice). `memory` (default): the given stores or fresh in-memory ones (single process, tests).
   */
  readonly storage?: 'memory' | 'postgres';
  readonly eventLog?: TwinEventLog;
  readonly snapshots?: TwinSnapshotStore;
  /** Prior T1D parameters per patient; default: the UVA/Padova subject adult#001 as a phenotype prior. */
  readonly priorOf?: (patientId: string) => Promise<Readonly<Record<string, number>>>;
  readonly settings?: Partial<TwinSettings>;
}

function defaultPrior(): Promise<Readonly<Record<string, number>>> {
  const adult = uvaPadovaSubjects().find((s) => s.name === 'adult#001');
  if (adult === undefined) throw new Error('adult#001 missing from the UVA/Padova subjects');
  return Promise.resolve(adult.parameters);
}

/**
 * The twin: bus consumer (group shuji-twin) and HTTP read API. Needs the global MessagingModule (EventPublisher).
 * Stores default to in-memory (single process); `storage: 'postgres'` keeps them in the platform's database.
 */
@Module({})
export class TwinModule {
  static forRoot(options: TwinModuleOptions = {}): DynamicModule {
    return {
      module: TwinModule,
      controllers: [TwinEventsConsumer, TwinController],
      providers: [
        {
          provide: TwinService,
          useFactory: (dataSource?: DataSource) =>
            new TwinService(
              dataSource ? new PostgresTwinEventLog(dataSource) : (options.eventLog ?? new InMemoryTwinEventLog()),
              dataSource ? new PostgresTwinSnapshotStore(dataSource) : (options.snapshots ?? new InMemoryTwinSnapshotStore()),
              new T1dComponentFactory(options.priorOf ?? defaultPrior),
              { ...DEFAULT_TWIN_SETTINGS, ...options.settings },
            ),
          inject: options.storage === 'postgres' ? [DataSource] : [],
        },
      ],
      exports: [TwinService],
    };
  }
}
