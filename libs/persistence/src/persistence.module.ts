import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditRepository } from './audit.repository';
import { openDatabase, type ShujiDatabase } from './data-source.factory';
import { DATABASE_PROBE, databaseProbe } from './database-probe';
import { DeadLetterRepository } from './dead-letter.repository';
import { ObservationRepository } from './observation.repository';
import { PatientRepository } from './patient.repository';
import { loadPersistenceConfig, type PersistenceConfig } from './persistence-config';
import { ProcessedEventRepository } from './processed-event.repository';
import { PopulationJobRepository } from './population-job.repository';

export const SHUJI_DATABASE = Symbol('SHUJI_DATABASE');

/** Closes the pool and stops the embedded PostgreSQL when the Nest application shuts down. */
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(SHUJI_DATABASE) private readonly database: ShujiDatabase) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}

/** The Nest wrapper: one database per application, the DataSource and every repository as providers. */
@Module({})
export class PersistenceModule {
  static forRoot(config: PersistenceConfig = loadPersistenceConfig()): DynamicModule {
    const repo = <T>(type: new (ds: DataSource) => T) => ({ provide: type, useFactory: (ds: DataSource) => new type(ds), inject: [DataSource] });
    const providers = [
      { provide: SHUJI_DATABASE, useFactory: () => openDatabase(config) },
      { provide: DataSource, useFactory: (db: ShujiDatabase) => db.dataSource, inject: [SHUJI_DATABASE] },
      repo(ObservationRepository),
      repo(PatientRepository),
      repo(DeadLetterRepository),
      repo(AuditRepository),
      repo(ProcessedEventRepository),
      { provide: DATABASE_PROBE, useFactory: (ds: DataSource) => databaseProbe(ds), inject: [DataSource] },
      repo(PopulationJobRepository),
      { provide: DatabaseLifecycle, useFactory: (db: ShujiDatabase) => new DatabaseLifecycle(db), inject: [SHUJI_DATABASE] },
    ];
    return {
      module: PersistenceModule,
      global: true,
      providers,
      exports: [SHUJI_DATABASE, DataSource, DATABASE_PROBE, ObservationRepository, PatientRepository, DeadLetterRepository, AuditRepository, ProcessedEventRepository, PopulationJobRepository],
    };
  }
}
