import { Module, type DynamicModule } from '@nestjs/common';
import { ACCESS_AUDIT } from '@shuji/access';
import { AuditRepository } from '@shuji/persistence';
import { defaultOptimiseRegistry, defaultWhatIfRegistry } from '@shuji/recommend';
import { DataSource } from 'typeorm';
import { DEFAULT_SIMULATION_JOB_OPTIONS, OPTIMISE_REGISTRY, SIMULATION_JOB_OPTIONS, SimulationJobsService, WHAT_IF_REGISTRY, type SimulationJobOptions } from './simulation-jobs.service';
import { SimulationsController } from './simulations.controller';
import { WarfarinDoseController } from './warfarin-dose.controller';

/** The recommendation endpoints; imported by apps/platform (the bearer guard needs AccessModule at the root). */
@Module({ controllers: [WarfarinDoseController] })
export class RecommendModule {
  /**
   * With the what-if simulations and settings recommendations of twins: `twins` is the module that exports the TwinService holding them (the
   * platform passes its TwinModule). Reads and refusals are audited in the database when there is one.
   */
  static withSimulations(twins: DynamicModule, options: Partial<SimulationJobOptions> = {}): DynamicModule {
    return {
      module: RecommendModule,
      imports: [twins],
      controllers: [SimulationsController],
      providers: [
        SimulationJobsService,
        { provide: WHAT_IF_REGISTRY, useFactory: defaultWhatIfRegistry },
        { provide: OPTIMISE_REGISTRY, useFactory: defaultOptimiseRegistry },
        { provide: SIMULATION_JOB_OPTIONS, useValue: { ...DEFAULT_SIMULATION_JOB_OPTIONS, ...options } },
        { provide: ACCESS_AUDIT, useFactory: (dataSource?: DataSource) => (dataSource ? new AuditRepository(dataSource) : undefined), inject: [{ token: DataSource, optional: true }] },
      ],
    };
  }
}
