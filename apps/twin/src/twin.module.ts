import { resolve } from 'node:path';
import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { defaultHybridCalibration } from '@shuji/forecasting';
import { FoundationModel } from '@shuji/foundation-model';
import { uvaPadovaSubjects } from '@shuji/models';
import {
  DEFAULT_TWIN_SETTINGS,
  InMemoryTwinEventLog,
  ComponentRegistry,
  InMemoryTwinSnapshotStore,
  ProfileComponentFactory,
  wholePersonRegistry,
  TwinService,
  type ComponentDescriptor,
  type BatchPersonalisationOptions,
  type TwinEvent,
  type TwinEventLog,
  type TwinSettings,
  type TwinSnapshotStore,
} from '@shuji/twin';
import { ACCESS_AUDIT } from '@shuji/access';
import { AuditRepository, TwinEventRepository, TwinSnapshotRepository } from '@shuji/persistence';
import { DataSource } from 'typeorm';
import { TWIN_BATCH_PERSONALISATION, TwinBatchPersonalisationService } from './twin-batch-personalisation.service';
import { TwinInputsConsumer } from './twin-inputs.consumer';
import { HYBRID_CALIBRATION, TWIN_FOUNDATION_MODEL, TwinReadService } from './twin-read.service';
import { TWIN_PERSONALISATION_AFTER_MIN, TwinPersonalisationService } from './twin-personalisation.service';
import { TwinController } from './twin.controller';
import { TwinUpdateFeed } from './twin-update.feed';
import { MeTwinController } from './me-twin.controller';

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
  /**
   * Components beyond the T1D one, chosen per person by what the twin's log shows of them (docs/architecture.md,
   * "Composition"); registered after it, in this order.
   */
  readonly components?: readonly ComponentDescriptor[];
  readonly settings?: Partial<TwinSettings>;
  /**
   * Folder of the foundation model for the hybrid forecast, relative to the working directory (default
   * models/shuji-fm-v2); null: no FM (the twin answers alone). A model that cannot be loaded is logged and
   * the twin answers alone.
   */
  readonly foundationModelDir?: string | null;
  /**
   * Minutes of a twin's data (with a logged meal) after which the FM's personalisation head redraws its personal
   * parameters (default 720; null: never, the twin keeps the prior it started with).
   */
  readonly personaliseAfterMin?: number | null;
  /**
   * The batch personalisation (a MAP fit of the log at each day of data, over the first three days; see
   * TwinBatchPersonalisationService). Default on with its defaults; null: off.
   */
  readonly batchPersonalisation?: BatchPersonalisationOptions | null;
}

async function loadFoundationModel(dir: string | null): Promise<FoundationModel | null> {
  const logger = new Logger('twin-forecast');
  if (dir === null) return null;
  try {
    const model = await FoundationModel.load({ modelDir: resolve(dir), logger });
    logger.log(`hybrid forecasts with ${model.name} on ${model.provider}`);
    return model;
  } catch (err) {
    logger.warn(`no foundation model from ${resolve(dir)} (${err instanceof Error ? err.message : String(err)}): forecasts come from the twin alone`);
    return null;
  }
}

function defaultPrior(): Promise<Readonly<Record<string, number>>> {
  const adult = uvaPadovaSubjects().find((s) => s.name === 'adult#001');
  if (adult === undefined) throw new Error('adult#001 missing from the UVA/Padova subjects');
  return Promise.resolve(adult.parameters);
}

/** The product's registry: T1D glucose, body weight, blood pressure, then the options' components. */
export function twinComponentRegistry(options: Pick<TwinModuleOptions, 'priorOf' | 'components'>): ComponentRegistry {
  const registry = wholePersonRegistry(options.priorOf ?? defaultPrior);
  for (const descriptor of options.components ?? []) registry.register(descriptor);
  return registry;
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
      controllers: [TwinInputsConsumer, TwinController, MeTwinController],
      providers: [
        TwinReadService,
        TwinUpdateFeed,
        TwinController,
        TwinPersonalisationService,
        TwinBatchPersonalisationService,
        { provide: TWIN_BATCH_PERSONALISATION, useValue: options.batchPersonalisation === undefined ? {} : options.batchPersonalisation },
        { provide: TWIN_PERSONALISATION_AFTER_MIN, useValue: options.personaliseAfterMin === undefined ? 720 : options.personaliseAfterMin },
        { provide: TWIN_FOUNDATION_MODEL, useFactory: () => loadFoundationModel(options.foundationModelDir === undefined ? 'models/shuji-fm-v2' : options.foundationModelDir) },
        { provide: HYBRID_CALIBRATION, useFactory: defaultHybridCalibration },
        // reads of a twin and refusals go to the platform's audit log (none with in-memory stores: tests)
        // the platform's one AuditRepository, so that all reads' rows are committed together (group commit)
        { provide: ACCESS_AUDIT, useFactory: (audit?: AuditRepository) => audit, inject: options.storage === 'postgres' ? [AuditRepository] : [] },
        {
          provide: TwinService,
          useFactory: (dataSource?: DataSource) =>
            new TwinService(
              dataSource ? new TwinEventRepository<TwinEvent>(dataSource) : (options.eventLog ?? new InMemoryTwinEventLog()),
              dataSource ? new TwinSnapshotRepository(dataSource) : (options.snapshots ?? new InMemoryTwinSnapshotStore()),
              new ProfileComponentFactory(twinComponentRegistry(options)),
              { ...DEFAULT_TWIN_SETTINGS, ...options.settings },
            ),
          inject: options.storage === 'postgres' ? [DataSource] : [],
        },
      ],
      exports: [TwinService],
    };
  }
}
